import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClientTypes, generatedFile } from '../../codegen/generate.js';

describe('generated client types', () => {
  it('match schema.graphql and operations.graphql (run `pnpm --filter @atelier/web codegen` after changing either)', async () => {
    expect(fs.readFileSync(generatedFile, 'utf8')).toBe(await generateClientTypes());
  });
});
