import { createTestContext as createBareTestContext, type TestContextOptions as BareTestContextOptions } from '@atelier/plugin-api/testing';
import type { BackendName, EditorContext } from '@atelier/plugin-api';
import { imagePlugin } from '../builtins/index.js';
import { loadConfig } from '../config/config.js';
import { initEngine } from '../engine/engine.js';
import { InputFiles } from '../inputs/input-files.js';

export interface TestContextOptions extends Omit<BareTestContextOptions, 'preprocessors' | 'readInput'> {
  backend?: BackendName;
  /** Folders `ctx.readInput` may read from (none by default). */
  inputRoots?: string[];
}

/**
 * The plugin API's test context on this host's engine (WASM by default), with the built-in
 * preprocessors and input folders checked as a server checks them.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<EditorContext> {
  const engine = await initEngine(options.backend ?? 'wasm');
  const config = loadConfig({ cwd: '/nonexistent', env: {}, overrides: { inputRoots: options.inputRoots ?? [] } });
  const inputs = new InputFiles(config);
  return createBareTestContext({
    engine: engine.report(),
    ...options,
    preprocessors: imagePlugin.preprocessors,
    readInput: (file, field) => inputs.read(file, field),
  });
}
