export * from './records.js';
export { openDatabase } from './database.js';
export { homePaths } from './home-paths.js';
export { migrations, runMigrations, type Migration } from './migrations/index.js';
export { SqliteRunStore } from './run-store.js';
export { FileArtifactStore } from './artifact-store.js';
export { FileCheckpointStore } from './checkpoint-store.js';
export { SqlitePipelineStore } from './pipeline-store.js';
export { fileLoadHandler, fileSaveHandler } from './tfjs-io.js';
