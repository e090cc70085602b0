import { describe, expect, it } from 'vitest';
import { checkpointMismatch } from './checkpoint-mismatch.js';

describe('checkpointMismatch', () => {
  const gan = { ref: 'g1', family: 'gan.dcgan', capabilities: ['generate'], component: 'vae.generate' };

  it('passes a checkpoint whose family and capability fit', () => {
    expect(checkpointMismatch(gan, { families: ['gan.dcgan'], capability: 'generate' })).toBeNull();
    expect(checkpointMismatch(gan, {})).toBeNull();
  });

  it('names the family, the missing capability or the missing plugin', () => {
    expect(checkpointMismatch(gan, { families: ['vae.conv', 'vae.conditional'] })).toBe('checkpoint "g1" is a gan.dcgan; vae.generate takes vae.conv or vae.conditional');
    expect(checkpointMismatch(gan, { capability: 'encode' })).toBe('checkpoint "g1" (gan.dcgan) cannot encode');
    expect(checkpointMismatch({ ...gan, capabilities: undefined }, { capability: 'generate' })).toBe(
      'checkpoint "g1" needs model family gan.dcgan, which no loaded plugin provides',
    );
  });
});
