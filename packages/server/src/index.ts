export { startServer, type RunningServer, type StartServerOptions } from './http/start-server.js';
export type * from './schema/types.js';
export { loadServerConfig, serverConfigSchema, type ServerConfig } from './server-config.js';
