import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, rowCounts, type TestAtelier } from '../testing/index.js';
import { exceedsJsonBytes } from './spec-bytes.js';

/** Issue 31: a step with 4 M `from` entries took 80 s and answered 4 M issues; a batch cloned a 20 MB spec 64 times. */
let atelier: TestAtelier;
/** The same, configured to accept huge specs, so the schema's own list bounds are what refuses them. */
let roomy: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier();
  roomy = await createTestAtelier({ limits: { maxSpecBytes: 256 * 1024 * 1024 } });
});

afterAll(async () => {
  await atelier?.cleanup();
  await roomy?.cleanup();
});

const load = { id: 'load', use: 'image.load', with: { dataset: 'none', count: 1 } };
const counts = (home: string) => {
  const { runs, batches } = rowCounts(home);
  return { runs, batches };
};

describe('the validation budget', () => {
  // First in the file: it reads the process's peak memory, which earlier tests would have raised.
  it('refuses a batch of an oversized spec before cloning it once per run', async () => {
    const spec = { steps: [{ ...load, with: { ...load.with, note: 'x'.repeat(8 * 1024 * 1024) } }] };
    const seeds = Array.from({ length: 64 }, (_, i) => i);
    const before = counts(atelier.home);
    const peakBefore = process.resourceUsage().maxRSS;
    const refusal = await atelier.submitBatch(spec, { seeds }).catch((error: unknown) => error);
    // 64 clones of the 8 MiB spec would take 512 MiB; refused first, the peak moves by far less (the
    // bound leaves room for the collector's timing, which moves the peak by a few clones' worth).
    expect((process.resourceUsage().maxRSS - peakBefore) * 1024).toBeLessThan(128 * 1024 * 1024);
    expect(refusal).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'spec', limit: 1024 * 1024, setting: 'limits.maxSpecBytes' } });
    expect(counts(atelier.home)).toEqual(before);
  });

  it('refuses a step with 4 million `from` entries with one issue naming the field and the limit', async () => {
    const from = Array.from({ length: 4_000_000 }, (_, i) => `s${i}`);
    const spec = { steps: [load, { id: 'blur', use: 'image.blur', with: { sigma: 1 }, from }] };
    const issues = await roomy.validatePipeline(spec);
    expect(issues).toEqual([{ step: 'blur', path: 'from', code: 'INVALID_SPEC', message: 'a step takes at most 100 inputs' }]);
    // With the default budget the spec is refused by its size, before it is parsed.
    await expect(atelier.validatePipeline(spec)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'spec', setting: 'limits.maxSpecBytes' } });
    // A batch checks its base spec once, not once per run.
    const before = counts(roomy.home);
    await expect(roomy.submitBatch(spec, { seeds: Array.from({ length: 64 }, (_, i) => i) })).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      issues: [{ step: 'blur', path: 'from', code: 'INVALID_SPEC', message: 'a step takes at most 100 inputs' }],
    });
    expect(counts(roomy.home)).toEqual(before);
  });

  it('refuses more steps than a pipeline or preprocess chain may have, and a batch sweeping too many parameters or bytes', async () => {
    const steps = Array.from({ length: 101 }, (_, i) => ({ ...load, id: `s${i}` }));
    expect(await roomy.validatePipeline({ steps })).toEqual([{ step: null, path: 'steps', code: 'INVALID_SPEC', message: 'a pipeline has at most 100 steps' }]);
    const spec = { steps: [load, { id: 'blur', use: 'image.blur', with: { sigma: 1 } }] };
    const before = counts(atelier.home);
    const params = Array.from({ length: 33 }, (_, i) => ({ path: `steps.blur.with.p${i}`, values: [1] }));
    await expect(atelier.submitBatch(spec, { params })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'params', limit: 32 } });
    const big = [{ path: 'steps.blur.with.sigma', values: ['x'.repeat(2 * 1024 * 1024)] }];
    await expect(atelier.submitBatch(spec, { params: big })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { path: 'params', limit: 1024 * 1024, setting: 'limits.maxSpecBytes' },
    });
    // A long swept value is shortened in the message of every run that has it.
    const long = [{ path: 'steps.blur.with.sigma', values: ['x'.repeat(1000)] }];
    const invalid = (await atelier.submitBatch(spec, { params: long, seeds: [1, 2] }).catch((error: unknown) => error)) as { issues: { message: string }[] };
    expect(invalid.issues).toHaveLength(2);
    for (const issue of invalid.issues) expect(issue.message).toMatch(/sigma="x{78}…/);
    expect(counts(atelier.home)).toEqual(before);
    const preprocess = Array.from({ length: 101 }, () => ({ use: 'augment.flip' }));
    await expect(atelier.submitTraining({ family: 'none', dataset: 'none', preprocess })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'preprocess', problems: [{ path: 'preprocess', message: 'at most 100 preprocessors', code: 'BAD_USER_INPUT' }] },
    });
  });
});

describe('exceedsJsonBytes', () => {
  it('counts the bytes of JSON exactly for plain values, without recursion', () => {
    const values = [{ a: [1, 'two', null, true, {}, []], é: { b: 'ü' } }, [], {}, 'x', 12.5];
    for (const value of values) {
      const bytes = Buffer.byteLength(JSON.stringify(value));
      expect([exceedsJsonBytes(value, bytes), exceedsJsonBytes(value, bytes - 1)], JSON.stringify(value)).toEqual([false, true]);
    }
    let deep: unknown = 0;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(exceedsJsonBytes(deep, 4_000_000)).toBe(false);
    expect(exceedsJsonBytes(deep, 1_000_000)).toBe(true);
  });
});
