import { batchMatMulConfig } from './kernels/batch-mat-mul.js';
import { conv2DBackpropFilterConfigs } from './kernels/conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { identityConfig } from './kernels/identity.js';
import { leakyReluConfig } from './kernels/leaky-relu.js';
import { leakyReluGradConfig } from './kernels/leaky-relu-grad.js';
import { unsortedSegmentSumConfig } from './kernels/unsorted-segment-sum.js';
import { tf } from '@atelier/plugin-api';

const engineKernels: tf.KernelConfig[] = [
  ...conv2DBackpropFilterConfigs,
  conv2DBackpropInputConfig,
  unsortedSegmentSumConfig,
  batchMatMulConfig,
  leakyReluConfig,
  identityConfig,
];

// Gradients are one registry for every backend; these replace tfjs's on the backends Atelier tunes.
const engineGradients: tf.GradConfig[] = [leakyReluGradConfig];
const gradientBackends = ['wasm', 'cpu'];
const gradientName = (config: tf.GradConfig) => `${config.kernelName} gradient`;

/** Set to `shipped` to run tfjs's kernels as released (the benchmark's baseline). */
export const kernelsFlag = 'ATELIER_ENGINE_KERNELS';

/**
 * Installs Atelier's kernels for one backend, replacing the shipped ones where they exist (WASM's
 * Conv2DBackpropInput, CPU's Conv2DBackpropFilter: ~100 s → ~2 s for 8×14×14×64 → 4×4×64×128). Idempotent: a kernel already in place is
 * left alone, so tfjs does not warn about re-registration.
 */
export function registerEngineKernels(backendName: string): string[] {
  if (process.env[kernelsFlag] === 'shipped') return [];
  const installed: string[] = [];
  for (const config of engineKernels) {
    if (config.backendName !== backendName) continue;
    const current = tf.getKernel(config.kernelName, backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
    installed.push(config.kernelName);
  }
  if (!gradientBackends.includes(backendName)) return installed;
  for (const config of engineGradients) {
    if (tf.getGradient(config.kernelName)?.gradFunc === config.gradFunc) continue;
    tf.registerGradient(config);
    installed.push(gradientName(config));
  }
  return installed;
}

/** The kernels Atelier installs for a backend, whether or not they are installed yet. */
export function engineKernelNames(backendName: string): string[] {
  const kernels = engineKernels.filter((config) => config.backendName === backendName).map((config) => config.kernelName);
  return gradientBackends.includes(backendName) ? [...kernels, ...engineGradients.map(gradientName)] : kernels;
}
