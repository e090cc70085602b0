import sharp, { type Metadata } from 'sharp';
import { AtelierError } from '../errors.js';
import type { LimitsConfig } from '../config.js';

export type ImageInput = string | Buffer;

export interface ImageProbe {
  width: number;
  height: number;
  grayscale: boolean;
}

const acceptedFormats = new Set(['png', 'jpeg', 'webp']);

/**
 * Reads an image's header: its real format (never trusting the file name), size and colour. Throws
 * IMAGE_INVALID naming `label` for anything that is not a PNG/JPEG/WebP, LIMIT_EXCEEDED past the limits.
 */
export async function probeImage(input: ImageInput, label: string, limits: Pick<LimitsConfig, 'maxImageSide' | 'maxImagePixels'>): Promise<ImageProbe> {
  let metadata: Metadata;
  try {
    metadata = await sharp(input).metadata();
  } catch (error) {
    throw new AtelierError('IMAGE_INVALID', `${label} is not a readable image: ${(error as Error).message}`, { path: label }, { cause: error });
  }
  const { format, width, height } = metadata;
  if (!format || !acceptedFormats.has(format) || !width || !height) {
    throw new AtelierError('IMAGE_INVALID', `${label} is ${format ?? 'an unknown format'}; only PNG, JPEG and WebP images are accepted`, {
      path: label,
      format: format ?? null,
    });
  }
  if (width > limits.maxImageSide || height > limits.maxImageSide) {
    throw new AtelierError('LIMIT_EXCEEDED', `${label} is ${width}×${height}; images may be at most ${limits.maxImageSide} pixels on a side`, {
      path: label,
      limit: limits.maxImageSide,
    });
  }
  if (width * height > limits.maxImagePixels) {
    throw new AtelierError('LIMIT_EXCEEDED', `${label} has ${width * height} pixels; images may have at most ${limits.maxImagePixels}`, {
      path: label,
      limit: limits.maxImagePixels,
    });
  }
  // One channel (or gray plus alpha) or a b-w colour space is gray whatever the file claims to be.
  const grayscale = (metadata.channels ?? 3) <= 2 || metadata.space === 'b-w' || metadata.space === 'grey16';
  return { width, height, grayscale };
}

/** Decodes to uint8 `[h, w, c]` at exactly the given size (`cover` crops rather than distorts). */
export async function decodePixels(input: ImageInput, label: string, target: { width: number; height: number; channels: 1 | 3 }): Promise<Uint8Array> {
  try {
    let image = sharp(input).removeAlpha();
    image = target.channels === 1 ? image.toColourspace('b-w') : image.toColourspace('srgb');
    const { data, info } = await image
      .resize(target.width, target.height, { fit: 'cover' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== target.channels || info.width !== target.width || info.height !== target.height) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new AtelierError('IMAGE_INVALID', `${label} could not be decoded: ${(error as Error).message}`, { path: label }, { cause: error });
  }
}
