import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tfjsImport = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](@tensorflow\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [full] : [];
  });
}

/** Imports of a tfjs package outside core, as `file: package` lines. */
export function tfjsImportsOutsideCore(): string[] {
  const roots = readdirSync(packagesDir)
    .filter((name) => name.startsWith('plugin-') || name === 'server')
    .map((name) => path.join(packagesDir, name, 'src'));
  return roots.flatMap((root) =>
    sourceFiles(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(tfjsImport)].map((m) => `${path.relative(packagesDir, file)}: ${m[1]}`),
    ),
  );
}

describe('one tfjs instance per process', () => {
  it('plugins and the server take tf from @atelier/core, never from a @tensorflow package', () => {
    expect(tfjsImportsOutsideCore()).toEqual([]);
  });

  it('the scan finds the imports core itself makes', () => {
    const core = sourceFiles(path.join(packagesDir, 'core', 'src', 'engine'));
    const hits = core.filter((file) => [...readFileSync(file, 'utf8').matchAll(tfjsImport)].length > 0);
    expect(hits.map((file) => path.basename(file))).toContain('tf.ts');
  });
});
