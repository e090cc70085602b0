import { AtelierError } from '@atelier/plugin-api';

/** An image as a client sends it: base64 (or a `data:` URL) from GraphQL, bytes from the CLI. */
export interface EncodedImage {
  data: string | Buffer;
  label?: string | null;
}

const dataUrlPrefix = /^data:[\w/+.-]*;base64,/;
const base64Body = /^[A-Za-z0-9+/]*={0,2}$/;

const signatures: { mime: string; matches(data: Buffer): boolean }[] = [
  { mime: 'image/png', matches: (d) => d.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', matches: (d) => d[0] === 0xff && d[1] === 0xd8 && d[2] === 0xff },
  { mime: 'image/webp', matches: (d) => d.toString('latin1', 0, 4) === 'RIFF' && d.toString('latin1', 8, 12) === 'WEBP' },
];

/** Decoded bytes of a base64 body, counted without decoding it. */
function base64Bytes(body: string): number {
  return Math.floor((body.length * 3) / 4) - (body.match(/=*$/)?.[0].length ?? 0);
}

/**
 * Decodes uploads, refusing the whole request before anything is written when one of them is not
 * base64, not a PNG/JPEG/WebP file, or when together they exceed the upload limit.
 */
export function decodeUploads(images: EncodedImage[], limits: { maxUploadBytes: number; maxImagesPerStep: number }): { data: Buffer; label?: string }[] {
  if (images.length === 0) throw new AtelierError('BAD_USER_INPUT', 'No images to upload', { path: 'images' });
  if (images.length > limits.maxImagesPerStep) {
    throw new AtelierError('LIMIT_EXCEEDED', `At most ${limits.maxImagesPerStep} images per upload; got ${images.length}`, {
      path: 'images',
      limit: limits.maxImagesPerStep,
    });
  }
  const bodies = images.map(({ data }, index) => {
    if (Buffer.isBuffer(data)) return data;
    const body = data.replace(dataUrlPrefix, '').replace(/\s+/g, '');
    if (!base64Body.test(body) || body.length % 4 === 1) {
      throw new AtelierError('BAD_USER_INPUT', `images[${index}].data is not base64`, { path: `images.${index}.data` });
    }
    return body;
  });
  // Measured before decoding, so an oversized request costs no memory beyond its JSON body.
  const total = bodies.reduce((sum, body) => sum + (Buffer.isBuffer(body) ? body.length : base64Bytes(body)), 0);
  if (total > limits.maxUploadBytes) {
    throw new AtelierError('LIMIT_EXCEEDED', `Uploads may total at most ${limits.maxUploadBytes} bytes; got ${total}`, {
      path: 'images',
      limit: limits.maxUploadBytes,
    });
  }
  return bodies.map((body, index) => {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body, 'base64');
    if (!signatures.some((signature) => signature.matches(data))) {
      throw new AtelierError('IMAGE_INVALID', `images[${index}] is not a PNG, JPEG or WebP image`, { path: `images.${index}.data` });
    }
    const label = images[index].label;
    return label === null || label === undefined ? { data } : { data, label };
  });
}
