import { definePlugin } from '@atelier/plugin-api';
import { adjust } from './adjust.js';
import { artifacts } from './artifacts.js';
import { augmentCrop } from './augment-crop.js';
import { augmentFlip } from './augment-flip.js';
import { blend } from './blend.js';
import { compare } from './compare.js';
import { concat } from './concat.js';
import { blur } from './blur.js';
import { composite } from './composite.js';
import { crop } from './crop.js';
import { flip } from './flip.js';
import { grayscale } from './grayscale.js';
import { grid } from './grid.js';
import { load } from './load.js';
import { mask } from './mask.js';
import { noise } from './noise.js';
import { normalize } from './normalize.js';
import { resize } from './resize.js';
import { rgb } from './rgb.js';
import { rotate } from './rotate.js';
import { sharpen } from './sharpen.js';

/** The model-free editors and preprocessors, registered like any plugin so pipelines work before training. */
export const imagePlugin = definePlugin({
  name: 'image',
  version: '0.1.0',
  description: 'Built-in image editors and preprocessors: load, stored images, crop, flip, rotate, blur, sharpen, adjust, noise, mask, grid, blend, composite, compare, concat, resize, grayscale, normalise, augment.',
  editors: [load, artifacts, crop, flip, rotate, blur, sharpen, adjust, noise, mask, grid, blend, composite, compare, concat],
  preprocessors: [resize, grayscale, rgb, normalize, augmentFlip, augmentCrop],
});
