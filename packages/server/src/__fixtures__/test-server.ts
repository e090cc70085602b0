import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAtelier, loadConfig, type Atelier, type LimitsConfig, type QueueConfig, type ArtifactStoreConfig } from '@atelier/core';
import { modulePath, rowCounts } from '@atelier/core/testing';
import { pino } from 'pino';
import { resolvePlugin } from '../plugin-resolver.js';
import { startServer, type RunningServer } from '../http/start-server.js';
import { loadServerConfig, type ServerConfig, type ServerLimits } from '../server-config.js';
import { pngImage } from './png.js';

/** The `test.wait` plugin's module, which the server and every worker load. */
export const waitPluginModule = new URL('./wait-plugin.ts', import.meta.url);

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions: Record<string, unknown> & { code: string } }[];
}

export interface TestServer {
  url: string;
  atelier: Atelier;
  /** The server's own settings it was started with (its limits among them). */
  config: ServerConfig;
  server: RunningServer;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Uploads `count` small PNGs into a data set. */
  uploadDataset(name: string, count: number): Promise<void>;
  /** Row counts of every table, to prove a rejected request changed nothing. */
  rowCounts(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * The real server on an ephemeral loopback port, over a real Atelier on a temp home with the
 * built-in image plugin, the `test.wait` step and any model plugins a test names.
 */
export async function startTestServer(
  options: {
    token?: string;
    /** Core's and the server's limits alike; each side takes its own. */
    limits?: Partial<LimitsConfig & ServerLimits>;
    debug?: boolean;
    /** Plugin modules as paths or `file:` URLs. */
    plugins?: (string | URL)[];
    workers?: number;
    cancelGraceMs?: number;
    config?: Partial<Pick<ServerConfig, 'allowedHosts' | 'allowedOrigins'>>;
    /** An existing home to serve (kept on close); default: a fresh temp home, removed on close. */
    home?: string;
    queue?: QueueConfig;
    artifactStore?: ArtifactStoreConfig;
  } = {},
): Promise<TestServer> {
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-server-'));
  const defaults = loadConfig({ cwd: home, env: {} });
  const config = loadConfig({
    cwd: home,
    env: {},
    overrides: {
      home,
      plugins: [],
      backend: 'wasm',
      workers: options.workers ?? 1,
      cancelGraceMs: options.cancelGraceMs ?? defaults.cancelGraceMs,
      limits: { ...defaults.limits, ...options.limits },
      queue: options.queue ?? defaults.queue,
      artifactStore: options.artifactStore ?? defaults.artifactStore,
    },
  });
  const serverDefaults = loadServerConfig({ cwd: home, env: {} });
  const serverConfig = loadServerConfig({
    cwd: home,
    env: {},
    overrides: { port: 0, host: '127.0.0.1', token: options.token ?? null, limits: { ...serverDefaults.limits, ...options.limits }, ...options.config },
  });
  const atelier = await createAtelier({ config, resolver: resolvePlugin, plugins: [waitPluginModule, ...(options.plugins ?? [])].map(modulePath) });
  const server = await startServer({
    atelier,
    config: serverConfig,
    debug: options.debug,
    logger: pino({ level: 'silent' }),
  });
  const gql: TestServer['gql'] = async (query, variables, headers) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...(await response.json()) };
  };
  let closing: Promise<void> | null = null;
  return {
    url: server.url,
    atelier,
    config: serverConfig,
    server,
    gql,
    async uploadDataset(name, count) {
      const images = Array.from({ length: count }, (_, i) => ({ data: pngImage(i).toString('base64') }));
      const result = await gql(`mutation($name: String!, $images: [ImageUpload!]!) { uploadImages(dataset: $name, images: $images) { count } }`, {
        name,
        images,
      });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    },
    rowCounts: () => rowCounts(home),
    close() {
      // Idempotent, so a test may close early and its afterEach still close safely.
      closing ??= (async () => {
        await server.close();
        await atelier.close({ cancelRunning: true });
        if (!options.home) fs.rmSync(home, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
