import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const importedPackage = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]((?:@[^/'"]+\/)?[^/'"]+)[^'"]*['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(full);
    return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every package a file imports (`@atelier/core`, `@tensorflow/tfjs`), as `file: package` lines. */
function imports(files: string[]): { file: string; pkg: string }[] {
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(importedPackage)].map((m) => ({ file: path.relative(repoRoot, file), pkg: m[1]! })),
  );
}

/** The first-party plugins and the example plugins: every folder that holds a plugin manifest. */
function pluginFolders(): string[] {
  const packages = readdirSync(path.join(repoRoot, 'packages')).filter((name) => name.startsWith('plugin-') && name !== 'plugin-api');
  const examples = readdirSync(path.join(repoRoot, 'examples')).filter((name) => name.startsWith('plugin-'));
  return [...packages.map((name) => path.join(repoRoot, 'packages', name)), ...examples.map((name) => path.join(repoRoot, 'examples', name))];
}

const isTestOrBench = (file: string) => /\.test\.ts$|\/__fixtures__\/|^[^/]+\/[^/]+\/bench\//.test(file);

describe('what a plugin imports', () => {
  it('a plugin\'s own code imports no Atelier package but @atelier/plugin-api', () => {
    const files = pluginFolders().flatMap((folder) => sourceFiles(path.join(folder, 'src')));
    expect(files.length).toBeGreaterThan(50);
    const offending = imports(files)
      .filter(({ file, pkg }) => pkg.startsWith('@atelier/') && pkg !== '@atelier/plugin-api' && !isTestOrBench(file))
      .map(({ file, pkg }) => `${file}: ${pkg}`);
    expect(offending).toEqual([]);
  });

  it('its tests and benches may run it inside a host, through @atelier/core, and never reach another plugin', () => {
    const files = pluginFolders().flatMap((folder) => sourceFiles(folder));
    const offending = imports(files)
      .filter(({ pkg }) => pkg.startsWith('@atelier/') && !['@atelier/plugin-api', '@atelier/core'].includes(pkg))
      .map(({ file, pkg }) => `${file}: ${pkg}`);
    expect(offending).toEqual([]);
  });
});

describe('one tfjs instance per process', () => {
  it('only the plugin API imports tfjs itself, and only core\'s engine a backend: plugins and the server take `tf` from the API', () => {
    const roots = ['server', ...pluginFolders().map((folder) => path.relative(path.join(repoRoot, 'packages'), folder))];
    const files = roots.flatMap((root) => sourceFiles(path.resolve(repoRoot, 'packages', root, 'src')));
    const coreOutsideEngine = sourceFiles(path.join(repoRoot, 'packages/core/src')).filter((file) => !file.includes(`${path.sep}engine${path.sep}`));
    const offending = imports([...files, ...coreOutsideEngine]).filter(({ pkg }) => pkg.startsWith('@tensorflow/')).map(({ file, pkg }) => `${file}: ${pkg}`);
    expect(offending).toEqual([]);
  });

  it('the scan finds the imports the plugin API and the engine make', () => {
    const api = imports(sourceFiles(path.join(repoRoot, 'packages/plugin-api/src'))).filter(({ pkg }) => pkg === '@tensorflow/tfjs');
    expect(api.map(({ file }) => path.basename(file))).toContain('tf.ts');
    const engine = imports(sourceFiles(path.join(repoRoot, 'packages/core/src/engine'))).filter(({ pkg }) => pkg === '@tensorflow/tfjs-backend-wasm');
    expect(engine.length).toBeGreaterThan(0);
  });
});
