import type { AtelierConfig } from '../config/config.js';
import type { BackendChoice } from '../engine/engine.js';
import type { Limits } from '@atelier/plugin-api';
import type { WorkerSettings } from './protocol.js';

/** The limits runs enforce, from the configured ones (the rest guard the server's requests). */
export function runLimits(config: AtelierConfig): Limits {
  const { maxImagesPerStep, maxImagesPerRun, maxImagePixels, maxImageSide } = config.limits;
  return { maxImagesPerStep, maxImagesPerRun, maxImagePixels, maxImageSide };
}

/** What a worker process is started with, local or behind `atelier worker`. */
export function workerSettings(config: AtelierConfig, backend: BackendChoice, pluginFiles: string[]): WorkerSettings {
  return {
    home: config.home,
    backend,
    plugins: pluginFiles,
    limits: runLimits(config),
    checkpointCacheSize: config.checkpointCacheSize,
    inputRoots: config.inputRoots,
    maxInputFileBytes: config.limits.maxInputFileBytes,
  };
}
