export { FileDatasetStore } from './dataset-store.js';
export { mnistDigits, mnistLabelNames, mnistSplits, type MnistSelection, type MnistSplit } from './mnist.js';
export { isDatasetName } from './dataset-name.js';
export type { EncodedImage } from './decode-uploads.js';
