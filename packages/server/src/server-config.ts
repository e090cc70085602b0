import { AtelierError, configFileSchema, limitsConfigSchema, parseConfigFile, readConfigFile, z, type ConfigFile } from '@atelier/core';

/** The server's keys of `limits`: what one GraphQL operation and one client may ask for. */
const serverLimitsSchema = z.object({
  maxQueryDepth: z.number().int().positive().default(12),
  /** `first` of a paginated list (`runs`). */
  maxListSize: z.number().int().positive().default(200),
  /** Fields an operation may select, lists counted `first` times (see the query cost rule). */
  maxQueryCost: z.number().int().positive().default(10_000),
  maxRunsPerRequest: z.number().int().positive().default(8),
  maxRunsPerClientPerMinute: z.number().int().positive().default(120),
  /** Operations (subscriptions mostly) one websocket may have open at once. */
  maxSubscriptionsPerSocket: z.number().int().positive().default(100),
});

const portSchema = z.number().int().min(0).max(65535);

/** Settings the file gives as they are used, shared by the file's schema and the resolved config's. */
const settings = {
  host: z.string().default('127.0.0.1'),
  /** `Host` values accepted besides loopback ones when no token is set, e.g. `atelier.lan:4000`. */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /** Origins (`scheme://host:port`) of other sites whose pages may call this server. */
  allowedOrigins: z.array(z.string().min(1)).default([]),
  limits: serverLimitsSchema.default(serverLimitsSchema.parse({})),
};

/** The server's keys of `atelier.config.json`; core reads the others from the same file. */
const serverFileSchema = z.object({ port: portSchema.default(4000), ...settings });

/** Every key the file may hold, core's and the server's: a key neither knows (a typo) is refused. */
const strictConfigFileSchema = configFileSchema
  .extend(serverFileSchema.shape)
  .extend({ limits: limitsConfigSchema.extend(serverLimitsSchema.shape).strict().optional() })
  .strict();

/** What the server listens on, whom it answers and how much one request may ask for. */
export const serverConfigSchema = z.object({
  port: portSchema,
  /** When set (`ATELIER_TOKEN`), every operation, websocket and media request needs `Authorization: Bearer <token>`. */
  token: z.string().min(1).nullable(),
  ...settings,
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerLimits = ServerConfig['limits'];

/**
 * The server's configuration from `atelier.config.json` (in `cwd` or `ATELIER_CONFIG`, the file core
 * reads) and the environment (`ATELIER_PORT`, `ATELIER_TOKEN`) on top, then `overrides`.
 */
export function loadServerConfig(options: { cwd?: string; env?: NodeJS.ProcessEnv; overrides?: Partial<ServerConfig> } = {}): ServerConfig {
  const env = options.env ?? process.env;
  const file = readConfigFile({ cwd: options.cwd, env });
  checkConfigFile(file);
  const fromFile = parseConfigFile(file, serverFileSchema);
  const port = env.ATELIER_PORT !== undefined ? Number(env.ATELIER_PORT) : fromFile.port;
  if (!portSchema.safeParse(port).success) {
    throw new AtelierError('BAD_USER_INPUT', `ATELIER_PORT must be an integer in 0…65535; got "${env.ATELIER_PORT}"`, {
      path: 'ATELIER_PORT',
      limit: 65535,
    });
  }
  return serverConfigSchema.parse({ ...fromFile, port, token: env.ATELIER_TOKEN || null, ...options.overrides });
}

/** Refuses a config file with a key that neither core nor the server reads, naming it; every composition root of this package checks. */
export function checkConfigFile(file: ConfigFile = readConfigFile()): void {
  parseConfigFile(file, strictConfigFileSchema);
}
