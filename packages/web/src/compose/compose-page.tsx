import { useEffect, useState } from 'react';
import { request, type ApiIssue } from '../api/client.js';
import { RunPipelineDocument, SavePipelineDocument, ValidatePipelineDocument } from '../api/generated.js';
import { asApiError } from '../api/use-api.js';
import { allComponents, checkpointsMatching, requirementOf, useCatalog, type Component } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import { navigate, type Route } from '../router.js';
import { SpecJson } from './spec-json.js';
import { emptySpec, issuesByField, newStepId, randomSeed, type PipelineSpec } from './spec.js';
import { StepCard } from './step-card.js';

const validateDelayMs = 250;

/** Build a generate-then-edit pipeline from the plugin list, validated live, then run it. */
export function ComposePage({ route }: { route: Route }) {
  const catalog = useCatalog();
  const components = allComponents(catalog.data);
  const [spec, setSpec] = useState<PipelineSpec>(() => ({ ...emptySpec, seed: randomSeed() }));
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const sources = components.filter((c) => c.kind === 'editor' && c.inputs === 0);
  const edits = components.filter((c) => c.kind === 'editor' && (c.inputs ?? 1) > 0);

  const wanted = route.query.get('pipeline');
  useEffect(() => {
    const pipeline = catalog.data?.pipelines.find((p) => p.name === wanted);
    if (pipeline) setSpec({ ...(pipeline.spec as PipelineSpec), name: pipeline.name });
  }, [wanted, catalog.data]);

  const specKey = JSON.stringify(spec);
  useEffect(() => {
    if (spec.steps.length === 0) return setIssues([]);
    let current = true;
    const timer = setTimeout(() => {
      request(ValidatePipelineDocument, { spec })
        .then(({ validatePipeline }) => current && setIssues(validatePipeline.issues))
        .catch((e: unknown) => current && setError(asApiError(e)));
    }, validateDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [specKey]);

  const addStep = (component: Component) => {
    const checkpoint = checkpointsMatching(requirementOf(component), catalog.data)[0];
    const params = requirementOf(component) && checkpoint ? { checkpoint: checkpoint.name } : {};
    setSpec((s) => ({ ...s, steps: [...s.steps, { id: newStepId(component.id, s.steps), use: component.id, with: params }] }));
  };
  const run = async () => {
    setError(null);
    try {
      const { runPipeline } = await request(RunPipelineDocument, { spec, seed: spec.seed });
      navigate(`/runs/${runPipeline.id}`);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const save = async () => {
    setError(null);
    try {
      const { savePipeline } = await request(SavePipelineDocument, { name: spec.name ?? '', spec });
      setSaved(savePipeline.name);
      catalog.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const specIssues = issues.filter((i) => i.step === null || !spec.steps.some((s) => s.id === i.step));

  return (
    <section aria-labelledby="compose-title" className="compose">
      <h1 id="compose-title">Compose</h1>
      <div className="toolbar">
        <label>
          Name <input value={spec.name ?? ''} onChange={(e) => setSpec({ ...spec, name: e.target.value })} />
        </label>
        <label>
          Seed <input type="number" value={spec.seed ?? ''} onChange={(e) => setSpec({ ...spec, seed: e.target.value === '' ? undefined : Number(e.target.value) })} />
        </label>
        <button type="button" onClick={() => setSpec({ ...spec, seed: randomSeed() })} aria-label="New random seed" title="New random seed">
          Dice
        </button>
        <label>
          Load{' '}
          <select value="" onChange={(e) => e.target.value && navigate(`/compose?pipeline=${encodeURIComponent(e.target.value)}`)}>
            <option value="">saved pipeline…</option>
            {catalog.data?.pipelines.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={save}>
          Save
        </button>
        {saved && <span role="status">Saved “{saved}”.</span>}
      </div>
      <ErrorMessage error={error ?? catalog.error} />
      {spec.steps.length === 0 && <p className="muted">Start with a source: a generator checkpoint, a data set or uploaded images.</p>}
      {spec.steps.map((step, index) => (
        <StepCard
          key={index}
          step={step}
          index={index}
          component={components.find((c) => c.id === step.use)}
          earlier={spec.steps.slice(0, index).map((s) => s.id)}
          issues={issuesByField(issues, step.id)}
          onChange={(next) => setSpec((s) => ({ ...s, steps: s.steps.map((old, i) => (i === index ? next : old)) }))}
          onRemove={() => setSpec((s) => ({ ...s, steps: s.steps.filter((_, i) => i !== index) }))}
        />
      ))}
      <div className="toolbar">
        <AddStep label={spec.steps.length ? 'Add a source' : 'Source'} components={sources} onAdd={addStep} />
        <AddStep label="Add an edit step" components={edits} onAdd={addStep} />
      </div>
      {specIssues.length > 0 && (
        <ul className="issues" aria-label="Pipeline problems">
          {specIssues.map((issue) => (
            <li key={`${issue.step}/${issue.path}/${issue.message}`} className="field-error">
              {issue.path ? `${issue.path}: ` : ''}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <button type="button" className="primary" onClick={run} disabled={spec.steps.length === 0}>
          Run
        </button>
        <span role="status" className="muted">
          {spec.steps.length === 0 ? '' : issues.length === 0 ? 'Valid.' : `${issues.length} problem${issues.length === 1 ? '' : 's'}`}
        </span>
      </div>
      <SpecJson spec={spec} onChange={setSpec} />
    </section>
  );
}

function AddStep({ label, components, onAdd }: { label: string; components: Component[]; onAdd: (c: Component) => void }) {
  return (
    <label>
      {label}{' '}
      <select
        value=""
        onChange={(e) => {
          const component = components.find((c) => c.id === e.target.value);
          if (component) onAdd(component);
        }}
      >
        <option value="">choose…</option>
        {components.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({c.id})
          </option>
        ))}
      </select>
    </label>
  );
}
