export { finalRunStatuses } from './finished-runs.js';
