import { useState } from 'react';
import type { ArtifactFieldsFragment } from '../api/generated.js';

export interface GridImage {
  artifact: ArtifactFieldsFragment;
  /** A caption under the image, e.g. a classifier's label and score. */
  label?: string;
}

/** Images as a grid; a click (or Enter) enlarges one in a dialog with a download link. */
export function ImageGrid({ images, emptyText = 'No images yet.' }: { images: GridImage[]; emptyText?: string }) {
  const [open, setOpen] = useState<GridImage | null>(null);
  if (images.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <>
      <ul className="grid" aria-label="Images">
        {images.map((image) => (
          <li key={image.artifact.id}>
            <button type="button" className="thumb" onClick={() => setOpen(image)} aria-label={`Enlarge ${image.artifact.name}`}>
              <img src={image.artifact.url} alt={image.label ?? image.artifact.name} loading="lazy" width={128} height={128} />
            </button>
            {image.label && <span className="caption">{image.label}</span>}
          </li>
        ))}
      </ul>
      {open && (
        <div className="lightbox" role="dialog" aria-modal="true" aria-label={open.artifact.name} onClick={() => setOpen(null)} onKeyDown={(e) => e.key === 'Escape' && setOpen(null)}>
          <figure onClick={(e) => e.stopPropagation()}>
            <img src={open.artifact.url} alt={open.label ?? open.artifact.name} />
            <figcaption>
              {open.artifact.name}
              {open.label ? ` — ${open.label}` : ''} ({open.artifact.width}×{open.artifact.height}){' '}
              <a href={open.artifact.url} download={open.artifact.name}>
                Download
              </a>{' '}
              <button type="button" autoFocus onClick={() => setOpen(null)}>
                Close
              </button>
            </figcaption>
          </figure>
        </div>
      )}
    </>
  );
}
