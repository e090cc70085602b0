export { FileDatasetStore } from './dataset-store.js';
export { mnistDigits, mnistLabelNames } from './mnist.js';
export { isDatasetName } from './dataset-name.js';
