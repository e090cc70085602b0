import { describe, expect, it } from 'vitest';
import { checkImageSize, imageSizeExcess } from './image-size.js';

describe('image size limits', () => {
  const limits = { maxImageSide: 64, maxImagePixels: 40 * 40 };

  it('names the side limit first, then the pixel count, each with its own limit', () => {
    expect(imageSizeExcess(limits, 40, 40)).toBeNull();
    expect(imageSizeExcess(limits, 10, 65)).toMatchObject({ setting: 'maxImageSide', limit: 64, side: 'height' });
    expect(imageSizeExcess(limits, 50, 50)).toMatchObject({ setting: 'maxImagePixels', limit: 1600, side: null, reason: '2500 pixels each, maxImagePixels is 1600' });
  });

  it('throws LIMIT_EXCEEDED with the crossed limit, its setting and the field behind it', () => {
    const paths = { width: 'with.width', height: 'with.height' };
    expect(() => checkImageSize(limits, 50, 50, 'Images of', { step: 's' }, paths)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: { step: 's', path: 'with.width', limit: 1600, setting: 'limits.maxImagePixels' } }),
    );
    expect(() => checkImageSize(limits, 8, 80, 'Images of', {}, paths)).toThrow(
      expect.objectContaining({ message: 'Images of 8×80; maxImageSide is 64 px', details: { path: 'with.height', limit: 64, setting: 'limits.maxImageSide' } }),
    );
    expect(() => checkImageSize(limits, 40, 40, 'Images of')).not.toThrow();
  });
});
