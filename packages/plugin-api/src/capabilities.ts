import { AtelierError } from './errors.js';
import type { Tensor2D, Tensor4D } from './tf.js';
import type { Capability, ModelHandle } from './types.js';

/**
 * The method a capability names. Its arguments are the family's own (a GAN generates from a request,
 * a VAE from a count and a seed); core guarantees it exists, the family's handle type says the rest.
 */
type CapabilityMethod = (...args: never[]) => unknown;

/** `generate`: images from seeds. */
export interface Generator extends ModelHandle {
  readonly labelNames: readonly string[];
  generate: CapabilityMethod;
}

/** `encode`: images to latents. */
export interface Encoder extends ModelHandle {
  encode: CapabilityMethod;
}

/** `decode`: latents to images. */
export interface Decoder extends ModelHandle {
  decode: CapabilityMethod;
}

/** `classify`: class probabilities `[n, labelNames.length]` of prepared images. */
export interface Classifier extends ModelHandle {
  readonly labelNames: readonly string[];
  classify(images: Tensor4D): Tensor2D;
}

/** `restore`: a better image of the same size (only the masked pixels when given a mask, 1 = missing). */
export interface Restorer extends ModelHandle {
  restore(images: Tensor4D, mask?: Tensor4D): Tensor4D;
}

export interface CapabilityHandles {
  generate: Generator;
  encode: Encoder;
  decode: Decoder;
  classify: Classifier;
  restore: Restorer;
}

const required: Record<Capability, { method: string; labelNames?: true }> = {
  generate: { method: 'generate', labelNames: true },
  encode: { method: 'encode' },
  decode: { method: 'decode' },
  classify: { method: 'classify', labelNames: true },
  restore: { method: 'restore' },
};

/** What a handle lacks of the capabilities its family declares (empty when it offers them all). */
export function missingCapabilities(handle: unknown, capabilities: readonly Capability[]): string[] {
  if (!handle || typeof handle !== 'object') return ['the handle is not an object'];
  const fields = handle as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof fields.dispose !== 'function') missing.push('dispose()');
  for (const capability of capabilities) {
    const need = required[capability];
    if (typeof fields[need.method] !== 'function') missing.push(`${need.method}() for "${capability}"`);
    if (need.labelNames && !Array.isArray(fields.labelNames)) missing.push(`labelNames for "${capability}"`);
  }
  return missing;
}

/** Refuses a handle that does not offer what its family declares; core calls this after every `load`. */
export function checkHandle(family: { id: string; capabilities: readonly Capability[] }, handle: unknown): asserts handle is ModelHandle {
  const missing = missingCapabilities(handle, family.capabilities);
  if (missing.length > 0) {
    throw new AtelierError('PLUGIN_INVALID', `Model family ${family.id} loaded a handle without ${missing.join(', ')}`, {
      component: family.id,
      missing,
    });
  }
}
