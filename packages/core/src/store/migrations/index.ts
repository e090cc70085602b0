import { initialMigration } from './001-initial.js';
import { stepCacheBatchesMigration } from './002-step-cache-batches.js';
import { checkpointLineageMigration } from './003-checkpoint-lineage.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export { runMigrations } from './migrator.js';

/** Every migration, in order. Append new ones; never edit one that has shipped. */
export const migrations: readonly Migration[] = [initialMigration, stepCacheBatchesMigration, checkpointLineageMigration];
