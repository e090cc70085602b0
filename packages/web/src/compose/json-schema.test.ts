import { describe, expect, it } from 'vitest';
import { fieldsOf } from './json-schema.js';

describe('fieldsOf', () => {
  it('picks a control per parameter from zod-style JSON Schema', () => {
    const fields = fieldsOf({
      type: 'object',
      properties: {
        checkpoint: { type: 'string' },
        count: { type: 'integer', minimum: 1, maximum: 64, default: 16 },
        size: { anyOf: [{ type: 'number', const: 28 }, { type: 'number', const: 32 }] },
        mode: { type: 'string', enum: ['a', 'b'] },
        keep: { type: 'boolean', default: true },
        widths: { type: 'array', items: { type: 'integer' } },
      },
      required: ['checkpoint', 'count'],
    });
    expect(fields.map((f) => [f.name, f.control.kind, f.required])).toEqual([
      ['checkpoint', 'checkpoint', true],
      ['count', 'number', false],
      ['size', 'enum', false],
      ['mode', 'enum', false],
      ['keep', 'boolean', false],
      ['widths', 'json', false],
    ]);
    expect(fields[1].control).toEqual({ kind: 'number', integer: true, min: 1, max: 64 });
    expect(fields[2].control).toEqual({ kind: 'enum', options: [28, 32] });
  });
});
