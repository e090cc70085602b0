import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { AtelierError, type Atelier } from '@atelier/core';
import express from 'express';
import { specifiedRules, validate, type GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { pino, type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { forbiddenError, formatError, httpErrorBody, tooManySubscriptionsError, unauthenticatedError } from '../errors.js';
import { resolvers, type ServerContext } from '../resolvers/index.js';
import { depthLimitRule } from '../schema/depth-limit.js';
import { queryCostRule } from '../schema/query-cost.js';
import { runsPerOperationRule } from '../schema/runs-per-operation.js';
import { buildExecutableSchema, loadTypeDefs } from '../schema/executable-schema.js';
import { artifactsHandler } from './artifacts-route.js';
import { isAuthorized, isLoopbackHost } from './auth.js';
import { hostOriginRefusal, type HostOriginPolicy } from './host-origin.js';
import { RunRate } from './run-rate.js';
import { bodyErrors } from './body-errors.js';
import { landingPage } from './landing-page.js';
import { MediaAccess } from './media-access.js';
import { mediaRoutes } from './media-routes.js';
import { requestLogging } from './request-logging.js';
import { securityHeaders } from './security-headers.js';
import { webClient } from './web-client.js';
import type { ServerConfig } from '../server-config.js';

export interface StartServerOptions {
  atelier: Atelier;
  /** Port, host, token, allowed hosts and origins, and the per-request limits (`loadServerConfig`). */
  config: ServerConfig;
  /** Allows a non-loopback host without a token. */
  insecure?: boolean;
  /** Keeps stack traces and internal error messages in responses (default: ATELIER_DEBUG is set). */
  debug?: boolean;
  logger?: Logger;
}

export interface RunningServer {
  /** `http://host:port`, without a trailing slash; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Apollo Server over Express 5 at `/graphql`, graphql-ws subscriptions on the same port and path,
 * artifacts at `/artifacts/:id`, `/healthz`, and an offline GraphiQL. Closing drains HTTP and
 * websocket connections; the caller still owns (and closes) the Atelier.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { atelier, config } = options;
  const { host, token } = config;
  if (!token && !isLoopbackHost(host) && !options.insecure) {
    throw new AtelierError(
      'BAD_USER_INPUT',
      `Refusing to listen on ${host} without a token: set ATELIER_TOKEN, listen on 127.0.0.1, or pass --insecure`,
      { path: 'host' },
    );
  }
  const debug = options.debug ?? Boolean(process.env.ATELIER_DEBUG);
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const limits = config.limits;
  const schema = buildExecutableSchema(loadTypeDefs(), resolvers);
  const validationRules = [
    depthLimitRule(limits.maxQueryDepth),
    queryCostRule(limits.maxQueryCost, limits.maxListSize),
    runsPerOperationRule(limits.maxRunsPerRequest),
  ];
  const format = (error: GraphQLError, defaultCode?: string) => formatError(error.toJSON(), error, { debug, defaultCode });
  const policy: HostOriginPolicy = { token, allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins };
  const runRate = new RunRate(limits.maxRunsPerClientPerMinute);
  const contextFor = (client: string | undefined, transport: Record<string, string>): ServerContext => ({
    atelier,
    limits,
    logger: logger.child(transport),
    debug,
    admitRun: (runs = 1) => runRate.admit(client ?? 'unknown', runs),
  });

  const app = express();
  app.disable('x-powered-by');
  // Before every route, so refusals and errors carry them too.
  app.use(securityHeaders());
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    // Checked with a token too: a page on another site must not drive a user's authorised session.
    verifyClient: ({ req }, done) => {
      const refusal = hostOriginRefusal(req.headers, policy);
      if (refusal) done(false, 403, refusal.message);
      else done(true);
    },
  });
  const wsCleanup = useServer<{ authorization?: unknown }>(
    {
      schema,
      validate: (wsSchema, document) => validate(wsSchema, document, [...specifiedRules, ...validationRules]),
      onConnect: (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.extra.request.headers.authorization;
        if (isAuthorized(authorization, token)) return true;
        ctx.extra.socket.close(CloseCode.Unauthorized, 'UNAUTHENTICATED: a valid bearer token is required');
        return false;
      },
      // graphql-ws has already reserved this operation's id when it asks, so it counts itself.
      onSubscribe: (ctx) => {
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) return [tooManySubscriptionsError(limits.maxSubscriptionsPerSocket)];
      },
      context: (ctx): ServerContext => contextFor(ctx.extra.request.socket.remoteAddress, { transport: 'ws' }),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => format(e)) } : undefined),
      // graphql-ws reports parse and validation failures here (which Apollo would code the same way) and onSubscribe's refusals.
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e, 'GRAPHQL_VALIDATION_FAILED')),
    },
    wsServer,
  );

  const apollo = new ApolloServer<ServerContext>({
    schema,
    validationRules,
    introspection: true,
    includeStacktraceInErrorResponses: debug,
    formatError: (formatted, error) => formatError(formatted, error, { debug }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      // Apollo's default landing page loads from a CDN; ours is served from installed packages.
      ApolloServerPluginLandingPageDisabled(),
      requestLogging(),
    ],
  });
  await apollo.start();

  // Base64 grows data by 4/3; the margin leaves room for the rest of the operation.
  const { maxUploadBytes } = atelier.config.limits;
  const bodyLimit = Math.ceil((maxUploadBytes * 4) / 3) + 64 * 1024;
  app.use((req, res, next) => {
    const refusal = hostOriginRefusal(req.headers, policy);
    if (!refusal) return next();
    const { status, body } = httpErrorBody(forbiddenError(refusal.message, refusal.reason));
    res.status(status).json(body);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, backend: atelier.engine.report().backend });
  });
  app.use(landingPage());
  app.use(webClient());
  const media = new MediaAccess(token);
  app.use(mediaRoutes(atelier, media, token));
  app.get('/artifacts/:id', artifactsHandler(atelier, media, logger));
  app.use(
    '/graphql',
    // Before the body parser: an unauthorised client costs no parsing of its (possibly large) body.
    (req, res, next) => {
      if (isAuthorized(req.headers.authorization, token)) return next();
      const { status, body } = httpErrorBody(unauthenticatedError());
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(status).json(body);
    },
    express.json({ limit: bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(req.socket.remoteAddress, { reqId: randomUUID() }),
    }),
  );
  app.use(bodyErrors(maxUploadBytes));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  logger.info({ url, graphql: `${url}/graphql`, auth: token ? 'bearer' : 'off', backend: atelier.engine.report().backend }, 'server listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closing ??= apollo.stop();
      return closing;
    },
  };
}
