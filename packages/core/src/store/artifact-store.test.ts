import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHome } from './__fixtures__/temp-home.js';
import { writeArtifactFile } from './artifact-files.js';
import { FileArtifactStore } from './artifact-store.js';
import { SqliteRunStore } from './run-store.js';

describe('FileArtifactStore', () => {
  let home: ReturnType<typeof createTestHome>;
  let artifacts: FileArtifactStore;
  let runId: string;

  beforeEach(() => {
    home = createTestHome();
    artifacts = new FileArtifactStore(home.db, home.clock);
    runId = new SqliteRunStore(home.db, home.clock).create({ kind: 'pipeline', name: null, spec: {}, seed: 1 }).id;
  });
  afterEach(() => home.dispose());

  const tmpEntries = () => fs.readdirSync(home.db.paths.tmp);
  const artifactFiles = () => fs.readdirSync(home.db.paths.artifacts, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

  it('stores the file under artifacts/<run>/<id>.<ext> with its hash, and every row has its file', () => {
    const data = Buffer.from('not really a png');
    const record = artifacts.write({ runId, stepId: 'grid', kind: 'image', name: 'grid-0.png', mime: 'image/png', data, width: 2, height: 3, index: 0, meta: { seed: 9 } });
    expect(record.path).toBe(`artifacts/${runId}/${record.id}.png`);
    expect(record).toMatchObject({ bytes: data.length, sha256: crypto.createHash('sha256').update(data).digest('hex'), width: 2, height: 3, index: 0, meta: { seed: 9 } });
    expect(fs.readFileSync(artifacts.absolutePath(record))).toEqual(data);
    expect(artifacts.get(record.id)).toEqual(record);
    artifacts.write({ runId, stepId: null, kind: 'curve', name: 'loss.json', mime: 'application/json', data: Buffer.from('[]') });
    const listed = artifacts.list(runId);
    expect(listed.map((a) => a.name)).toEqual(['grid-0.png', 'loss.json']);
    for (const a of listed) expect(fs.existsSync(artifacts.absolutePath(a))).toBe(true);
    expect(tmpEntries()).toEqual([]);
  });

  it('leaves neither a row nor a file when recording fails after the file was placed', () => {
    home.db.sql.exec(`CREATE TRIGGER refuse BEFORE INSERT ON artifacts BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => artifacts.write({ runId, stepId: null, kind: 'image', name: 'x.png', mime: 'image/png', data: Buffer.from('x') })).toThrow(
      expect.objectContaining({ code: 'STORAGE_ERROR' }),
    );
    expect(artifacts.list(runId)).toEqual([]);
    expect(artifactFiles()).toEqual([]);
    expect(tmpEntries()).toEqual([]);
  });

  it('leaves neither a row nor a temp file when the file cannot be written', () => {
    // A plain file where the run's folder should be makes the rename into place fail.
    fs.writeFileSync(`${home.db.paths.artifacts}/${runId}`, 'in the way');
    expect(() => artifacts.write({ runId, stepId: null, kind: 'image', name: 'x.png', mime: 'image/png', data: Buffer.from('x') })).toThrow(
      expect.objectContaining({ code: 'STORAGE_ERROR' }),
    );
    expect(artifacts.list(runId)).toEqual([]);
    expect(tmpEntries()).toEqual([]);
  });

  it('refuses an unknown run before writing anything', () => {
    expect(() => artifacts.write({ runId: '../escape', stepId: null, kind: 'other', name: 'x', mime: 'text/plain', data: Buffer.from('x') })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(artifactFiles()).toEqual([]);
    expect(tmpEntries()).toEqual([]);
  });

  it('refuses to record a reported artifact whose path is not one core writes, leaving the table as it was', () => {
    const written = writeArtifactFile(home.db.paths, { runId, stepId: null, kind: 'other', name: 'x', mime: 'text/plain', data: Buffer.from('x') }, home.clock.now());
    for (const path of ['../../etc/passwd', `artifacts/${runId}/../../atelier.db`, `artifacts/${crypto.randomUUID()}/${written.id}.txt`]) {
      expect(() => artifacts.record({ ...written, path })).toThrow(expect.objectContaining({ code: 'STORAGE_ERROR', details: { path: 'path' } }));
    }
    expect(artifacts.list(runId)).toEqual([]);
    artifacts.record(written);
    expect(artifacts.list(runId).map((a) => a.id)).toEqual([written.id]);
  });
});
