export * from './spec.js';
export { validatePipeline, type PlannedStep, type ValidationResult } from './validate.js';
export type { StepShape } from './step-shapes.js';
export { readProvenance, rerunSpec, type ImageProvenance } from './provenance.js';
export { prototypeSegment } from './prototype-keys.js';
export { expandSweep, parseSeeds, sweepSize, type Sweep, type SweepParam, type SweepVariant } from './sweep.js';
