import { definePlugin } from '@atelier/plugin-api';
import { attribute } from './editors/attribute.js';
import { generate } from './editors/generate.js';
import { inpaint } from './editors/inpaint.js';
import { interpolate } from './editors/interpolate.js';
import { latentGrid } from './editors/latent-grid.js';
import { reconstruct } from './editors/reconstruct.js';
import { vaeConditional } from './models/vae-conditional.js';
import { vaeConv } from './models/vae-conv.js';

export default definePlugin({
  name: 'vae',
  version: '0.1.0',
  apiVersion: 1,
  description: 'Convolutional and conditional VAEs: generate, reconstruct, interpolate, shift toward a label, inpaint.',
  modelFamilies: [vaeConv, vaeConditional],
  editors: [generate, reconstruct, interpolate, attribute, inpaint, latentGrid],
});
