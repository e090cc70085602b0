import { z } from 'zod';

/** Parameter schemas go to clients as JSON Schema (draft 2020-12), with defaults filled in. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
