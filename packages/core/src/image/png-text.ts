import zlib from 'node:zlib';
import { AtelierError } from '@atelier/plugin-api';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
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
  const header = chunks(png).next().value;
  if (!header || header.type !== 'IHDR') throw new AtelierError('IMAGE_INVALID', 'The PNG file does not start with IHDR', { path: 'image' });
  const added = Object.entries(entries).map(([keyword, text]) => itxt(keyword, text));
  return Buffer.concat([png.subarray(0, header.end), ...added, png.subarray(header.end)]);
}

/** Every tEXt, zTXt and iTXt entry of a PNG, by keyword. */
export function readPngText(png: Buffer): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const { type, data } of chunks(png)) {
    const nul = data.indexOf(0);
    if (nul < 0 || !['tEXt', 'zTXt', 'iTXt'].includes(type)) continue;
    const keyword = data.toString('latin1', 0, nul);
    if (type === 'tEXt') entries[keyword] = data.toString('latin1', nul + 1);
    else if (type === 'zTXt') entries[keyword] = zlib.inflateSync(data.subarray(nul + 2)).toString('latin1');
    else {
      const compressed = data[nul + 1] === 1;
      const language = data.indexOf(0, nul + 3);
      const translated = data.indexOf(0, language + 1);
      const text = data.subarray(translated + 1);
      entries[keyword] = (compressed ? zlib.inflateSync(text) : text).toString('utf8');
    }
  }
  return entries;
}

/** The PNG without its text chunks: what two files of the same image share whatever their provenance. */
export function withoutPngText(png: Buffer): Buffer {
  const kept = [png.subarray(0, 8)];
  for (const { type, start, end } of chunks(png)) if (!['tEXt', 'zTXt', 'iTXt'].includes(type)) kept.push(png.subarray(start, end));
  return Buffer.concat(kept);
}
