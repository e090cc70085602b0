import sharp, { type Metadata, type PngOptions } from 'sharp';
import { AtelierError, checkImageSize, type ImageBatch, type ImageMeta, type ImageSizeLimits, tf } from '@atelier/plugin-api';

export type ImageFit = 'fill' | 'contain' | 'cover';

export interface DecodeOptions {
  /** 1 or 3; by default gray images stay gray and colour images are RGB (3 if any is colour). */
  channels?: 1 | 3;
  /** Target size; by default the (first) image's own size. */
  width?: number;
  height?: number;
  fit?: ImageFit;
  limits: ImageSizeLimits;
  /** Recorded as `meta.source` for buffer inputs (file inputs record their path). */
  source?: string;
  /** Per-input `meta.source` (and name in errors) for buffer inputs, e.g. the paths they were read from. */
  sources?: string[];
}

/** An image's header: size after EXIF orientation, and whether it has colour. */
export interface ImageHeader {
  width: number;
  height: number;
  colour: boolean;
}

/** How errors name an image: `name` in messages, `details` (e.g. `path`) for clients. */
export interface ImageOrigin {
  name: string;
  details: Record<string, unknown>;
}

const black = { r: 0, g: 0, b: 0 };
const acceptedFormats = new Set(['png', 'jpeg', 'webp']);

function originOf(input: string | Buffer, source?: string): ImageOrigin {
  const details = typeof input === 'string' ? { path: input, source: source ?? input } : { source };
  return { name: details.source ?? 'image', details };
}

function invalid(origin: ImageOrigin, reason: string, cause?: unknown): AtelierError {
  return new AtelierError('IMAGE_INVALID', `${origin.name} is not a readable PNG, JPEG or WebP image: ${reason}`, origin.details, { cause });
}

/**
 * Reads only the header, so an oversized image is refused before any pixel is decoded; the format
 * comes from the content, never from the file name.
 */
export async function readImageHeader(input: string | Buffer, limits: ImageSizeLimits, origin: ImageOrigin): Promise<ImageHeader> {
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    throw invalid(origin, error instanceof Error ? error.message : String(error), error);
  }
  if (!meta.format || !acceptedFormats.has(meta.format)) throw invalid(origin, `its format is ${meta.format ?? 'unknown'}`);
  const { width, height } = meta.autoOrient ?? meta;
  checkImageSize(limits, width, height, `${origin.name} is`, origin.details);
  // One channel (or gray plus alpha) or a b-w colour space is gray whatever the file claims to be.
  const colour = meta.channels > 2 && meta.space !== 'b-w' && meta.space !== 'grey16';
  return { width, height, colour };
}

/** Decodes to uint8 `[h, w, c]` at exactly the given size; alpha is flattened onto black. */
export async function decodeImagePixels(
  input: string | Buffer,
  target: { width: number; height: number; channels: 1 | 3; fit: ImageFit },
  origin: ImageOrigin,
): Promise<Uint8Array> {
  const { width, height, channels, fit } = target;
  let image = sharp(input).autoOrient().flatten({ background: black }).resize(width, height, { fit, background: black });
  image = channels === 1 ? image.toColourspace('b-w') : image.toColourspace('srgb');
  try {
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== channels || info.width !== width || info.height !== height) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}, expected ${width}×${height}×${channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw invalid(origin, error instanceof Error ? error.message : String(error), error);
  }
}

/**
 * Decodes images into one `unit` batch: every image brought to one size (the given one, else the
 * first image's) and one channel count (given, else 3 if any image is colour). Alpha is flattened
 * onto black so transparent pixels do not show whatever colour the encoder left under them.
 */
export async function decodeImages(inputs: Array<string | Buffer>, options: DecodeOptions): Promise<ImageBatch> {
  if (inputs.length === 0) throw new AtelierError('BAD_USER_INPUT', 'No images to decode', { limit: 1 });
  const origins = inputs.map((input, i) => originOf(input, options.sources?.[i] ?? options.source));
  const headers: ImageHeader[] = [];
  for (const [i, input] of inputs.entries()) headers.push(await readImageHeader(input, options.limits, origins[i]));
  const width = options.width ?? headers[0].width;
  const height = options.height ?? headers[0].height;
  checkImageSize(options.limits, width, height, 'The requested size is');
  const channels = options.channels ?? (headers.some((h) => h.colour) ? 3 : 1);
  const perImage = width * height * channels;
  const values = new Float32Array(inputs.length * perImage);
  const meta: ImageMeta[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const pixels = await decodeImagePixels(inputs[i], { width, height, channels, fit: options.fit ?? 'fill' }, origins[i]);
    for (let j = 0; j < perImage; j++) values[i * perImage + j] = pixels[j] / 255;
    const { source } = origins[i].details;
    meta.push(source === undefined ? {} : { source: source as string });
  }
  return { images: tf.tensor4d(values, [inputs.length, height, width, channels], 'float32'), meta, range: 'unit' };
}

export function decodeImage(input: string | Buffer, options: DecodeOptions): Promise<ImageBatch> {
  return decodeImages([input], options);
}

/** Fixed so that the same pixels always give the same bytes, whatever sharp's defaults become. */
const pngOptions: PngOptions = { compressionLevel: 6, adaptiveFiltering: false, palette: false, progressive: false };

/**
 * Quantises in JS rather than with tf ops: the float32 values are read as they are, so the bytes
 * depend only on the tensor, never on the backend's rounding. NaN becomes 0.
 */
function toBytes(values: Float32Array | Int32Array | Uint8Array, symmetric: boolean): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const unit = symmetric ? (values[i] + 1) / 2 : values[i];
    bytes[i] = unit > 0 ? Math.round(Math.min(unit, 1) * 255) : 0;
  }
  return bytes;
}

function pngOf(bytes: Uint8Array, width: number, height: number, channels: number): Promise<Buffer> {
  // sharp writes sRGB unless told otherwise; a gray batch stays a gray PNG.
  return sharp(bytes, { raw: { width, height, channels: channels as 1 | 3 } })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .png(pngOptions)
    .toBuffer();
}

export async function encodePng(batch: ImageBatch, index: number): Promise<Buffer> {
  const [count, height, width, channels] = batch.images.shape;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new AtelierError('BAD_USER_INPUT', `Image index ${index} is outside the batch of ${count}`, { field: 'index', limit: count - 1 });
  }
  const image = tf.slice(batch.images, [index, 0, 0, 0], [1, height, width, channels]);
  try {
    return await pngOf(toBytes(await image.data(), batch.range === 'symmetric'), width, height, channels);
  } finally {
    image.dispose();
  }
}

export async function encodeBatch(batch: ImageBatch): Promise<Buffer[]> {
  const [count, height, width, channels] = batch.images.shape;
  const bytes = toBytes(await batch.images.data(), batch.range === 'symmetric');
  const size = height * width * channels;
  const pngs: Buffer[] = [];
  for (let i = 0; i < count; i++) pngs.push(await pngOf(bytes.subarray(i * size, (i + 1) * size), width, height, channels));
  return pngs;
}
