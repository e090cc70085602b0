import { describe, expect, it } from 'vitest';
import { checkCount } from './params.js';

describe('checkCount', () => {
  const limits = { maxImagesPerStep: 8, maxImagesPerRun: 64, maxImagePixels: 1 << 20, maxImageSide: 1024 };

  it('accepts counts up to the configured per-step limit and refuses more, naming the field and the limit', () => {
    expect(() => checkCount(8, limits, 'with.count')).not.toThrow();
    expect(() => checkCount(9, limits, 'with.count')).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: { path: 'with.count', limit: 8 } }),
    );
  });
});
