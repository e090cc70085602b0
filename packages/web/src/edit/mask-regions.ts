export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

const maxRegions = 32;

/**
 * A painted mask (alpha > 0 marks a pixel) as at most 32 rectangles in fractions of the image:
 * the mask is cut into cells, painted cells are merged into runs along each row, and the grid
 * coarsens until the runs fit. Inpaint editors take rectangles, so this is how a brush reaches them.
 */
export function maskToRegions(alpha: Uint8ClampedArray | number[], width: number, height: number): Region[] {
  const painted = (x: number, y: number) => alpha[y * width + x] > 0;
  for (let cells = 16; cells >= 1; cells = Math.floor(cells / 2)) {
    const cw = width / cells;
    const ch = height / cells;
    const regions: Region[] = [];
    for (let row = 0; row < cells; row++) {
      let start = -1;
      for (let col = 0; col <= cells; col++) {
        const on = col < cells && cellPainted(painted, Math.floor(col * cw), Math.floor(row * ch), Math.ceil((col + 1) * cw), Math.ceil((row + 1) * ch));
        if (on && start < 0) start = col;
        if (!on && start >= 0) {
          regions.push({ x: start / cells, y: row / cells, width: (col - start) / cells, height: 1 / cells });
          start = -1;
        }
      }
    }
    if (regions.length <= maxRegions) return regions;
  }
  return [];
}

function cellPainted(painted: (x: number, y: number) => boolean, x0: number, y0: number, x1: number, y1: number): boolean {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (painted(x, y)) return true;
  return false;
}

/** The bounding box of all regions, in pixels of a `width`×`height` image (for editors taking one rectangle). */
export function boundingBox(regions: Region[], width: number, height: number): Region | null {
  if (regions.length === 0) return null;
  const x0 = Math.min(...regions.map((r) => r.x));
  const y0 = Math.min(...regions.map((r) => r.y));
  const x1 = Math.max(...regions.map((r) => r.x + r.width));
  const y1 = Math.max(...regions.map((r) => r.y + r.height));
  const x = Math.floor(x0 * width);
  const y = Math.floor(y0 * height);
  return { x, y, width: Math.max(1, Math.ceil(x1 * width) - x), height: Math.max(1, Math.ceil(y1 * height) - y) };
}
