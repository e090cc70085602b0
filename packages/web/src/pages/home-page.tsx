import { useState } from 'react';
import { ApiError, request } from '../api/client.js';
import { RunPipelineDocument, RunsDocument } from '../api/generated.js';
import { asApiError, useApi } from '../api/use-api.js';
import { allComponents, checkpointsMatching, requirementOf, useCatalog } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import { ImageGrid } from '../components/image-grid.js';
import { navigate } from '../router.js';

const latestRuns = { first: 12, filter: { kind: 'pipeline' as const, status: ['succeeded' as const] } };

/** The latest results at once, and one-click example pipelines for the generators present. */
export function HomePage() {
  const runs = useApi(RunsDocument, latestRuns);
  const catalog = useCatalog();
  const [error, setError] = useState<ApiError | null>(null);
  const images = (runs.data?.runs.edges ?? []).flatMap((e) => e.node.artifacts.filter((a) => a.mime.startsWith('image/')).map((artifact) => ({ artifact }))).slice(0, 48);
  const sources = allComponents(catalog.data).filter((c) => c.kind === 'editor' && c.inputs === 0 && requirementOf(c)?.capability === 'generate');
  const tries = sources.flatMap((source) => {
    const newest = new Map(checkpointsMatching(requirementOf(source), catalog.data).map((c) => [c.name, c]));
    return [...newest.values()].slice(0, 3).map((checkpoint) => ({ source, checkpoint }));
  });
  const tryIt = async (use: string, checkpoint: string) => {
    const spec = {
      name: `try-${use}`,
      steps: [
        { id: 'generate', use, with: { checkpoint, count: 16 } },
        { id: 'sheet', use: 'image.grid', with: { columns: 4 } },
      ],
    };
    try {
      const { runPipeline } = await request(RunPipelineDocument, { spec, seed: Math.floor(Math.random() * 1e6) });
      navigate(`/runs/${runPipeline.id}`);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Latest results</h1>
      {tries.length > 0 && (
        <div className="try" role="group" aria-label="Try it">
          <h2>Try it</h2>
          {tries.map(({ source, checkpoint }) => (
            <button key={`${source.id}/${checkpoint.id}`} type="button" onClick={() => tryIt(source.id, checkpoint.name)}>
              {source.title}: {checkpoint.name}
            </button>
          ))}
        </div>
      )}
      <ErrorMessage error={error ?? runs.error ?? catalog.error} onRetry={runs.reload} />
      {runs.loading && !runs.data ? <p className="muted">Loading…</p> : <ImageGrid images={images} emptyText="No results yet: compose a pipeline or train a model." />}
    </section>
  );
}
