import cliProgress from 'cli-progress';
import type { Atelier, RunEvent } from '@atelier/core';

/** A progress bar on stderr for one run's steps or training steps; silent when stderr is no TTY. */
export function showProgress(atelier: Atelier, runId: string, total: number, unit: string): () => void {
  const bar = new cliProgress.SingleBar(
    { format: `{bar} {value}/{total} ${unit} {info}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { info: '' });
  let done = 0;
  const unsubscribe = atelier.events.subscribe(runId, (event: RunEvent) => {
    if (event.type === 'step' && event.status !== 'running') bar.update(++done, { info: `${event.stepId} ${event.status}` });
    if (event.type === 'training') {
      const { step, totalSteps, losses, epoch } = event.progress;
      if (totalSteps && totalSteps !== bar.getTotal()) bar.setTotal(totalSteps);
      const info = Object.entries(losses).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ');
      bar.update(step, { info: `epoch ${epoch} ${info}` });
    }
  });
  return () => {
    unsubscribe();
    bar.stop();
  };
}
