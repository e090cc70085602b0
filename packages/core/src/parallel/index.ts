export { computeGradientPart, optimizerStep, startOptimizerStep, type GradientPart, type PendingStep, type StepObjective } from './optimizer-step.js';
export { currentShard, shardDropout, shardRandomNormal, shardRandomUniform, type ShardPlace } from './shard-random.js';
export { shardIndices } from './shard-training-data.js';
