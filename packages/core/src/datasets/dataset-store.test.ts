import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type AtelierConfig } from '../config/config.js';
import { createTestHome } from '../store/__fixtures__/temp-home.js';
import { drawImage } from './__fixtures__/draw-image.js';
import { InputFiles } from '../inputs/input-files.js';
import { inProcessDecoder } from './decode-images.js';
import { FileDatasetStore } from './dataset-store.js';

const red: [number, number, number] = [255, 0, 0];
const blue: [number, number, number] = [0, 0, 255];

describe('FileDatasetStore', () => {
  let home: ReturnType<typeof createTestHome>;
  let config: AtelierConfig;
  let store: FileDatasetStore;
  let source: string;

  beforeEach(() => {
    home = createTestHome();
    const base = loadConfig({ cwd: home.home, env: {} });
    source = path.join(home.home, 'source');
    fs.mkdirSync(source);
    config = { ...base, inputRoots: [source], limits: { ...base.limits, maxImageSide: 64, maxImagePixels: 64 * 32 } };
    store = new FileDatasetStore(home.db, home.clock, config, new InputFiles(config), inProcessDecoder);
  });
  afterEach(() => home.dispose());

  const put = async (relative: string, data: Buffer | Promise<Buffer>) => {
    const file = path.join(source, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await data);
  };
  const nothingStored = () => {
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(home.db.paths.datasets)).toEqual([]);
    expect(fs.readdirSync(home.db.paths.tmp)).toEqual([]);
  };

  it('imports labelled sub-folders by decoded content, in sorted label order', async () => {
    await put('dogs/a.png', drawImage({ width: 8, height: 8, rgb: blue }));
    await put('cats/b.webp', drawImage({ width: 8, height: 8, rgb: red, format: 'webp' }));
    // A PNG under a misleading name still imports: the decoder decides, not the extension.
    await put('cats/a.dat', drawImage({ width: 8, height: 8, rgb: red }));
    await put('.DS_Store', Buffer.from('finder junk'));

    const record = await store.importFolder(source, { name: 'pets' });
    expect(record).toMatchObject({ name: 'pets', source: 'folder', count: 3, width: 8, height: 8, channels: 3, labelNames: ['cats', 'dogs'] });
    const all = store.load('pets');
    expect([...all.labels]).toEqual([0, 0, 1]);
    expect([...all.pixels.subarray(0, 3)]).toEqual(red);
    expect([...all.pixels.subarray(2 * 64 * 3, 2 * 64 * 3 + 3)]).toEqual(blue);

    const dogs = store.load('pets', { label: 'dogs' });
    expect(dogs.count).toBe(1);
    expect(store.load('pets', { label: 1 }).pixels).toEqual(dogs.pixels);
    expect(() => store.load('pets', { label: 'birds' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ path: 'label', labelNames: ['cats', 'dogs'] }) }),
    );
    await expect(store.importFolder(source, { name: 'pets' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(store.get('pets')!.count).toBe(3);
  });

  it('stores a grayscale folder with one channel and honours the limit', async () => {
    for (let i = 0; i < 4; i++) await put(`g${i}.png`, drawImage({ width: 4, height: 2, rgb: [i * 60, i * 60, i * 60], gray: true }));
    const record = await store.importFolder(source, { name: 'gray', limit: 3 });
    expect(record).toMatchObject({ count: 3, width: 4, height: 2, channels: 1, labelNames: [] });
    const loaded = store.load('gray', { offset: 1, count: 1 });
    expect(loaded.pixels).toEqual(new Uint8Array(8).fill(60));
    expect([...loaded.labels]).toEqual([-1]);
  });

  it('refuses mixed sizes unless a size is given, then resizes them all', async () => {
    await put('a/small.png', drawImage({ width: 8, height: 8, rgb: red }));
    await put('b/wide.png', drawImage({ width: 16, height: 8, rgb: blue }));
    const error = await store.importFolder(source, { name: 'mixed' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_INVALID' });
    expect((error as Error).message).toMatch(/8×8: a[\\/]small\.png; 16×8: b[\\/]wide\.png.*width and height/);
    nothingStored();

    const record = await store.importFolder(source, { name: 'mixed', width: 4, height: 4 });
    expect(record).toMatchObject({ count: 2, width: 4, height: 4, channels: 3 });
    expect(store.load('mixed').pixels.length).toBe(2 * 4 * 4 * 3);
  });

  it('names a corrupt or non-image file and stores nothing', async () => {
    await put('cats/good.png', drawImage({ width: 8, height: 8, rgb: red }));
    await put('cats/notes.png', Buffer.from('this is not a png'));
    await expect(store.importFolder(source, { name: 'broken' })).rejects.toMatchObject({
      code: 'IMAGE_INVALID',
      details: { path: path.join('cats', 'notes.png') },
    });
    const png = await drawImage({ width: 8, height: 8, rgb: red });
    fs.writeFileSync(path.join(source, 'cats', 'notes.png'), png.subarray(0, png.length - 20));
    await expect(store.importFolder(source, { name: 'broken' })).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    nothingStored();
  });

  it('enforces the image size limits, names and empty folders', async () => {
    await put('huge.png', drawImage({ width: 65, height: 8, rgb: red }));
    await expect(store.importFolder(source, { name: 'huge' })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 64 } });
    fs.rmSync(path.join(source, 'huge.png'));
    await put('many.png', drawImage({ width: 64, height: 33, rgb: red }));
    await expect(store.importFolder(source, { name: 'many' })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 64 * 32 } });
    fs.rmSync(path.join(source, 'many.png'));
    // A requested size past the pixel count is refused with that limit, not the side limit.
    await expect(store.importFolder(source, { name: 'sized', width: 64, height: 64 })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { path: 'width', limit: 64 * 32, setting: 'limits.maxImagePixels' },
    });
    await expect(store.importFolder(source, { name: 'empty' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(store.importFolder(source, { name: '../escape' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'name' } });
    nothingStored();
  });

  const refusal = (folder: string) => store.importFolder(folder, { name: 'refused' }).then(
      () => ({ code: 'IMPORTED', message: '' }),
      (error: { code: string; message: string }) => error,
    );

  it('imports only from inside the input roots: `..`, symlinks, missing folders and files get one message', async () => {
    await put('cats/a.png', drawImage({ width: 8, height: 8, rgb: red }));
    const outside = path.join(home.home, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'b.png'), await drawImage({ width: 8, height: 8, rgb: blue }));
    fs.symlinkSync(outside, path.join(source, 'link'));
    const refusals = await Promise.all(
      [home.home, path.join(source, '..', 'outside'), path.join(source, 'link'), path.join(source, 'missing'), path.join(source, 'cats', 'a.png'), '/'].map(refusal),
    );
    for (const error of refusals) expect(error).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { path: 'path' } });
    expect(new Set(refusals.map((e) => e.message)).size).toBe(1);
    nothingStored();
    // The symlinked folder inside the root is skipped by the walk, not followed.
    const record = await store.importFolder(source, { name: 'cats' });
    expect(record).toMatchObject({ count: 1, labelNames: ['cats'] });
  });

  it('stops folder walks at the file, depth and byte bounds', async () => {
    await put('a/b/c/deep.png', drawImage({ width: 8, height: 8, rgb: red }));
    await put('a/one.png', drawImage({ width: 8, height: 8, rgb: red }));
    await put('a/two.png', drawImage({ width: 8, height: 8, rgb: red }));
    const bounded = (limits: Partial<AtelierConfig['limits']>) => {
      const narrow = { ...config, limits: { ...config.limits, ...limits } };
      return new FileDatasetStore(home.db, home.clock, narrow, new InputFiles(narrow), inProcessDecoder).importFolder(source, { name: 'bounded' });
    };
    await expect(bounded({ maxFolderDepth: 2 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 2, setting: 'limits.maxFolderDepth' } });
    await expect(bounded({ maxFolderFiles: 2 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 2, setting: 'limits.maxFolderFiles' } });
    await expect(bounded({ maxFolderBytes: 100 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 100, setting: 'limits.maxFolderBytes' } });
    nothingStored();
    expect((await bounded({ maxFolderDepth: 3, maxFolderFiles: 3 })).count).toBe(3);
  });

  it('refuses, before writing, imports past the decoded-pixel, data set and home disk budgets', async () => {
    const narrow = (limits: Partial<AtelierConfig['limits']>) => {
      const c = { ...config, limits: { ...config.limits, ...limits } };
      return new FileDatasetStore(home.db, home.clock, c, new InputFiles(c), inProcessDecoder);
    };
    const images = await Promise.all([0, 1, 2].map(() => drawImage({ width: 8, height: 8, rgb: red })));
    const upload = images.map((data) => ({ data }));
    await expect(narrow({ maxDecodedPixelsPerRequest: 2 * 64 }).importImages('px', upload)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 128, setting: 'limits.maxDecodedPixelsPerRequest' },
    });
    await expect(narrow({ maxHomeBytes: 1024 }).importImages('disk', upload)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 1024, setting: 'limits.maxHomeBytes' },
    });
    nothingStored();
    const capped = narrow({ maxDatasetPixels: 4 * 64 });
    await capped.importImages('capped', upload);
    await expect(capped.importImages('capped', upload)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { setting: 'limits.maxDatasetPixels' } });
    expect(capped.get('capped')?.count).toBe(3);
  });

  it('stores decoded labelled pixels as a new set, loads them by label, and refuses pixels that do not fit the labels', async () => {
    // Four 2×2 grey images, labelled a, b, a and none.
    const pixels = Uint8Array.from({ length: 16 }, (_, i) => i * 16);
    const images = { pixels, labels: Int32Array.from([0, 1, 0, -1]), width: 2, height: 2, channels: 1 as const, labelNames: ['a', 'b'] };
    const record = await store.importPixels('grey', images, 'mnist');
    expect(record).toMatchObject({ source: 'mnist', count: 4, width: 2, height: 2, channels: 1, labelNames: ['a', 'b'] });
    expect(store.load('grey').pixels).toEqual(pixels);
    const a = store.load('grey', { label: 'a' });
    expect([...a.labels]).toEqual([0, 0]);
    expect(a.pixels).toEqual(Uint8Array.from([...pixels.subarray(0, 4), ...pixels.subarray(8, 12)]));
    await expect(store.importPixels('grey', images, 'mnist')).rejects.toMatchObject({ code: 'CONFLICT' });

    await expect(store.importPixels('short', { ...images, pixels: pixels.subarray(0, 12) }, 'mnist')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'pixels' } });
    await expect(store.importPixels('unnamed', { ...images, labels: Int32Array.from([0, 2, 0, -1]) }, 'mnist')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'labels.1' } });
    await expect(store.importPixels('empty', { ...images, pixels: new Uint8Array(0), labels: new Int32Array(0) }, 'mnist')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(store.importPixels('huge', { ...images, width: 65, height: 1, pixels: new Uint8Array(4 * 65) }, 'mnist')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(store.list().map((set) => set.name)).toEqual(['grey']);
  });

  it('creates a set from uploads and appends later uploads with new labels', async () => {
    const first = await store.importImages('uploads', [{ data: await drawImage({ width: 6, height: 6, rgb: red }), label: 'red' }]);
    expect(first).toMatchObject({ source: 'upload', count: 1, width: 6, height: 6, channels: 3, labelNames: ['red'] });
    const before = store.load('uploads').pixels;
    const second = await store.importImages('uploads', [
      { data: await drawImage({ width: 12, height: 12, rgb: blue }), label: 'blue' },
      { data: await drawImage({ width: 6, height: 6, rgb: red }), label: 'red' },
    ]);
    expect(second).toMatchObject({ count: 3, width: 6, height: 6, labelNames: ['red', 'blue'], createdAt: first.createdAt });
    const after = store.load('uploads');
    expect([...after.labels]).toEqual([0, 1, 0]);
    expect(after.pixels.subarray(0, before.length)).toEqual(before);
    expect([...after.pixels.subarray(108, 111)]).toEqual(blue);
    await expect(store.importImages('uploads', [{ data: Buffer.from('nope') }])).rejects.toMatchObject({ code: 'IMAGE_INVALID', details: { path: 'images[0]' } });
    expect(store.get('uploads')!.count).toBe(3);

    expect(store.delete('uploads')).toBe(true);
    expect(store.delete('uploads')).toBe(false);
    expect(fs.existsSync(path.join(home.db.paths.datasets, 'uploads'))).toBe(false);
  });
});
