import { AtelierError, type DatasetRecord } from '@atelier/plugin-api';

/** Resolves a label given by index or by name to its index; anything else names the valid labels. */
function labelIndex(record: DatasetRecord, label: number | string): number {
  const index = typeof label === 'number' ? label : record.labelNames.indexOf(label);
  if (Number.isInteger(index) && index >= 0 && index < record.labelNames.length) return index;
  const valid = record.labelNames.length > 0 ? `one of ${record.labelNames.join(', ')} (or its index)` : 'absent: this data set has no labels';
  throw new AtelierError('BAD_USER_INPUT', `Unknown label ${JSON.stringify(label)} for data set ${record.name}; label must be ${valid}`, {
    path: 'label',
    value: label,
    labelNames: record.labelNames,
  });
}

function nonNegativeInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new AtelierError('BAD_USER_INPUT', `${name} must be a non-negative integer; got ${value}`, { path: name, limit: 0 });
  }
  return value;
}

/** Copies out a slice of a set: filtered by label first, then `offset` and `count` over what is left. */
export function selectImages(
  record: DatasetRecord,
  files: { pixels: Uint8Array; labels: Int32Array },
  options: { count?: number; offset?: number; label?: number | string },
): { pixels: Uint8Array; labels: Int32Array; count: number } {
  const imageBytes = record.width * record.height * record.channels;
  const wanted = options.label === undefined ? null : labelIndex(record, options.label);
  const indices: number[] = [];
  for (let i = 0; i < record.count; i++) if (wanted === null || files.labels[i] === wanted) indices.push(i);
  const offset = nonNegativeInteger(options.offset, 'offset', 0);
  const count = nonNegativeInteger(options.count, 'count', indices.length);
  const chosen = indices.slice(offset, offset + count);
  const pixels = new Uint8Array(chosen.length * imageBytes);
  chosen.forEach((source, i) => pixels.set(files.pixels.subarray(source * imageBytes, (source + 1) * imageBytes), i * imageBytes));
  return { pixels, labels: Int32Array.from(chosen, (source) => files.labels[source]), count: chosen.length };
}
