import { describe, expect, it } from 'vitest';
import { boundingBox, maskToRegions } from './mask-regions.js';

function mask(width: number, height: number, painted: (x: number, y: number) => boolean): number[] {
  return Array.from({ length: width * height }, (_, i) => (painted(i % width, Math.floor(i / width)) ? 255 : 0));
}

describe('maskToRegions', () => {
  it('turns a painted block into rectangles that cover it and nothing far from it', () => {
    const alpha = mask(32, 32, (x, y) => x >= 8 && x < 16 && y >= 4 && y < 8);
    const regions = maskToRegions(alpha, 32, 32);
    expect(regions).toEqual([{ x: 0.25, y: 0.125, width: 0.25, height: 0.0625 }, { x: 0.25, y: 0.1875, width: 0.25, height: 0.0625 }]);
    expect(boundingBox(regions, 32, 32)).toEqual({ x: 8, y: 4, width: 8, height: 4 });
  });

  it('coarsens the grid until a scattered mask fits in 32 rectangles', () => {
    const alpha = mask(32, 32, (x, y) => (x + y) % 4 === 0);
    const regions = maskToRegions(alpha, 32, 32);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.length).toBeLessThanOrEqual(32);
  });

  it('gives nothing for an empty mask', () => {
    expect(maskToRegions(mask(8, 8, () => false), 8, 8)).toEqual([]);
    expect(boundingBox([], 8, 8)).toBeNull();
  });
});
