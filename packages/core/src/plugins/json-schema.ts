import { z } from 'zod';

/** Parameter schemas go to clients as JSON Schema (draft 2020-12), with defaults filled in. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/**
 * Why a parameter schema cannot go to clients as JSON Schema (a `z.date()`, `z.custom()`, a transform
 * with no input type…), or null when it can. Registration refuses such a component.
 */
export function jsonSchemaProblem(schema: z.ZodType): string | null {
  try {
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
