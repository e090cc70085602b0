import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from './generate.js';
import { targets } from './targets.js';

describe('generated types', () => {
  it.each(targets.map((target) => [path.relative(process.cwd(), target.file), target] as const))(
    '%s is what `pnpm codegen` makes of schema.graphql (run it after changing the schema or operations.graphql)',
    async (_file, target) => {
      expect(fs.readFileSync(target.file, 'utf8')).toBe(await generateTypes(target));
    },
  );
});
