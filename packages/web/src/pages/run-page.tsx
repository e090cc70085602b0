import { useEffect, useState } from 'react';
import { request } from '../api/client.js';
import { CancelRunDocument, RunDocument, RunPipelineDocument, type RunQuery } from '../api/generated.js';
import { asApiError, useApi } from '../api/use-api.js';
import { ErrorMessage } from '../components/error-message.js';
import { ImageGrid, type GridImage } from '../components/image-grid.js';
import { randomSeed } from '../compose/spec.js';
import { navigate } from '../router.js';
import { LossChart } from '../train/loss-chart.js';
import { useRunEvents, type LossPoint } from './use-run-events.js';

const finished = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);
type RunDetails = NonNullable<RunQuery['run']>;

/** Per-image label and score of a classifier step, when the step recorded them. */
function imageLabel(run: RunDetails, stepId: string | null, index: number | null): string | undefined {
  const meta = run.steps.find((s) => s.stepId === stepId)?.imageMeta[index ?? -1] as { labelName?: string; confidence?: number } | undefined;
  if (!meta?.labelName) return undefined;
  return meta.confidence === undefined ? meta.labelName : `${meta.labelName} ${(meta.confidence * 100).toFixed(0)}%`;
}

/** Live losses while training runs; the losses the run recorded once it has finished. */
function lossPoints(run: RunDetails, live: LossPoint[]): LossPoint[] {
  const recorded = ((run.result as { losses?: Array<Record<string, number>> }).losses ?? []).map(({ step, epoch: _epoch, ...losses }) => ({ step, losses }));
  return recorded.length >= live.length ? recorded : live;
}

type StepRow = Pick<RunDetails['steps'][number], 'stepId' | 'use' | 'status' | 'durationMs' | 'error'>;

/** The recorded steps; before the run starts, the steps its spec names. */
function stepRows(run: RunDetails): StepRow[] {
  if (run.steps.length > 0) return run.steps;
  const planned = (run.spec as { steps?: { id: string; use: string }[] }).steps ?? [];
  return planned.map((s) => ({ stepId: s.id, use: s.use, status: 'pending', durationMs: null, error: null }));
}

/** One run: live progress while it runs, then spec, seed, engine, timings, errors and images. */
export function RunPage({ id }: { id: string }) {
  const query = useApi(RunDocument, { id });
  const live = useRunEvents(id);
  const [error, setError] = useState<Error | null>(null);
  const run = query.data?.run;
  const status = live.status ?? run?.status;
  const reload = query.reload;
  // Steps are recorded as the run starts, and its timings and images once it ends.
  useEffect(() => {
    if (status === 'running' || (status && finished.has(status))) reload();
  }, [status, reload]);

  if (query.error && !run) return <ErrorMessage error={query.error} onRetry={query.reload} />;
  if (!run) return <p className="muted">Loading run…</p>;
  const artifacts = [...run.artifacts, ...live.artifacts.filter((a) => !run.artifacts.some((r) => r.id === a.id))];
  const images: GridImage[] = artifacts.filter((a) => a.mime.startsWith('image/')).map((artifact) => ({ artifact, label: imageLabel(run, artifact.stepId, artifact.index) }));
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const runAgain = (seed: number) =>
    act(async () => {
      const { runPipeline } = await request(RunPipelineDocument, { spec: run.spec, seed });
      navigate(`/runs/${runPipeline.id}`);
    });
  const runError = live.runError ?? run.error;
  return (
    <section aria-labelledby="run-title" className="run">
      <h1 id="run-title">
        {run.kind === 'training' ? 'Training' : 'Run'} {run.name ?? run.id}
      </h1>
      <p>
        Status: <strong data-testid="run-status">{status}</strong> · seed {run.seed} · {run.engine ? `engine ${run.engine.backend} (tfjs ${run.engine.tfjsVersion})` : 'engine not yet assigned'} · created{' '}
        {new Date(run.createdAt).toLocaleString()}
        {run.finishedAt && run.startedAt && ` · took ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`}
      </p>
      <div className="toolbar">
        {status && !finished.has(status) && (
          <button type="button" className="danger" onClick={() => act(async () => void (await request(CancelRunDocument, { id })))}>
            Cancel run
          </button>
        )}
        {run.kind === 'pipeline' && (
          <>
            <button type="button" onClick={() => runAgain(run.seed)}>
              Run again
            </button>
            <button type="button" onClick={() => runAgain(randomSeed())}>
              Run again with a new seed
            </button>
          </>
        )}
      </div>
      <ErrorMessage error={error ?? live.error} />
      {runError && (
        <div className="error" role="alert">
          <strong>{runError.code}:</strong> {runError.message}
        </div>
      )}
      {run.kind === 'training' && (
        <>
          <h2>Losses</h2>
          <LossChart points={lossPoints(run, live.losses)} totalSteps={live.totalSteps} />
        </>
      )}
      {run.steps.length > 0 || run.kind === 'pipeline' ? <h2>Steps</h2> : null}
      <ol className="steps" aria-label="Steps">
        {stepRows(run).map((step) => {
          const now = live.steps[step.stepId];
          const stepStatus = finished.has(status ?? '') ? step.status : (now?.status ?? step.status);
          return (
            <li key={step.stepId} data-status={stepStatus}>
              <code>{step.stepId}</code> {step.use} — <span className="step-status">{stepStatus}</span>
              {now?.fraction !== undefined && stepStatus === 'running' && <progress value={now.fraction} max={1} aria-label={`${step.stepId} progress`} />}
              {step.durationMs !== null && ` ${step.durationMs.toFixed(0)} ms`}
              {step.error && <span className="field-error"> {step.error.message}</span>}
            </li>
          );
        })}
      </ol>
      <h2>Images</h2>
      <ImageGrid images={images} emptyText={status && finished.has(status) ? 'This run wrote no images.' : 'Images appear here as they are written.'} />
      <details>
        <summary>Spec</summary>
        <pre>{JSON.stringify(run.spec, null, 2)}</pre>
      </details>
      {run.kind === 'training' && (
        <details>
          <summary>Result (checkpoint, metrics, losses)</summary>
          <pre>{JSON.stringify(run.result, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}
