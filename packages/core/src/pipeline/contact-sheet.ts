import type { BatchRecord } from '../contracts/records.js';
import type { ArtifactRecord, RunRecord } from '../contracts/records.js';
import type { Sweep } from './sweep.js';

/**
 * The contact sheet of a finished batch as a pipeline spec: each run's first image of its last saved
 * step, a row per parameter value and a column per seed. Null until every run succeeded with an image.
 */
export function contactSheetSpec(batch: BatchRecord, runs: RunRecord[], imagesOf: (runId: string) => ArtifactRecord[]): Record<string, unknown> | null {
  if (runs.length === 0 || runs.some((run) => run.status !== 'succeeded')) return null;
  const ids: string[] = [];
  for (const run of runs) {
    const images = imagesOf(run.id).filter((artifact) => artifact.kind === 'image');
    const lastStep = images.at(-1)?.stepId;
    const first = images.find((artifact) => artifact.stepId === lastStep && artifact.index === 0) ?? images.at(-1);
    if (!first) return null;
    ids.push(first.id);
  }
  // Runs are queued seed by seed (every value of the first seed, then the next seed): transpose.
  const seeds = (batch.sweep as Sweep).seeds?.length ?? 1;
  const values = ids.length / seeds;
  const ordered = Array.from({ length: ids.length }, (_, i) => ids[(i % seeds) * values + Math.floor(i / seeds)]);
  return {
    name: `contact-sheet-${batch.id}`,
    steps: [
      { id: 'images', use: 'image.artifacts', with: { ids: ordered }, save: false },
      { id: 'sheet', use: 'image.grid', with: { columns: seeds } },
    ],
  };
}
