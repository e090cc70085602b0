import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const runMutation = `mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`;
const loadSpec = (paths: string[]) => ({ steps: [{ id: 'load', use: 'image.load', with: { paths } }] });

/** Finding 1: any client could read any image on the server's disk, and learn which files exist. */
describe('input roots', () => {
  let t: TestServer;
  let inputs: string;
  let outside: string;
  beforeAll(async () => {
    t = await startTestServer();
    inputs = t.atelier.config.inputRoots[0];
    outside = path.join(t.atelier.config.home, 'outside');
    fs.mkdirSync(path.join(outside, 'digits'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'digits', 'secret.png'), pngImage(1));
    fs.writeFileSync(path.join(inputs, 'ok.png'), pngImage(2));
    fs.mkdirSync(path.join(inputs, 'set', 'a'), { recursive: true });
    fs.writeFileSync(path.join(inputs, 'set', 'a', 'one.png'), pngImage(3));
    fs.symlinkSync(path.join(outside, 'digits', 'secret.png'), path.join(inputs, 'link.png'));
    fs.symlinkSync(outside, path.join(inputs, 'linked-folder'));
    execFileSync('mkfifo', [path.join(inputs, 'fifo.png')]);
  });
  afterAll(() => t?.close());

  const submit = (paths: string[]) => t.gql<{ runPipeline: { id: string } }>(runMutation, { spec: loadSpec(paths) });

  it('is created at start in the home', () => {
    expect(inputs).toBe(path.join(t.atelier.config.home, 'inputs'));
    expect(fs.statSync(inputs).isDirectory()).toBe(true);
  });

  it('refuses image.load paths outside the roots, through `..`, symlinks and FIFOs, with one text, before anything is recorded', async () => {
    const refused = [
      path.join(outside, 'digits', 'secret.png'),
      path.join(inputs, '..', 'outside', 'digits', 'secret.png'),
      path.join(inputs, 'link.png'),
      path.join(inputs, 'fifo.png'),
      path.join(inputs, 'missing.png'),
      '/etc/passwd',
      '/root/.ssh/id_rsa',
      inputs,
    ];
    const before = t.rowCounts();
    const answers = [];
    for (const file of refused) answers.push(await submit([file]));
    const issues = answers.map((answer) => {
      expect(answer.data).toBeNull();
      expect(answer.errors![0].extensions.code).toBe('PIPELINE_INVALID');
      return (answer.errors![0].extensions.issues as { step: string; path: string; code: string; message: string }[])[0];
    });
    for (const issue of issues) expect(issue).toMatchObject({ step: 'load', path: 'with.paths.0', code: 'PATH_NOT_ALLOWED' });
    // Missing, unreadable, a directory, a FIFO or outside: nothing tells them apart, and nothing is recorded.
    expect(new Set(issues.map((issue) => issue.message)).size).toBe(1);
    expect(issues[0].message).not.toContain('secret');
    expect(t.rowCounts()).toEqual(before);

    const ok = await submit([path.join(inputs, 'ok.png')]);
    const run = await t.atelier.queue.wait(ok.data!.runPipeline.id);
    expect(run.status).toBe('succeeded');
    expect(t.atelier.artifacts.list(run.id)).toHaveLength(1);
  });

  it('refuses folder imports outside the roots, `/` included, as PATH_NOT_ALLOWED (never INTERNAL), storing nothing', async () => {
    const importFolder = (folder: string) =>
      t.gql(`mutation($path: String!) { importDataset(source: folder, name: "stolen", path: $path) { count } }`, { path: folder });
    const before = t.rowCounts();
    const answers = [];
    for (const folder of ['/', '/usr', outside, path.join(inputs, '..'), path.join(inputs, 'linked-folder'), path.join(inputs, 'nope')]) {
      answers.push(await importFolder(folder));
    }
    for (const answer of answers) {
      expect(answer.data).toBeNull();
      expect(answer.errors![0].extensions).toMatchObject({ code: 'PATH_NOT_ALLOWED', path: 'path' });
      expect(answer.errors![0].extensions.stacktrace).toBeUndefined();
    }
    expect(new Set(answers.map((a) => a.errors![0].message)).size).toBe(1);
    expect(t.rowCounts()).toEqual(before);
    expect(fs.readdirSync(path.join(t.atelier.config.home, 'datasets'))).toEqual([]);

    const imported = await importFolder(path.join(inputs, 'set'));
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importDataset).toEqual({ count: 1 });
  });
});
