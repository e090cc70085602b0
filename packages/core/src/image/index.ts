export * from './codec.js';
export * from './grid.js';
export { addPngText, pngTextLimits, readPngText, withoutPngText } from './png-text.js';
