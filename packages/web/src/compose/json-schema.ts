/** The parts of a component's parameter JSON Schema (zod's output) that the step forms read. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  items?: JsonSchema;
}

export type FieldKind =
  | { kind: 'checkpoint' }
  | { kind: 'dataset' }
  | { kind: 'enum'; options: unknown[] }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'json' };

export interface Field {
  name: string;
  schema: JsonSchema;
  required: boolean;
  control: FieldKind;
}

function types(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** Literal choices of an enum or of a union of constants (`28 | 32 | 64`), else null. */
function choices(schema: JsonSchema): unknown[] | null {
  if (schema.enum) return schema.enum;
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length && union.every((option) => 'const' in option || option.enum?.length === 1)) {
    return union.map((option) => ('const' in option ? option.const : option.enum![0]));
  }
  return null;
}

function controlFor(name: string, schema: JsonSchema): FieldKind {
  if (name === 'checkpoint' || name === 'resume') return { kind: 'checkpoint' };
  if (name === 'dataset') return { kind: 'dataset' };
  const options = choices(schema);
  if (options) return { kind: 'enum', options };
  const t = types(schema);
  if (t.includes('integer') || t.includes('number')) {
    return {
      kind: 'number',
      integer: t.includes('integer'),
      min: schema.minimum ?? schema.exclusiveMinimum,
      max: schema.maximum ?? schema.exclusiveMaximum,
    };
  }
  if (t.includes('boolean')) return { kind: 'boolean' };
  if (t.length === 1 && t[0] === 'string') return { kind: 'string' };
  return { kind: 'json' };
}

/** One form field per top-level parameter, in the schema's order. */
export function fieldsOf(schema: unknown): Field[] {
  const object = (schema ?? {}) as JsonSchema;
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, fieldSchema]) => ({
    name,
    schema: fieldSchema,
    required: required.has(name) && fieldSchema.default === undefined,
    control: controlFor(name, fieldSchema),
  }));
}
