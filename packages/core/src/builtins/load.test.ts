import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { makeTempDir } from '../__fixtures__/temp-dir.js';
import { tf } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { load } from './load.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let paths: string[];
beforeAll(async () => {
  temp = await makeTempDir();
  paths = await writeShapeImages(path.join(temp.dir, 'shapes'), { count: 3, width: 10, height: 8 });
});
afterAll(() => temp.remove());

describe('image.load', () => {
  it('reads image files into one batch with their paths as source', async () => {
    const ctx = await createTestContext({ inputRoots: [temp.dir] });
    const before = tf.memory().numTensors;
    const batch = await applyEditor(load, ctx, [], { paths });
    expect(batch.images.shape).toEqual([3, 8, 10, 3]);
    expect(batch.meta.map((m) => m.source)).toEqual(paths);
    const small = await applyEditor(load, ctx, [], { paths: paths.slice(0, 1), width: 4, height: 4, channels: 1 });
    expect(small.images.shape).toEqual([1, 4, 4, 1]);
    tf.dispose([batch.images, small.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads only regular files inside the input roots, refusing FIFOs, symlinks out and missing files alike', async () => {
    const root = path.join(temp.dir, 'shapes');
    const ctx = await createTestContext({ inputRoots: [root] });
    const fifo = path.join(root, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const outside = path.join(temp.dir, 'outside.png');
    fs.copyFileSync(paths[0], outside);
    fs.symlinkSync(outside, path.join(root, 'link.png'));
    const refused = [fifo, path.join(root, 'link.png'), path.join(root, '..', 'x.png'), path.join(root, 'missing.png'), root, '/etc/passwd'];
    const errors = await Promise.all(
      refused.map((file) =>
        applyEditor(load, ctx, [], { paths: [file] }).then(
          (batch) => ({ code: `LOADED ${batch.images.shape}`, message: '' }),
          (error: { code: string; message: string }) => error,
        ),
      ),
    );
    for (const error of errors) expect(error).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { path: 'paths.0' } });
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    const ok = await applyEditor(load, ctx, [], { paths: [paths[0]] });
    expect(ok.images.shape).toEqual([1, 8, 10, 3]);
    ok.images.dispose();
  });

  it('reads a data set through ctx.dataset and conforms it to the asked size and channels', async () => {
    const asked: unknown[] = [];
    const ctx = await createTestContext({
      dataset: async (name, options) => {
        asked.push({ name, ...options });
        return rampBatch(options?.count ?? 16, 6, 6, 1);
      },
    });
    const before = tf.memory().numTensors;
    const batch = await applyEditor(load, ctx, [], { dataset: 'digits', count: 2, label: 'seven', offset: 4, width: 3, height: 3, channels: 3 });
    expect(asked).toEqual([{ name: 'digits', count: 2, label: 'seven', offset: 4 }]);
    expect(batch.images.shape).toEqual([2, 3, 3, 3]);
    batch.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wants exactly one of paths or dataset, and both sizes or none', () => {
    expect(issuePaths(load.params, {})).toEqual(['paths']);
    expect(issuePaths(load.params, { paths: ['a.png'], dataset: 'digits' })).toEqual(['paths']);
    expect(load.params.safeParse({}).error?.issues[0].message).toMatch(/exactly one of `paths`/);
    expect(issuePaths(load.params, { dataset: 'digits', width: 4 })).toEqual(['width']);
    expect(issuePaths(load.params, { dataset: 'digits', count: 0 })).toEqual(['count']);
  });

  it('refuses more images than the configured step limit', async () => {
    const ctx = await createTestContext();
    ctx.limits = { ...ctx.limits, maxImagesPerStep: 2 };
    await expect(applyEditor(load, ctx, [], { paths })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'paths', limit: 2 } });
    await expect(applyEditor(load, ctx, [], { dataset: 'digits', count: 3 })).rejects.toMatchObject({ details: { path: 'count', limit: 2 } });
  });
});
