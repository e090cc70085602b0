import zlib from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCompressedText } from '../testing/compressed-text.js';
import { chunk, insertChunks, pngTextLimits, readPngText } from './png-text.js';

let png: Buffer;
beforeAll(async () => {
  png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
});

/** 200 MB of zeros deflate to about 200 KB: a zip bomb well inside the upload limit. */
const bomb = () => zlib.deflateSync(Buffer.alloc(200 * 1024 * 1024));

describe('reading PNG text', () => {
  it('inflates Atelier’s own compressed chunks, zTXt (Latin-1) and iTXt (UTF-8)', async () => {
    let image = withCompressedText(png, 'zTXt', 'atelier:step', zlib.deflateSync(Buffer.from('café', 'latin1')));
    image = withCompressedText(image, 'iTXt', 'atelier:spec', zlib.deflateSync(Buffer.from('{"name":"é"}', 'utf8')));
    expect({ ...(await readPngText(image)) }).toEqual({ 'atelier:step': 'café', 'atelier:spec': '{"name":"é"}' });
  });

  it('skips compressed chunks of other keywords without inflating them', async () => {
    const image = withCompressedText(withCompressedText(png, 'zTXt', 'Comment', Buffer.from('not deflate data')), 'iTXt', 'Description', bomb());
    const started = Date.now();
    expect({ ...(await readPngText(image)) }).toEqual({});
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses an Atelier chunk that inflates past its bound quickly, without the memory', async () => {
    const image = withCompressedText(png, 'zTXt', 'atelier:spec', bomb());
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    await expect(readPngText(image)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { path: 'image', keyword: 'atelier:spec', limit: pngTextLimits.chunkBytes },
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('bounds all compressed chunks of one image together, and their number', async () => {
    const megabyte = zlib.deflateSync(Buffer.alloc(1_000_000, 'a'));
    const five = Array.from({ length: 5 }, (_, i) => i).reduce((image, i) => withCompressedText(image, 'zTXt', `atelier:part${i}`, megabyte), png);
    await expect(readPngText(five)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: pngTextLimits.totalBytes - 4 * 1_000_000 } });
    const tiny = zlib.deflateSync(Buffer.from('x'));
    const many = Array.from({ length: pngTextLimits.compressedChunks + 1 }, (_, i) => i).reduce((image, i) => withCompressedText(image, 'iTXt', `atelier:n${i}`, tiny), png);
    await expect(readPngText(many)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: pngTextLimits.compressedChunks } });
  });

  it('reports an Atelier chunk that is not deflate data as IMAGE_INVALID', async () => {
    await expect(readPngText(withCompressedText(png, 'zTXt', 'atelier:seed', Buffer.from('garbage')))).rejects.toMatchObject({
      code: 'IMAGE_INVALID',
      details: { keyword: 'atelier:seed' },
    });
  });

  it('keeps a `__proto__` keyword as an ordinary entry', async () => {
    const text = await readPngText(insertChunks(png, [chunk('tEXt', Buffer.from('__proto__\0planted', 'latin1'))]));
    expect(Object.getPrototypeOf(text)).toBe(null);
    expect(text['__proto__']).toBe('planted');
  });
});
