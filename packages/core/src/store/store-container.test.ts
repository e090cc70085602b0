import { container as rootContainer } from 'tsyringe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { FileDatasetStore } from '../datasets/dataset-store.js';
import { inProcessDecoder } from '../datasets/decode-images.js';
import { InputFiles } from '../inputs/input-files.js';
import { asInjectionToken, Tokens } from '../contracts/tokens.js';
import { createTestHome } from './__fixtures__/temp-home.js';
import { FileArtifactStore } from './artifact-store.js';
import { FileCheckpointStore } from './checkpoint-store.js';
import { SqlitePipelineStore } from './pipeline-store.js';
import { SqliteRunStore } from './run-store.js';

describe('store services in a container', () => {
  let home: ReturnType<typeof createTestHome>;
  beforeEach(() => (home = createTestHome()));
  afterEach(() => home.dispose());

  it('resolve through their @inject tokens alone', () => {
    const container = rootContainer.createChildContainer();
    container.register(asInjectionToken(Tokens.Database), { useValue: home.db });
    container.register(asInjectionToken(Tokens.Clock), { useValue: home.clock });
    container.register(asInjectionToken(Tokens.Config), { useValue: loadConfig({ cwd: home.home, env: {}, overrides: { home: home.home } }) });
    container.register(asInjectionToken(Tokens.InputFiles), { useClass: InputFiles });
    container.register(asInjectionToken(Tokens.DatasetDecoder), { useValue: inProcessDecoder });
    const runs = container.resolve(SqliteRunStore);
    const run = runs.create({ kind: 'pipeline', name: null, spec: {}, seed: 1 });
    expect(container.resolve(FileArtifactStore).list(run.id)).toEqual([]);
    expect(container.resolve(FileCheckpointStore).list()).toEqual([]);
    expect(container.resolve(SqlitePipelineStore).list()).toEqual([]);
    expect(container.resolve(FileDatasetStore).list()).toEqual([]);
    container.dispose();
  });
});
