import { describe, expect, it } from 'vitest';
import { initEngine, parseBackendChoice } from './engine.js';
import { engineKernelNames, registerEngineKernels } from './register-kernels.js';
import { tf } from '@atelier/plugin-api';

describe('engine selection', () => {
  it('refuses a forced native backend whose addon is missing, saying why and what to install', async () => {
    const error = await initEngine('tensorflow').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENGINE_UNAVAILABLE', details: { backend: 'tensorflow' } });
    expect((error as Error).message).toMatch(/tfjs_binding\.node.*not installed/);
    expect((error as Error).message).toMatch(/Install @tensorflow\/tfjs-node@4\.22\.0/);
  });

  it('rejects an unknown ATELIER_BACKEND', () => {
    expect(() => parseBackendChoice('cuda')).toThrow(/ATELIER_BACKEND must be one of/);
  });

  it('auto skips the native backends here and picks WASM, with Atelier kernels installed', async () => {
    const engine = await initEngine('auto');
    const report = engine.report();
    expect(report).toMatchObject({ backend: 'wasm', native: false, gpu: null, tfjsVersion: tf.version.tfjs, threads: 1 });
    expect(report.skipped.map((s) => s.backend)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(report.kernels.sort()).toEqual(engineKernelNames('wasm').sort());
    expect(tf.getBackend()).toBe('wasm');
  });

  it('registers kernels idempotently', () => {
    const kernel = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    expect(registerEngineKernels('wasm')).toEqual([]);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')).toBe(kernel);
  });
});
