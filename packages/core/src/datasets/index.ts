export { FileDatasetStore } from './dataset-store.js';
export { isDatasetName } from './dataset-name.js';
export type { EncodedImage } from './decode-uploads.js';
