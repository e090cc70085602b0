import { definePlugin } from '@atelier/plugin-api';
import { pixelate } from './pixelate.js';

export default definePlugin({
  name: 'pixelate',
  version: '0.1.0',
  apiVersion: 1,
  description: 'Example third-party plugin: coarse pixel blocks with an optional reduced palette.',
  editors: [pixelate],
});
