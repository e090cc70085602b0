import { useState } from 'react';
import { request } from '../api/client.js';
import { TrainModelDocument } from '../api/generated.js';
import { asApiError } from '../api/use-api.js';
import { allComponents, useCatalog } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import { fieldsOf } from '../compose/json-schema.js';
import { ParamField } from '../compose/param-field.js';
import { navigate } from '../router.js';
import { DatasetsPanel } from './datasets-panel.js';

/** Start a training run from a hyper-parameter form; checkpoints with metrics and lineage; data sets. */
export function TrainPage() {
  const catalog = useCatalog();
  const families = allComponents(catalog.data).filter((c) => c.kind === 'model');
  const [familyId, setFamilyId] = useState('');
  const family = families.find((f) => f.id === familyId) ?? families[0];
  const [dataset, setDataset] = useState('');
  const [name, setName] = useState('');
  const [maxSteps, setMaxSteps] = useState<number | undefined>(undefined);
  const [epochs, setEpochs] = useState<number | undefined>(undefined);
  const [hyperparameters, setHyperparameters] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<Error | null>(null);
  const datasets = catalog.data?.datasets ?? [];
  const chosenDataset = dataset || datasets[0]?.name || '';

  const start = async () => {
    if (!family) return;
    setError(null);
    try {
      const { trainModel } = await request(TrainModelDocument, { family: family.id, dataset: chosenDataset, name: name || undefined, maxSteps, epochs, hyperparameters });
      navigate(`/runs/${trainModel.id}`);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <section aria-labelledby="train-title">
      <h1 id="train-title">Train</h1>
      <form className="train-form" onSubmit={(e) => (e.preventDefault(), void start())}>
        <div className="toolbar">
          <label>
            Family{' '}
            <select
              value={family?.id ?? ''}
              onChange={(e) => {
                setFamilyId(e.target.value);
                setHyperparameters({});
              }}
            >
              {families.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title} ({f.id})
                </option>
              ))}
            </select>
          </label>
          <label>
            Data set{' '}
            <select value={chosenDataset} onChange={(e) => setDataset(e.target.value)}>
              {datasets.length === 0 && <option value="">import one below</option>}
              {datasets.map((d) => (
                <option key={d.name}>{d.name}</option>
              ))}
            </select>
          </label>
          <label>
            Checkpoint name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="default: family-dataset" />
          </label>
          <label>
            Epochs <input type="number" min={1} value={epochs ?? ''} onChange={(e) => setEpochs(e.target.value ? Number(e.target.value) : undefined)} />
          </label>
          <label>
            Max steps <input type="number" min={1} value={maxSteps ?? ''} onChange={(e) => setMaxSteps(e.target.value ? Number(e.target.value) : undefined)} />
          </label>
        </div>
        {family && (
          <fieldset>
            <legend>Hyper-parameters of {family.id}</legend>
            <div className="fields">
              {fieldsOf(family.paramsSchema).map((field) => (
                <ParamField
                  key={field.name}
                  field={field}
                  inputId={`train-${field.name}`}
                  value={hyperparameters[field.name]}
                  onChange={(value) => setHyperparameters(({ [field.name]: _old, ...rest }) => (value === undefined ? rest : { ...rest, [field.name]: value }))}
                  checkpoints={[]}
                  datasets={datasets.map((d) => d.name)}
                />
              ))}
            </div>
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={!family || !chosenDataset}>
          Start training
        </button>
        <ErrorMessage error={error} />
      </form>
      <h2>Checkpoints</h2>
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Family</th>
            <th scope="col">Data set</th>
            <th scope="col">Epoch / step</th>
            <th scope="col">Metrics</th>
            <th scope="col">Made by</th>
          </tr>
        </thead>
        <tbody>
          {catalog.data?.checkpoints.map((c) => (
            <tr key={c.id}>
              <td title={c.id}>{c.name}</td>
              <td>{c.family}</td>
              <td>{c.dataset ?? '—'}</td>
              <td>
                {c.epoch} / {c.step}
              </td>
              <td>
                <code>{JSON.stringify(c.metrics)}</code>
              </td>
              <td>{c.runId ? <a href={`#/runs/${c.runId}`}>run {c.runId.slice(0, 8)}</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DatasetsPanel />
    </section>
  );
}
