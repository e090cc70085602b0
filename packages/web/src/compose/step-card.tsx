import { checkpointsMatching, requirementOf, useCatalog, type Component } from '../catalog.js';
import { fieldsOf } from './json-schema.js';
import { ParamField } from './param-field.js';
import type { StepSpec } from './spec.js';

export interface StepCardProps {
  step: StepSpec;
  index: number;
  component: Component | undefined;
  /** Ids of the steps before this one, for `from`. */
  earlier: string[];
  issues: Map<string, string[]>;
  onChange: (step: StepSpec) => void;
  onRemove: () => void;
}

/** One step: its form generated from the component's parameter schema, its `from` wiring, its errors. */
export function StepCard({ step, index, component, earlier, issues, onChange, onRemove }: StepCardProps) {
  const catalog = useCatalog();
  const checkpoints = component ? checkpointsMatching(requirementOf(component), catalog.data) : [];
  const datasets = catalog.data?.datasets.map((d) => d.name) ?? [];
  const fields = component ? fieldsOf(component.paramsSchema) : [];
  const stepErrors = issues.get('') ?? [];
  const setParam = (name: string, value: unknown) => {
    const next = { ...step.with };
    if (value === undefined) delete next[name];
    else next[name] = value;
    onChange({ ...step, with: next });
  };
  const toggleFrom = (id: string, on: boolean) => {
    const from = new Set(step.from ?? []);
    if (on) from.add(id);
    else from.delete(id);
    onChange({ ...step, from: from.size ? earlier.filter((e) => from.has(e)) : undefined });
  };
  const prefix = `step-${index}`;
  return (
    <fieldset className="step" aria-label={`Step ${step.id}`} data-step={step.id}>
      <legend>
        <span className="step-use">{component?.title ?? step.use}</span> <code>{step.use}</code>
      </legend>
      <div className="step-head">
        <label htmlFor={`${prefix}-id`}>Step id</label>
        <input id={`${prefix}-id`} value={step.id} onChange={(e) => onChange({ ...step, id: e.target.value })} />
        <label className="inline">
          <input type="checkbox" checked={step.save !== false} onChange={(e) => onChange({ ...step, save: e.target.checked ? undefined : false })} /> save images
        </label>
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove step ${step.id}`}>
          Remove
        </button>
      </div>
      {component?.description && <p className="muted">{component.description}</p>}
      {index > 0 && (component?.inputs ?? 1) > 0 && (
        <div className="from" role="group" aria-label={`Inputs of ${step.id}`}>
          <span>Inputs from (default: previous step):</span>
          {earlier.map((id) => (
            <label key={id} className="inline">
              <input type="checkbox" checked={step.from?.includes(id) ?? false} onChange={(e) => toggleFrom(id, e.target.checked)} /> {id}
            </label>
          ))}
        </div>
      )}
      {stepErrors.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      <div className="fields">
        {fields.map((field) => (
          <ParamField
            key={field.name}
            field={field}
            inputId={`${prefix}-${field.name}`}
            value={step.with?.[field.name]}
            onChange={(value) => setParam(field.name, value)}
            error={issues.get(field.name)?.join('; ')}
            checkpoints={checkpoints}
            datasets={datasets}
          />
        ))}
      </div>
    </fieldset>
  );
}
