import path from 'node:path';
import type { HomePaths } from '../contracts/records.js';

/** The fixed layout of a home folder; `tmp/` sits inside it so a rename out of it never crosses file systems. */
export function homePaths(home: string): HomePaths {
  const root = path.resolve(home);
  return {
    home: root,
    database: path.join(root, 'atelier.db'),
    artifacts: path.join(root, 'artifacts'),
    checkpoints: path.join(root, 'checkpoints'),
    datasets: path.join(root, 'datasets'),
    tmp: path.join(root, 'tmp'),
  };
}
