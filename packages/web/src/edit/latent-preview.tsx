import { useEffect, useRef, useState } from 'react';
import { asApiError } from '../api/use-api.js';
import { useCatalog } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import type { BrowserGenerator, LatentModel } from './browser-generator.js';

/** The model of a checkpoint that draws images from latents (kept here: tfjs loads only on demand). */
const latentModelOf = (models: string[]): LatentModel | null => (models.includes('generator') ? 'generator' : models.includes('decoder') ? 'decoder' : null);

/** Drag between two seeds' latents; the page renders each frame with the checkpoint's own generator or decoder. */
export function LatentPreview() {
  const catalog = useCatalog();
  const generators = (catalog.data?.checkpoints ?? []).filter((c) => latentModelOf(c.models) !== null);
  const [checkpointId, setCheckpointId] = useState('');
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(2);
  const [t, setT] = useState(0);
  const [generator, setGenerator] = useState<BrowserGenerator | null>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'ready'>('idle');
  const [error, setError] = useState<Error | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const chosen = checkpointId || generators[0]?.id || '';
  const checkpoint = generators.find((c) => c.id === chosen);
  const model = latentModelOf(checkpoint?.models ?? []);
  const categories = Number((checkpoint?.hyperparameters as { latentCategories?: number } | null)?.latentCategories ?? 0);

  useEffect(() => {
    if (!chosen || !model) return;
    let current = true;
    let loaded: BrowserGenerator | null = null;
    setState('loading');
    import('./browser-generator.js')
      .then(({ loadBrowserGenerator }) => loadBrowserGenerator(chosen, model, categories))
      .then((g) => {
        loaded = g;
        if (!current) return g.dispose();
        setGenerator(g);
        setState('ready');
      })
      .catch((e: unknown) => current && setError(asApiError(e)));
    return () => {
      current = false;
      loaded?.dispose();
      setGenerator(null);
    };
  }, [chosen, model, categories]);

  useEffect(() => {
    if (generator && canvas.current) generator.render(canvas.current, from, to, t).catch((e: unknown) => setError(asApiError(e)));
  }, [generator, from, to, t]);

  if (generators.length === 0) return <p className="muted">Train a GAN or a VAE (Train page) to explore its latent space here.</p>;
  return (
    <div className="latent">
      <div className="toolbar">
        <label>
          Generator{' '}
          <select value={chosen} onChange={(e) => setCheckpointId(e.target.value)}>
            {generators.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.family}, step {c.step})
              </option>
            ))}
          </select>
        </label>
        <label>
          From seed <input type="number" value={from} onChange={(e) => setFrom(Number(e.target.value))} />
        </label>
        <label>
          To seed <input type="number" value={to} onChange={(e) => setTo(Number(e.target.value))} />
        </label>
      </div>
      <label className="slider">
        Interpolation position {t.toFixed(2)}
        <input type="range" min={0} max={1} step={0.01} value={t} onChange={(e) => setT(Number(e.target.value))} aria-label="Interpolation position" disabled={state !== 'ready'} />
      </label>
      <canvas ref={canvas} className="preview" aria-label="Latent preview" data-state={state} />
      {state === 'loading' && <p className="muted">Loading the generator into the page…</p>}
      <ErrorMessage error={error} />
    </div>
  );
}
