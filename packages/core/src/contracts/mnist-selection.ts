/**
 * `train` and `holdout` split every digit's samples 9 : 1 (its 10th, 20th, … sample is held out), so
 * models trained on `train` can be judged on digits they never saw; `all` keeps every sample.
 */
export const mnistSplits = ['all', 'train', 'holdout'] as const;
export type MnistSplit = (typeof mnistSplits)[number];

export interface MnistSelection {
  limit?: number;
  split?: MnistSplit;
}
