export { optimizerStep, type StepObjective } from './optimizer-step.js';
export { shardDropout, shardRandomNormal, shardRandomUniform } from './shard-random.js';
