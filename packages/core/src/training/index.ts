export { trainingRequestSchema, type TrainingSpec } from './training-request.js';
