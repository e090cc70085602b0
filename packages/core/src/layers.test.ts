import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Core's folders from the bottom up: a folder may import its own files and those of folders in
 * earlier rows, never a later row or another folder of its own row. A folder is the directory a file
 * sits in, relative to `src` (`store/migrations` is one folder, `store` another); the files directly
 * in `src` are the facade, `.`. Tests and `__fixtures__` are left out: they may reach anything.
 */
const layers: string[][] = [
  // Nothing of core below them: they build on @atelier/plugin-api alone.
  ['engine/kernels', 'image', 'plugins', 'sdk'],
  ['engine'],
  ['config', 'parallel'],
  // Store, queue, input and run-port interfaces, records, and the DI tokens (which name only types from here down).
  ['contracts'],
  ['builtins', 'inputs', 'store/migrations'],
  ['store'],
  ['datasets', 'pipeline'],
  ['training'],
  // The protocol between the API process and worker processes, and the recorder of what they report.
  ['run'],
  // Queueing and execution, each without the other.
  ['jobs', 'worker'],
  // What adapter packages (BullMQ, S3) implement and build from, `@atelier/core/adapter`: a queue
  // adapter's worker host runs worker processes, so it sits above queueing and execution both.
  ['adapters'],
  ['.'],
  ['testing'],
];

const src = path.dirname(fileURLToPath(import.meta.url));
const rank = new Map(layers.flatMap((row, index) => row.map((folder) => [folder, index] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const folderOf = (file: string) => path.relative(src, path.dirname(file)).split(path.sep).join('/') || '.';
const shown = (file: string) => path.relative(src, file).split(path.sep).join('/');

/** Every relative import of every source file, type-only and dynamic ones included, as file-level edges. */
function importEdges(files: string[]): { from: string; to: string }[] {
  return files.flatMap((from) =>
    ts
      .preProcessFile(readFileSync(from, 'utf8'), true, true)
      .importedFiles.filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => {
        const to = path.resolve(path.dirname(from), fileName.replace(/\.js$/, '.ts'));
        if (!existsSync(to)) throw new Error(`${shown(from)} imports ${fileName}, which is not a file of core`);
        return { from, to };
      }),
  );
}

/** Every folder of the files → folder it imports → one file-level edge that makes it so. */
function folderGraph(files: string[]): Map<string, Map<string, string>> {
  const graph = new Map(files.map((file) => [folderOf(file), new Map<string, string>()]));
  for (const { from, to } of importEdges(files)) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a !== b && !graph.get(a)!.has(b)) graph.get(a)!.set(b, `${shown(from)} → ${shown(to)}`);
  }
  return graph;
}

/** One cycle of the graph as lines `a → b (file → file)`, or null when there is none. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (folder: string): string[] | null => {
    const open = trail.indexOf(folder);
    if (open >= 0) {
      const loop = [...trail.slice(open), folder];
      return loop.slice(1).map((to, i) => `${loop[i]} → ${to} (${graph.get(loop[i]!)!.get(to)})`);
    }
    if (done.has(folder)) return null;
    trail.push(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    done.add(folder);
    return null;
  };
  for (const folder of graph.keys()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return null;
}

describe("core's folders form layers", () => {
  const files = sourceFiles(src);
  const graph = folderGraph(files);
  const folderEdges = [...graph].flatMap(([from, targets]) => [...targets].map(([to, edge]) => ({ from, to, edge })));

  it('reads a graph worth checking', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(folderEdges.length).toBeGreaterThan(60);
    expect(graph.get('worker')?.has('run')).toBe(true);
  });

  it('has no import cycle between folders', () => {
    expect(findCycle(graph), 'a cycle, one file-level import per hop').toBeNull();
  });

  it('places every folder in the table, and the table names only folders that exist', () => {
    expect([...graph.keys()].filter((folder) => !rank.has(folder)), 'folders missing from `layers`').toEqual([]);
    expect([...rank.keys()].filter((folder) => !graph.has(folder)), 'folders in `layers` without source files').toEqual([]);
  });

  it('imports only downwards', () => {
    const upward = folderEdges.filter(({ from, to }) => !(rank.get(to)! < rank.get(from)!)).map(({ from, to, edge }) => `${from} → ${to} (${edge})`);
    expect(upward, 'imports of a folder in the same or a later row of `layers`').toEqual([]);
  });
});
