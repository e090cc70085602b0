import { AtelierError, type ImageMeta, z } from '@atelier/plugin-api';

export const rectFields = {
  x: z.number().int().min(0).optional().describe('Left of the region to fill, in pixels of the input images.'),
  y: z.number().int().min(0).optional(),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
};

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const rectKeys = ['x', 'y', 'width', 'height'] as const;

function isRect(value: unknown): value is Rect {
  return typeof value === 'object' && value !== null && rectKeys.every((k) => typeof (value as Record<string, unknown>)[k] === 'number');
}

/**
 * The region to fill for each image: the x/y/width/height parameters when given (all four), else
 * the rectangle `image.mask` recorded as `meta.mask`.
 */
export function maskRects(params: Partial<Rect>, meta: ImageMeta[], size: { width: number; height: number }): Rect[] {
  const given = rectKeys.filter((k) => params[k] !== undefined);
  if (given.length > 0 && given.length < rectKeys.length) {
    const missing = rectKeys.find((k) => params[k] === undefined)!;
    throw new AtelierError('BAD_USER_INPUT', 'x, y, width and height are given together', { path: missing });
  }
  if (given.length === rectKeys.length) return meta.map(() => checkInside(params as Rect, size));
  return meta.map((m, i) => {
    if (!isRect(m.mask)) {
      throw new AtelierError('BAD_USER_INPUT', `Image ${i} has no mask: give x, y, width and height, or run image.mask first`, {
        path: 'x',
      });
    }
    return checkInside(m.mask, size);
  });
}

function checkInside(rect: Rect, size: { width: number; height: number }): Rect {
  const limits: Array<[keyof Rect, number]> = [
    ['x', size.width - 1],
    ['y', size.height - 1],
    ['width', size.width - rect.x],
    ['height', size.height - rect.y],
  ];
  for (const [field, limit] of limits) {
    if (rect[field] > limit) {
      throw new AtelierError('BAD_USER_INPUT', `${field} = ${rect[field]} leaves the ${size.width}×${size.height} image; at most ${limit} fits`, {
        path: field,
        limit,
      });
    }
  }
  return rect;
}

/** A rectangle measured on `from`-sized images, in pixels of `to`-sized ones (rounded outward). */
export function scaleRect(rect: Rect, from: { width: number; height: number }, to: { width: number; height: number }): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  const x = Math.floor(rect.x * sx);
  const y = Math.floor(rect.y * sy);
  return {
    x,
    y,
    width: Math.min(to.width, Math.ceil((rect.x + rect.width) * sx)) - x,
    height: Math.min(to.height, Math.ceil((rect.y + rect.height) * sy)) - y,
  };
}
