import path from 'node:path';
import { AtelierError } from '@atelier/plugin-api';
import { decodeImagePixels, readImageHeader, type ImageHeader } from '../image/codec.js';
import type { LimitsConfig } from '../config/config.js';
import type { DatasetDecoder, DecodedImages, DecodeFolderJob, DecodeImagesJob } from '../contracts/dataset-decoder.js';
import { scanFolder } from './folder-scan.js';

/** Decodes in the calling process: what a worker runs, and what store tests use. */
export const inProcessDecoder: DatasetDecoder = {
  images: decodeImages,
  folder: decodeFolder,
};

async function decodeFolder(job: DecodeFolderJob): Promise<DecodedImages & { labelNames: string[] }> {
  const scanned = await scanFolder(job.folder, job.labelled, job.limits);
  const files = scanned.files.slice(0, job.limit ?? scanned.files.length);
  const inputs = files.map((f) => ({ input: f.file, label: path.relative(job.folder, f.file), labelIndex: f.label }));
  const decoded = await decodeImages({ inputs, size: job.size, channels: null, storedCount: 0, limits: job.limits });
  return { ...decoded, labelNames: scanned.labelNames };
}

/**
 * Probes every image first (so a bad file fails before any decoding), settles one size and channel
 * count, checks the pixel budgets, then decodes.
 */
export async function decodeImages(job: DecodeImagesJob): Promise<DecodedImages> {
  const { inputs, size, channels, storedCount, limits } = job;
  const named = (label: string) => ({ name: label, details: { path: label } });
  const probes: ImageHeader[] = [];
  for (const item of inputs) probes.push(await readImageHeader(item.input, limits, named(item.label)));
  const target = size === 'first' ? { width: probes[0].width, height: probes[0].height } : (size ?? commonSize(probes, inputs));
  assertPixelBudgets(probes, target, storedCount + inputs.length, limits);
  const finalChannels = channels ?? (probes.some((p) => p.colour) ? 3 : 1);
  const imageBytes = target.width * target.height * finalChannels;
  const pixels = new Uint8Array(inputs.length * imageBytes);
  for (const [i, item] of inputs.entries()) {
    pixels.set(await decodeImagePixels(item.input, { ...target, channels: finalChannels, fit: 'cover' }, named(item.label)), i * imageBytes);
  }
  const labels = Int32Array.from(inputs, (item) => item.labelIndex);
  return { pixels, labels, count: inputs.length, ...target, channels: finalChannels };
}

/** Refused from the headers alone, before a pixel is decoded. */
function assertPixelBudgets(probes: ImageHeader[], target: { width: number; height: number }, setCount: number, limits: LimitsConfig): void {
  const { maxDecodedPixelsPerRequest, maxDatasetPixels } = limits;
  const decoded = probes.reduce((sum, p) => sum + p.width * p.height, 0);
  if (decoded > maxDecodedPixelsPerRequest) {
    throw new AtelierError('LIMIT_EXCEEDED', `The images hold ${decoded} pixels together; one request may decode at most ${maxDecodedPixelsPerRequest}`, {
      path: 'images',
      limit: maxDecodedPixelsPerRequest,
      setting: 'limits.maxDecodedPixelsPerRequest',
    });
  }
  const stored = setCount * target.width * target.height;
  if (stored > maxDatasetPixels) {
    throw new AtelierError('LIMIT_EXCEEDED', `The data set would hold ${stored} pixels (${setCount} images of ${target.width}×${target.height}); the limit is ${maxDatasetPixels}`, {
      path: 'images',
      limit: maxDatasetPixels,
      setting: 'limits.maxDatasetPixels',
    });
  }
}

function commonSize(probes: ImageHeader[], inputs: { label: string }[]): { width: number; height: number } {
  const sizes = new Map<string, string[]>();
  probes.forEach((p, i) => {
    const key = `${p.width}×${p.height}`;
    sizes.set(key, [...(sizes.get(key) ?? []), inputs[i].label]);
  });
  if (sizes.size > 1) {
    const summary = [...sizes].map(([key, files]) => `${key}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`);
    throw new AtelierError('IMAGE_INVALID', `The images differ in size (${summary.join('; ')}); pass width and height to resize them all to one size`, {
      path: 'width',
      sizes: [...sizes].map(([size, files]) => ({ size, count: files.length, examples: files.slice(0, 3) })),
    });
  }
  return { width: probes[0].width, height: probes[0].height };
}
