export * from './codec.js';
export * from './grid.js';
export { addPngText, readPngText, withoutPngText } from './png-text.js';
