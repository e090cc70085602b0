import { z } from 'zod';

/**
 * Schema bounds for pixel coordinates and sizes. The real bounds are the image's own size and the
 * server's limits, checked when the step runs; these only keep absurd numbers out of validation.
 */
export const maxSide = 65536;

export const pixelOffset = z.number().int().min(0).max(maxSide);
export const pixelSize = z.number().int().min(1).max(maxSide);
/** Gaussian standard deviation in pixels; below 0.3 a kernel is a no-op, above 100 it is a flat fill. */
export const sigma = z.number().min(0.3).max(100);
/** A pixel value in [0, 1], whatever range the batch is in. */
export const unitValue = z.number().min(0).max(1);
