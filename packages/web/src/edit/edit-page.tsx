import { useState } from 'react';
import { request } from '../api/client.js';
import { RunPipelineDocument, UploadImagesDocument } from '../api/generated.js';
import { asApiError } from '../api/use-api.js';
import { allComponents, checkpointsMatching, requirementOf, useCatalog, type Component } from '../catalog.js';
import { ErrorMessage } from '../components/error-message.js';
import { fieldsOf } from '../compose/json-schema.js';
import { navigate } from '../router.js';
import { LatentPreview } from './latent-preview.js';
import { MaskCanvas } from './mask-canvas.js';
import { boundingBox, maskToRegions } from './mask-regions.js';

/** The inpaint step for a painted mask: regions for editors taking rectangles lists, else one box. */
function inpaintParams(editor: Component, checkpoint: string, alpha: Uint8ClampedArray, width: number, height: number): Record<string, unknown> | null {
  const regions = maskToRegions(alpha, width, height);
  if (regions.length === 0) return null;
  const takesRegions = fieldsOf(editor.paramsSchema).some((f) => f.name === 'regions');
  return takesRegions ? { checkpoint, regions } : { checkpoint, ...boundingBox(regions, width, height) };
}

/** Edit by hand: paint a mask and inpaint it; walk a generator's latent space with a slider. */
export function EditPage() {
  const catalog = useCatalog();
  const editors = allComponents(catalog.data).filter((c) => c.kind === 'editor' && c.id.endsWith('.inpaint'));
  const [editorId, setEditorId] = useState('');
  const editor = editors.find((e) => e.id === editorId) ?? editors[0];
  const checkpoints = editor ? checkpointsMatching(requirementOf(editor), catalog.data) : [];
  const [checkpoint, setCheckpoint] = useState('');
  const chosenCheckpoint = checkpoints.some((c) => c.name === checkpoint) ? checkpoint : (checkpoints[0]?.name ?? '');
  const [file, setFile] = useState<{ bitmap: ImageBitmap; dataUrl: string } | null>(null);
  const [alpha, setAlpha] = useState<Uint8ClampedArray | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (picked: File | undefined) => {
    if (!picked) return;
    setError(null);
    try {
      const bitmap = await createImageBitmap(picked);
      const dataUrl = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(picked);
      });
      setFile({ bitmap, dataUrl });
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const inpaint = async () => {
    if (!file || !alpha || !editor) return;
    const params = inpaintParams(editor, chosenCheckpoint, alpha, file.bitmap.width, file.bitmap.height);
    if (!params) return setError(new Error('Paint over the part of the image to fill first.'));
    setBusy(true);
    setError(null);
    try {
      const dataset = `edits-${file.bitmap.width}x${file.bitmap.height}`;
      const { uploadImages } = await request(UploadImagesDocument, { dataset, images: [{ data: file.dataUrl }] });
      const spec = {
        name: 'inpaint-by-hand',
        steps: [
          { id: 'image', use: 'image.load', with: { dataset, count: 1, offset: uploadImages.count - 1 } },
          { id: 'inpaint', use: editor.id, with: params },
        ],
      };
      const { runPipeline } = await request(RunPipelineDocument, { spec });
      navigate(`/runs/${runPipeline.id}`);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="edit-title">
      <h1 id="edit-title">Edit by hand</h1>
      <h2>Paint a mask and inpaint</h2>
      {editors.length === 0 ? (
        <p className="muted">No inpaint editor is loaded.</p>
      ) : (
        <>
          <div className="toolbar">
            <label>
              Image <input type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => open(e.target.files?.[0])} />
            </label>
            <label>
              Editor{' '}
              <select value={editor?.id} onChange={(e) => setEditorId(e.target.value)}>
                {editors.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title} ({e.id})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Checkpoint{' '}
              <select value={chosenCheckpoint} onChange={(e) => setCheckpoint(e.target.value)}>
                {checkpoints.length === 0 && <option value="">none trained</option>}
                {[...new Set(checkpoints.map((c) => c.name))].map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </label>
          </div>
          {file && <MaskCanvas image={file.bitmap} onMask={setAlpha} />}
          <button type="button" className="primary" onClick={inpaint} disabled={!file || !chosenCheckpoint || busy}>
            Inpaint
          </button>
          <ErrorMessage error={error} />
        </>
      )}
      <h2>Latent slider</h2>
      <LatentPreview />
    </section>
  );
}
