import { AtelierError } from './errors.js';
import type { Tensor2D, Tensor4D } from './tf.js';
import type { ModelHandle } from './types.js';

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

/**
 * The handle type of each capability. A plugin adds its own by module augmentation
 * (`declare module '@atelier/plugin-api' { interface CapabilityHandles { segment: Segmenter } }`)
 * and declares it at run time with `defineCapability` in its manifest's `capabilities`.
 */
export interface CapabilityHandles {
  generate: Generator;
  encode: Encoder;
  decode: Decoder;
  classify: Classifier;
  restore: Restorer;
}

export type Capability = Extract<keyof CapabilityHandles, string>;

/** What core checks a handle for when its family declares the capability. */
export interface CapabilityDefinition<C extends string = Capability> {
  id: C;
  /** The method the handle must offer. */
  method: string;
  /** The handle must also carry `labelNames` (an array, empty for an unlabelled checkpoint). */
  labelNames?: boolean;
  description: string;
}

export function defineCapability<C extends Capability>(definition: CapabilityDefinition<C>): CapabilityDefinition<C> {
  return definition;
}

/** The capabilities of the plugin API itself, registered before any plugin's. */
export const builtinCapabilities: CapabilityDefinition[] = [
  defineCapability({ id: 'generate', method: 'generate', labelNames: true, description: 'images from seeds' }),
  defineCapability({ id: 'encode', method: 'encode', description: 'images to latents' }),
  defineCapability({ id: 'decode', method: 'decode', description: 'latents to images' }),
  defineCapability({ id: 'classify', method: 'classify', labelNames: true, description: 'labels and scores of images' }),
  defineCapability({ id: 'restore', method: 'restore', description: 'an image to a better image of the same size' }),
];

/** The registered capabilities by id (core's registry answers it). */
export type CapabilityLookup = (id: string) => CapabilityDefinition<string> | undefined;

/** What a handle lacks of the capabilities its family declares (empty when it offers them all). */
export function missingCapabilities(handle: unknown, capabilities: readonly string[], lookup: CapabilityLookup): string[] {
  if (!handle || typeof handle !== 'object') return ['the handle is not an object'];
  const fields = handle as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof fields.dispose !== 'function') missing.push('dispose()');
  for (const capability of capabilities) {
    const need = lookup(capability);
    if (!need) missing.push(`a registered capability "${capability}"`);
    else {
      if (typeof fields[need.method] !== 'function') missing.push(`${need.method}() for "${capability}"`);
      if (need.labelNames && !Array.isArray(fields.labelNames)) missing.push(`labelNames for "${capability}"`);
    }
  }
  return missing;
}

/** Refuses a handle that does not offer what its family declares; core calls this after every `load`. */
export function checkHandle(
  family: { id: string; capabilities: readonly string[] },
  handle: unknown,
  lookup: CapabilityLookup,
): asserts handle is ModelHandle {
  const missing = missingCapabilities(handle, family.capabilities, lookup);
  if (missing.length > 0) {
    throw new AtelierError('PLUGIN_INVALID', `Model family ${family.id} loaded a handle without ${missing.join(', ')}`, {
      component: family.id,
      missing,
    });
  }
}
