import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import * as sdk from './index.js';

describe('@atelier/core/plugin', () => {
  it('offers the contracts, the one tf and z, and the shared helpers', () => {
    for (const name of ['definePlugin', 'defineEditor', 'definePreprocessor', 'defineModelFamily', 'AtelierError', 'resolveLabel', 'checkImageCount', 'labelParam', 'checkpointParam', 'countParam', 'checkHandle', 'pluginApiVersion']) {
      expect(sdk, name).toHaveProperty(name);
    }
    expect(sdk.tf).toBe(core.tf);
    expect(sdk.z).toBe(core.z);
    expect(sdk.AtelierError).toBe(core.AtelierError);
  });

  it('keeps the runtime out: no container, stores, queue or engine start-up', () => {
    for (const name of ['createAtelier', 'openDatabase', 'SqliteRunStore', 'FileCheckpointStore', 'FileDatasetStore', 'initEngine', 'PluginRegistry', 'loadPlugins']) {
      expect(core, name).toHaveProperty(name);
      expect(sdk, name).not.toHaveProperty(name);
    }
  });
});
