import os from 'node:os';
import type { EngineReport } from '@atelier/plugin-api';

/**
 * One worker per core where an engine is single-threaded (WASM under Node, the CPU backend); one on
 * tfjs-node(-gpu), which threads by itself and would only contend with a second copy.
 */
export function defaultWorkerCount(engine: EngineReport): number {
  return engine.native ? 1 : Math.max(1, os.availableParallelism());
}
