/**
 * Hand-kept TypeScript shapes of the GraphQL types as clients receive them. `schemaFields` below
 * must list exactly the same fields (the compiler checks it against these interfaces) and a test
 * checks it against `schema.graphql`, so the two cannot drift apart.
 */

export type Json = unknown;
export type ComponentKind = 'model' | 'editor' | 'preprocessor';
export type DatasetSource = 'mnist' | 'folder' | 'upload';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'interrupted';
export type RunKind = 'pipeline' | 'training';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'cached' | 'failed' | 'canceled' | 'skipped';

export interface EngineReport {
  backend: string;
  tfjsVersion: string;
  native: boolean;
  simd: boolean;
  threads: number;
  gpu: boolean | null;
  skipped: SkippedBackend[];
}

export interface SkippedBackend {
  backend: string;
  reason: string;
}

export interface Plugin {
  name: string;
  version: string;
  description: string | null;
  components: Component[];
}

export interface PluginFailure {
  name: string;
  code: string;
  message: string;
}

export interface Component {
  id: string;
  kind: ComponentKind;
  title: string;
  description: string;
  paramsSchema: Json;
  capabilities: string[];
  requires: Json | null;
  inputs: number | null;
}

export interface Checkpoint {
  id: string;
  name: string;
  family: string;
  hyperparameters: Json;
  dataset: string | null;
  labelNames: string[];
  dataSpec: Json;
  preprocess: Json;
  metrics: Json;
  runId: string | null;
  epoch: number;
  step: number;
  models: string[];
  createdAt: string;
  lineage: Json | null;
}

export interface Dataset {
  name: string;
  source: DatasetSource;
  count: number;
  width: number;
  height: number;
  channels: number;
  labelNames: string[];
  createdAt: string;
}

export interface Pipeline {
  name: string;
  spec: Json;
  createdAt: string;
  updatedAt: string;
}

export interface RunFilter {
  status?: RunStatus[] | null;
  pipeline?: string | null;
  kind?: RunKind | null;
  createdAfter?: string | null;
  createdBefore?: string | null;
}

export interface RunConnection {
  edges: RunEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface RunEdge {
  cursor: string;
  node: Run;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Run {
  id: string;
  kind: RunKind;
  status: RunStatus;
  name: string | null;
  spec: Json;
  seed: number;
  engine: EngineReport | null;
  error: RunError | null;
  result: Json;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: RunStep[];
  artifacts: Artifact[];
  batchId: string | null;
  worker: string | null;
}

export interface SweepParamInput {
  path: string;
  values: Json[];
}

export interface Batch {
  id: string;
  name: string | null;
  spec: Json;
  sweep: Json;
  size: number;
  createdAt: string;
  runs: Run[];
  statusCounts: BatchStatusCount[];
  /** The run laying out the batch's contact sheet, once every run succeeded. */
  contactSheet: Run | null;
}

export interface BatchStatusCount {
  status: RunStatus;
  count: number;
}

export interface ImageProvenance {
  runId: string;
  spec: Json;
  seed: number;
  step: string;
  checkpoints: Json;
  engine: string;
}

export interface RunError {
  code: string;
  message: string;
  details: Json | null;
}

export interface RunStep {
  stepId: string;
  index: number;
  use: string;
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: RunError | null;
  records: Json;
  imageMeta: Json[];
}

export interface Artifact {
  id: string;
  runId: string;
  stepId: string | null;
  kind: string;
  name: string;
  mime: string;
  bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  index: number | null;
  meta: Json | null;
  url: string;
  createdAt: string;
}

export interface PipelineValidation {
  valid: boolean;
  issues: PipelineIssue[];
  steps: StepShape[];
}

export interface StepShape {
  step: string;
  use: string;
  shape: ImageShape | null;
}

export interface ImageShape {
  count: number | null;
  width: number | null;
  height: number | null;
  channels: number | null;
  countIsMaximum: boolean;
}

export interface PipelineIssue {
  step: string | null;
  path: string;
  code: string;
  message: string;
}

export interface PreprocessInput {
  use: string;
  with?: Json | null;
}

export interface ImageUpload {
  data: string;
  label?: string | null;
}

export interface RunStatusEvent {
  __typename: 'RunStatusEvent';
  runId: string;
  status: RunStatus;
  error: RunError | null;
}

export interface RunStepEvent {
  __typename: 'RunStepEvent';
  runId: string;
  stepId: string;
  status: StepStatus;
  progress: Json | null;
}

export interface RunTrainingEvent {
  __typename: 'RunTrainingEvent';
  runId: string;
  epoch: number;
  step: number;
  totalSteps: number | null;
  losses: Json;
  progress: Json;
}

export interface RunArtifactEvent {
  __typename: 'RunArtifactEvent';
  runId: string;
  artifact: Artifact;
}

export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
}

export interface Worker {
  id: string;
  host: string;
  pid: number;
  engine: EngineReport;
  capabilities: string[];
  concurrency: number;
  currentRuns: string[];
  startedAt: string;
  lastHeartbeat: string;
}

export type RunEvent = RunStatusEvent | RunStepEvent | RunTrainingEvent | RunArtifactEvent;

/** Object and input types of the schema by name, for the sync check. */
export interface SchemaTypes {
  EngineReport: EngineReport;
  SkippedBackend: SkippedBackend;
  Plugin: Plugin;
  PluginFailure: PluginFailure;
  Component: Component;
  Checkpoint: Checkpoint;
  Dataset: Dataset;
  Pipeline: Pipeline;
  RunFilter: RunFilter;
  RunConnection: RunConnection;
  RunEdge: RunEdge;
  PageInfo: PageInfo;
  Run: Run;
  QueueDepth: QueueDepth;
  Worker: Worker;
  RunError: RunError;
  RunStep: RunStep;
  Artifact: Artifact;
  PipelineValidation: PipelineValidation;
  PipelineIssue: PipelineIssue;
  StepShape: StepShape;
  ImageShape: ImageShape;
  PreprocessInput: PreprocessInput;
  ImageUpload: ImageUpload;
  RunStatusEvent: Omit<RunStatusEvent, '__typename'>;
  RunStepEvent: Omit<RunStepEvent, '__typename'>;
  RunTrainingEvent: Omit<RunTrainingEvent, '__typename'>;
  RunArtifactEvent: Omit<RunArtifactEvent, '__typename'>;
  SweepParamInput: SweepParamInput;
  Batch: Batch;
  BatchStatusCount: BatchStatusCount;
  ImageProvenance: ImageProvenance;
}

type FieldSet<T> = { [F in keyof T]-?: true };

/** Exactly the fields of each interface above; a missing or extra key fails to compile. */
export const schemaFields: { [T in keyof SchemaTypes]: FieldSet<SchemaTypes[T]> } = {
  EngineReport: { backend: true, tfjsVersion: true, native: true, simd: true, threads: true, gpu: true, skipped: true },
  SkippedBackend: { backend: true, reason: true },
  Plugin: { name: true, version: true, description: true, components: true },
  PluginFailure: { name: true, code: true, message: true },
  Component: { id: true, kind: true, title: true, description: true, paramsSchema: true, capabilities: true, requires: true, inputs: true },
  Checkpoint: {
    id: true,
    name: true,
    family: true,
    hyperparameters: true,
    dataset: true,
    labelNames: true,
    dataSpec: true,
    preprocess: true,
    metrics: true,
    runId: true,
    epoch: true,
    step: true,
    models: true,
    createdAt: true,
    lineage: true,
  },
  Dataset: { name: true, source: true, count: true, width: true, height: true, channels: true, labelNames: true, createdAt: true },
  Pipeline: { name: true, spec: true, createdAt: true, updatedAt: true },
  RunFilter: { status: true, pipeline: true, kind: true, createdAfter: true, createdBefore: true },
  RunConnection: { edges: true, pageInfo: true, totalCount: true },
  RunEdge: { cursor: true, node: true },
  PageInfo: { hasNextPage: true, endCursor: true },
  Run: {
    id: true,
    kind: true,
    status: true,
    name: true,
    spec: true,
    seed: true,
    engine: true,
    error: true,
    result: true,
    createdAt: true,
    startedAt: true,
    finishedAt: true,
    steps: true,
    artifacts: true,
    batchId: true,
    worker: true,
  },
  SweepParamInput: { path: true, values: true },
  Batch: { id: true, name: true, spec: true, sweep: true, size: true, createdAt: true, runs: true, statusCounts: true, contactSheet: true },
  BatchStatusCount: { status: true, count: true },
  ImageProvenance: { runId: true, spec: true, seed: true, step: true, checkpoints: true, engine: true },
  QueueDepth: { name: true, waiting: true, active: true, delayed: true },
  Worker: { id: true, host: true, pid: true, engine: true, capabilities: true, concurrency: true, currentRuns: true, startedAt: true, lastHeartbeat: true },
  RunError: { code: true, message: true, details: true },
  RunStep: {
    stepId: true,
    index: true,
    use: true,
    status: true,
    startedAt: true,
    finishedAt: true,
    durationMs: true,
    error: true,
    records: true,
    imageMeta: true,
  },
  Artifact: {
    id: true,
    runId: true,
    stepId: true,
    kind: true,
    name: true,
    mime: true,
    bytes: true,
    sha256: true,
    width: true,
    height: true,
    index: true,
    meta: true,
    url: true,
    createdAt: true,
  },
  PipelineValidation: { valid: true, issues: true, steps: true },
  StepShape: { step: true, use: true, shape: true },
  ImageShape: { count: true, width: true, height: true, channels: true, countIsMaximum: true },
  PipelineIssue: { step: true, path: true, code: true, message: true },
  PreprocessInput: { use: true, with: true },
  ImageUpload: { data: true, label: true },
  RunStatusEvent: { runId: true, status: true, error: true },
  RunStepEvent: { runId: true, stepId: true, status: true, progress: true },
  RunTrainingEvent: { runId: true, epoch: true, step: true, totalSteps: true, losses: true, progress: true },
  RunArtifactEvent: { runId: true, artifact: true },
};

/** Enum values, checked against the schema the same way. */
export const schemaEnums: Record<string, readonly string[]> = {
  ComponentKind: ['model', 'editor', 'preprocessor'] satisfies ComponentKind[],
  DatasetSource: ['mnist', 'folder', 'upload'] satisfies DatasetSource[],
  RunStatus: ['queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted'] satisfies RunStatus[],
  RunKind: ['pipeline', 'training'] satisfies RunKind[],
  StepStatus: ['pending', 'running', 'succeeded', 'cached', 'failed', 'canceled', 'skipped'] satisfies StepStatus[],
};
