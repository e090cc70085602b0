import { useEffect, useRef, useState, type PointerEvent } from 'react';

const displaySize = 280;

export interface MaskCanvasProps {
  /** The image, drawn at its own size and shown enlarged. */
  image: ImageBitmap;
  /** Gets the mask's alpha per image pixel after every stroke. */
  onMask: (alpha: Uint8ClampedArray) => void;
}

/** Paint a mask over an image with a round brush (mouse, pen or touch); "Clear" starts over. */
export function MaskCanvas({ image, onMask }: MaskCanvasProps) {
  const base = useRef<HTMLCanvasElement>(null);
  const mask = useRef<HTMLCanvasElement>(null);
  const [brush, setBrush] = useState(3);
  const drawing = useRef(false);
  const { width, height } = image;

  useEffect(() => {
    base.current!.getContext('2d')!.drawImage(image, 0, 0);
    mask.current!.getContext('2d')!.clearRect(0, 0, width, height);
    onMask(new Uint8ClampedArray(width * height));
  }, [image]);

  const report = () => {
    const data = mask.current!.getContext('2d')!.getImageData(0, 0, width, height).data;
    onMask(Uint8ClampedArray.from({ length: width * height }, (_, i) => data[i * 4 + 3]));
  };
  const paint = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * width;
    const y = ((event.clientY - rect.top) / rect.height) * height;
    const ctx = mask.current!.getContext('2d')!;
    ctx.fillStyle = 'rgba(255, 0, 80, 0.7)';
    ctx.beginPath();
    ctx.arc(x, y, brush / 2, 0, Math.PI * 2);
    ctx.fill();
  };
  const style = { width: displaySize, height: (displaySize * height) / width };
  return (
    <div className="mask-editor">
      <div className="mask-stack" style={style}>
        <canvas ref={base} width={width} height={height} style={style} aria-hidden="true" />
        <canvas
          ref={mask}
          width={width}
          height={height}
          style={style}
          className="mask-layer"
          aria-label="Mask: paint over the part to fill"
          onPointerDown={(e) => {
            drawing.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            paint(e);
          }}
          onPointerMove={(e) => drawing.current && paint(e)}
          onPointerUp={() => {
            drawing.current = false;
            report();
          }}
        />
      </div>
      <div className="toolbar">
        <label>
          Brush <input type="range" min={1} max={Math.max(2, Math.round(width / 3))} value={brush} onChange={(e) => setBrush(Number(e.target.value))} />
        </label>
        <button
          type="button"
          onClick={() => {
            mask.current!.getContext('2d')!.clearRect(0, 0, width, height);
            report();
          }}
        >
          Clear mask
        </button>
      </div>
    </div>
  );
}
