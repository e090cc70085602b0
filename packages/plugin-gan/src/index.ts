import { definePlugin } from '@atelier/plugin-api';
import { edit } from './editors/edit.js';
import { generate } from './editors/generate.js';
import { interpolate } from './editors/interpolate.js';
import { invert } from './editors/invert.js';
import { conditionalGan } from './models/conditional.js';
import { dcgan } from './models/dcgan.js';

export default definePlugin({
  name: 'gan',
  version: '0.1.0',
  apiVersion: 1,
  description: 'Generative adversarial networks: DCGAN and class-conditional GAN, with generation, interpolation, inversion and latent editing.',
  modelFamilies: [dcgan, conditionalGan],
  editors: [generate, interpolate, invert, edit],
});
