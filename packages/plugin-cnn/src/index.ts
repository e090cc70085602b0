import { definePlugin } from '@atelier/plugin-api';
import { classifierFamily } from './models/classifier.js';
import { restorerFamily } from './models/restorer.js';
import { classifyEditor } from './editors/classify.js';
import { filterEditor } from './editors/filter.js';
import { qualityEditor } from './editors/quality.js';
import { denoiseEditor } from './editors/denoise.js';
import { upscaleEditor } from './editors/upscale.js';
import { inpaintEditor } from './editors/inpaint.js';

export default definePlugin({
  name: 'cnn',
  version: '0.1.0',
  apiVersion: 1,
  description: 'Convolutional networks that judge images (classify, filter, quality score) and restore them (denoise, upscale, inpaint).',
  modelFamilies: [classifierFamily, restorerFamily],
  editors: [classifyEditor, filterEditor, qualityEditor, denoiseEditor, upscaleEditor, inpaintEditor],
});
