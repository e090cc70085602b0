import { describe, expect, it } from 'vitest';
import { checkImageCount } from './image-count.js';
import { resolveLabel } from './labels.js';

describe('resolveLabel', () => {
  const names = ['cat', 'dog', '7'];

  it('takes a string as a name and a number as an index', () => {
    expect(resolveLabel('dog', names, 'with.label')).toBe(1);
    expect(resolveLabel(2, names, 'with.label')).toBe(2);
    expect(resolveLabel('7', names, 'with.label')).toBe(2);
    expect(() => resolveLabel('1', names, 'with.label')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuses an unknown label or one for an unlabelled checkpoint, naming the field and the limit', () => {
    expect(() => resolveLabel(3, names, 'with.labels.0')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'with.labels.0', limit: 2 } }));
    expect(() => resolveLabel('cow', names, 'with.label')).toThrow(/0: cat, 1: dog, 2: 7/);
    expect(() => resolveLabel(0, [], 'with.label')).toThrow(expect.objectContaining({ details: { path: 'with.label', limit: 0 } }));
  });
});

describe('checkImageCount', () => {
  const limits = { maxImagesPerStep: 8, maxImagesPerRun: 64, maxImagePixels: 1 << 20, maxImageSide: 1024 };

  it('accepts counts up to the configured per-step limit and refuses more, naming the step, field and limit', () => {
    expect(() => checkImageCount({ limits, stepId: 'gen' }, 8, 'with.count')).not.toThrow();
    expect(() => checkImageCount({ limits, stepId: 'gen' }, 9, 'with.count')).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: { step: 'gen', path: 'with.count', limit: 8 } }),
    );
  });
});
