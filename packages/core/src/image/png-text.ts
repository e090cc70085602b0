import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AtelierError } from '@atelier/plugin-api';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const textTypes = ['tEXt', 'zTXt', 'iTXt'];

export function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An uncompressed iTXt chunk: keyword, no language tag, UTF-8 text (tEXt would be Latin-1 only). */
function itxt(keyword: string, text: string): Buffer {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new AtelierError('INTERNAL', `PNG text keyword ${JSON.stringify(keyword)} is not 1–79 printable ASCII characters`);
  return chunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

function* chunks(png: Buffer): Generator<{ type: string; data: Buffer; start: number; end: number }> {
  if (png.length < 8 || !png.subarray(0, 8).equals(signature)) throw new AtelierError('IMAGE_INVALID', 'Not a PNG file', { path: 'image' });
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > png.length) throw new AtelierError('IMAGE_INVALID', 'The PNG file is truncated', { path: 'image' });
    yield { type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length), start: at, end };
    at = end;
  }
}

/**
 * Adds text chunks right after IHDR (sharp cannot write arbitrary ones). The pixel chunks are left
 * exactly as they were, so the image's data is unchanged byte for byte.
 */
export function addPngText(png: Buffer, entries: Record<string, string>): Buffer {
  return insertChunks(png, Object.entries(entries).map(([keyword, text]) => itxt(keyword, text)));
}

/** The PNG with `added` (whole chunks) right after IHDR. */
export function insertChunks(png: Buffer, added: Buffer[]): Buffer {
  const header = chunks(png).next().value;
  if (!header || header.type !== 'IHDR') throw new AtelierError('IMAGE_INVALID', 'The PNG file does not start with IHDR', { path: 'image' });
  return Buffer.concat([png.subarray(0, header.end), ...added, png.subarray(header.end)]);
}

const inflate = promisify(zlib.inflate);

/**
 * What one PNG may make the reader inflate. Atelier writes its chunks uncompressed; the bounds
 * leave room for a tool that recompressed them and refuse a zip bomb (a 200 KB chunk inflating to
 * 200 MB) after a bounded amount of work and memory.
 */
export const pngTextLimits = {
  /** Bytes one compressed chunk may inflate to. */
  chunkBytes: 1024 * 1024,
  /** Bytes all compressed chunks of one image may inflate to together. */
  totalBytes: 4 * 1024 * 1024,
  /** Compressed `atelier:*` chunks one image may carry (Atelier writes 6). */
  compressedChunks: 16,
};

/**
 * The text entries of a PNG by keyword: every tEXt and uncompressed iTXt, and the compressed zTXt
 * and iTXt chunks Atelier's own keywords (`atelier:*`) name, inflated off the event loop within
 * `pngTextLimits` (LIMIT_EXCEEDED past one). Other compressed text is skipped, never inflated.
 */
export async function readPngText(png: Buffer): Promise<Record<string, string>> {
  // No prototype: a keyword is client input, and `__proto__` must stay an ordinary entry.
  const entries: Record<string, string> = Object.create(null);
  let inflated = 0;
  let compressedChunks = 0;
  for (const { type, data } of chunks(png)) {
    const nul = data.indexOf(0);
    if (nul < 0 || !textTypes.includes(type)) continue;
    const keyword = data.toString('latin1', 0, nul);
    if (type === 'tEXt') {
      entries[keyword] = data.toString('latin1', nul + 1);
      continue;
    }
    const { compressed, text } = textOf(type, data, nul);
    if (!compressed) {
      entries[keyword] = text.toString('utf8');
      continue;
    }
    if (!keyword.startsWith('atelier:')) continue;
    compressedChunks += 1;
    if (compressedChunks > pngTextLimits.compressedChunks) {
      throw new AtelierError('LIMIT_EXCEEDED', `The PNG carries more than ${pngTextLimits.compressedChunks} compressed Atelier text chunks`, {
        path: 'image',
        limit: pngTextLimits.compressedChunks,
      });
    }
    // zlib takes no bound below 1 byte; an image at the total may overshoot it by that byte.
    const plain = await inflateText(text, keyword, Math.max(1, Math.min(pngTextLimits.chunkBytes, pngTextLimits.totalBytes - inflated)));
    inflated += plain.length;
    entries[keyword] = plain.toString(type === 'zTXt' ? 'latin1' : 'utf8');
  }
  return entries;
}

/** zTXt: keyword, NUL, method, deflated text. iTXt: keyword, NUL, flag, method, language, NUL, translated keyword, NUL, text. */
function textOf(type: string, data: Buffer, nul: number): { compressed: boolean; text: Buffer } {
  if (type === 'zTXt') return { compressed: true, text: data.subarray(nul + 2) };
  const language = data.indexOf(0, nul + 3);
  const translated = data.indexOf(0, language + 1);
  return { compressed: data[nul + 1] === 1, text: data.subarray(translated + 1) };
}

async function inflateText(data: Buffer, keyword: string, maxBytes: number): Promise<Buffer> {
  try {
    return await inflate(data, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AtelierError(
        'LIMIT_EXCEEDED',
        `The PNG text chunk "${keyword}" inflates to more than ${maxBytes} bytes (each chunk may give ${pngTextLimits.chunkBytes}, all of them ${pngTextLimits.totalBytes})`,
        { path: 'image', keyword, limit: maxBytes },
      );
    }
    throw new AtelierError('IMAGE_INVALID', `The PNG text chunk "${keyword}" is not valid compressed data`, { path: 'image', keyword }, { cause: error });
  }
}

/** The PNG without its text chunks: what two files of the same image share whatever their provenance. */
export function withoutPngText(png: Buffer): Buffer {
  const kept = [png.subarray(0, 8)];
  for (const { type, start, end } of chunks(png)) if (!textTypes.includes(type)) kept.push(png.subarray(start, end));
  return Buffer.concat(kept);
}
