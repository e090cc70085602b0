import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface ShapeImageOptions {
  count: number;
  width: number;
  height: number;
  /** 1 writes gray images, 3 colour ones (default 3). */
  channels?: 1 | 3;
  format?: 'png' | 'jpeg' | 'webp';
  /** File names are `<prefix><index>.<format>` (default `shape-`). */
  prefix?: string;
}

const palette = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c'];

/** One deterministic drawing per index: a coloured background, a rectangle and a circle. */
function shapeSvg(index: number, width: number, height: number): string {
  const fill = (k: number) => palette[(index + k) % palette.length];
  const rw = Math.max(1, Math.round(width * 0.4));
  const rh = Math.max(1, Math.round(height * 0.3));
  const rx = (index * 3) % Math.max(1, width - rw);
  const ry = (index * 5) % Math.max(1, height - rh);
  const r = Math.max(1, Math.round(Math.min(width, height) * 0.2));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="${width}" height="${height}" fill="${fill(0)}"/>
  <rect x="${rx}" y="${ry}" width="${rw}" height="${rh}" fill="${fill(3)}"/>
  <circle cx="${width - r - 1}" cy="${height - r - 1}" r="${r}" fill="${fill(5)}"/>
</svg>`;
}

/** Draws one shape image into memory (PNG unless another format is asked for). */
export async function shapeImage(index: number, options: Omit<ShapeImageOptions, 'count' | 'prefix'>): Promise<Buffer> {
  let image = sharp(Buffer.from(shapeSvg(index, options.width, options.height))).removeAlpha();
  if (options.channels === 1) image = image.toColourspace('b-w');
  const format = options.format ?? 'png';
  if (format === 'jpeg') return image.jpeg({ quality: 95 }).toBuffer();
  if (format === 'webp') return image.webp({ lossless: true }).toBuffer();
  return image.png().toBuffer();
}

/** Writes `count` shape images into `dir` and returns their paths in index order. */
export async function writeShapeImages(dir: string, options: ShapeImageOptions): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const file = path.join(dir, `${options.prefix ?? 'shape-'}${i}.${options.format ?? 'png'}`);
    await fs.writeFile(file, await shapeImage(i, options));
    paths.push(file);
  }
  return paths;
}

/** A file that starts like a PNG but is garbage after the signature. */
export async function writeCorruptFile(dir: string, name = 'corrupt.png'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await fs.writeFile(file, Buffer.concat([signature, Buffer.from('not really an image')]));
  return file;
}
