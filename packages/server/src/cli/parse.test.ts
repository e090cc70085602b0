import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectSetting } from './parse.js';

describe('--set key=value', () => {
  it('nests dotted keys and parses JSON values', () => {
    expect(collectSetting('widths=[64,128]', collectSetting('optimizer.lr=0.01'))).toEqual({ optimizer: { lr: 0.01 }, widths: [64, 128] });
  });

  it('refuses prototype keys instead of writing Object.prototype', () => {
    for (const entry of ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'a.prototype=1']) {
      expect(() => collectSetting(entry), entry).toThrow(InvalidArgumentError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
