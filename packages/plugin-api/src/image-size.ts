import { AtelierError, type ErrorDetails } from './errors.js';
import type { Limits } from './types.js';

export type ImageSizeLimits = Pick<Limits, 'maxImageSide' | 'maxImagePixels'>;

/** The size limit an image crosses: its side is checked first, then its pixel count. */
export interface ImageSizeExcess {
  setting: 'maxImageSide' | 'maxImagePixels';
  limit: number;
  /** The side past `maxImageSide`; null when the pixel count is the problem (both sides are). */
  side: 'width' | 'height' | null;
  /** `maxImageSide is 64 px`, or `4096 pixels each, maxImagePixels is 2048`. */
  reason: string;
}

/** Which limit a `width` × `height` image crosses, or null when it fits: the one size rule of every check. */
export function imageSizeExcess(limits: ImageSizeLimits, width: number, height: number): ImageSizeExcess | null {
  const { maxImageSide, maxImagePixels } = limits;
  if (width > maxImageSide || height > maxImageSide) {
    return { setting: 'maxImageSide', limit: maxImageSide, side: width > maxImageSide ? 'width' : 'height', reason: `maxImageSide is ${maxImageSide} px` };
  }
  if (width * height > maxImagePixels) {
    return { setting: 'maxImagePixels', limit: maxImagePixels, side: null, reason: `${width * height} pixels each, maxImagePixels is ${maxImagePixels}` };
  }
  return null;
}

/**
 * Refuses a `width` × `height` image past the limits with LIMIT_EXCEEDED naming the limit it crosses
 * and its setting; `what` starts the message (`Upscaling 40×40 gives`), `paths` name the fields that
 * set each side (the width's is named when the pixel count is past).
 */
export function checkImageSize(
  limits: ImageSizeLimits,
  width: number,
  height: number,
  what: string,
  details: ErrorDetails = {},
  paths?: { width: string; height: string },
): void {
  const excess = imageSizeExcess(limits, width, height);
  if (!excess) return;
  throw new AtelierError('LIMIT_EXCEEDED', `${what} ${width}×${height}; ${excess.reason}`, {
    ...details,
    ...(paths ? { path: paths[excess.side ?? 'width'] } : {}),
    limit: excess.limit,
    setting: `limits.${excess.setting}`,
  });
}
