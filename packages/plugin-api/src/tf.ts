/**
 * The one tfjs module of the process. Plugins import `tf` from `@atelier/core`, never a tfjs
 * package, so native and WASM backends register on this same instance.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Rank, LayersModel } from '@tensorflow/tfjs';
