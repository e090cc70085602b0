import { z } from 'zod';

/**
 * Schema bound for pixel coordinates and sizes, shown to clients: the default `limits.maxImageSide`.
 * Validation checks each step's declared output against the configured limits; a rectangle's fit
 * inside its image is checked when the step runs.
 */
export const maxSide = 4096;

export const pixelOffset = z.number().int().min(0).max(maxSide);
export const pixelSize = z.number().int().min(1).max(maxSide);
/** Gaussian standard deviation in pixels; below 0.3 a kernel is a no-op, above 100 it is a flat fill. */
export const sigma = z.number().min(0.3).max(100);
/** A pixel value in [0, 1], whatever range the batch is in. */
export const unitValue = z.number().min(0).max(1);
