import type { Migration } from './migration.js';

/** Where a checkpoint came from (data set, preprocessing, training settings), for checkpoints installed rather than trained here. */
export const checkpointLineageMigration: Migration = {
  version: 3,
  name: 'checkpoint-lineage',
  changesExistingTables: true,
  up(db) {
    db.exec('ALTER TABLE checkpoints ADD COLUMN lineage TEXT');
  },
};
