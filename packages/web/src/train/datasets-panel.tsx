import { useState, type DragEvent } from 'react';
import { request } from '../api/client.js';
import { ImportDatasetDocument, RunPipelineDocument, UploadImagesDocument } from '../api/generated.js';
import { asApiError } from '../api/use-api.js';
import { useCatalog } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import { navigate } from '../router.js';

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Data sets: list, a sample grid (a small run), MNIST or folder import, drag-and-drop upload. */
export function DatasetsPanel() {
  const catalog = useCatalog();
  const [name, setName] = useState('digits');
  const [folder, setFolder] = useState('');
  const [uploadTo, setUploadTo] = useState('uploads');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const act = async (action: () => Promise<string | void>) => {
    setError(null);
    setMessage(null);
    try {
      const done = await action();
      if (done) setMessage(done);
      catalog.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const upload = (files: File[]) =>
    act(async () => {
      const images = await Promise.all(files.filter((f) => f.type.startsWith('image/')).map(async (f) => ({ data: await readDataUrl(f) })));
      const { uploadImages } = await request(UploadImagesDocument, { dataset: uploadTo, images });
      return `${uploadImages.name} now has ${uploadImages.count} images.`;
    });
  const samples = (dataset: string) =>
    act(async () => {
      const spec = { name: `samples-${dataset}`, steps: [{ id: 'load', use: 'image.load', with: { dataset, count: 16 }, save: false }, { id: 'grid', use: 'image.grid', with: { columns: 4 } }] };
      const { runPipeline } = await request(RunPipelineDocument, { spec });
      navigate(`/runs/${runPipeline.id}`);
    });
  return (
    <>
      <h2>Data sets</h2>
      <ul className="datasets">
        {catalog.data?.datasets.map((d) => (
          <li key={d.name}>
            <strong>{d.name}</strong> — {d.count} images, {d.width}×{d.height}×{d.channels}, {d.source}
            {d.labelNames.length > 0 && `, ${d.labelNames.length} labels`}{' '}
            <button type="button" className="link" onClick={() => samples(d.name)}>
              Sample grid
            </button>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" onClick={() => act(async () => `Imported ${(await request(ImportDatasetDocument, { source: 'mnist', name, limit: 10_000 })).importDataset.count} digits.`)}>
          Import MNIST
        </button>
        <label>
          Folder on the server <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/absolute/path" />
        </label>
        <button type="button" disabled={!folder} onClick={() => act(async () => `Imported ${(await request(ImportDatasetDocument, { source: 'folder', name, path: folder })).importDataset.count} images.`)}>
          Import folder
        </button>
      </div>
      <div
        className="dropzone"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          void upload([...e.dataTransfer.files]);
        }}
      >
        <label>
          Upload into <input value={uploadTo} onChange={(e) => setUploadTo(e.target.value)} />
        </label>{' '}
        Drop images here or <input type="file" multiple accept="image/png,image/jpeg,image/webp" aria-label="Images to upload" onChange={(e) => void upload([...(e.target.files ?? [])])} />
      </div>
      {message && <p role="status">{message}</p>}
      <ErrorMessage error={error} />
    </>
  );
}
