import fs from 'node:fs';
import { AtelierError, type Atelier, type CheckpointRecord, type PipelineSpecInput, type RunRecord } from '@atelier/core';
import { defaultSpecs, evaluationSamples, judge, needsJudge, trainingDataset, type DefaultSpec, type Recorded } from './catalog.js';
import { goalMet, listDefaultCheckpoints, type DefaultCheckpointFile, type DefaultCheckpointName } from './default-checkpoint.js';
import { exportDefaultCheckpoint } from './export-default.js';
import { installCheckpoint, installDatasets } from './install-defaults.js';

export interface TrainDefaultsOptions {
  /** Train (or reuse) and export only these; where the classifier judges them and the home has none, it is trained too. */
  only?: DefaultCheckpointName[];
  /** The defaults folder written (the committed one unless told otherwise). */
  out: string;
  /** A smoke run: a few steps each and small samples, for tests of the command itself. */
  quick?: boolean;
  log(line: string): void;
}

export interface DefaultOutcome {
  name: DefaultCheckpointName;
  metrics: Record<string, number>;
  goals: { metric: string; met: boolean; value: number | null }[];
  seconds: number;
  reused: boolean;
  folder: string;
}

const quickSteps = 3;
const quickSamples = 40;

/**
 * Trains every default on one worker each (the pool runs as many at once as it has workers), judges
 * each with the classifier on the held-out digits, and writes it to the defaults folder. A training
 * that already succeeded in this home with the same request is reused, so an interrupted run of the
 * command picks up where it stopped; so is a default already in the folder that was trained from the
 * same request, so changing one default's spec (or the judge) retrains only that one and re-judges all.
 */
export async function trainDefaults(atelier: Atelier, options: TrainDefaultsOptions): Promise<DefaultOutcome[]> {
  for (const name of await installDatasets(atelier)) options.log(`imported the MNIST digits of ${name}`);
  const selected = defaultSpecs.filter((spec) => !options.only || options.only.includes(spec.name));
  const trainings = new Map<string, Promise<Trained>>();
  const train = (spec: DefaultSpec) => trainings.get(spec.name) ?? trainings.set(spec.name, trainOrReuse(atelier, spec, options)).get(spec.name)!;
  // The judge is trained first so that judging can start as soon as each other default is trained;
  // left out of `only`, a classifier of that name already in the home judges.
  const judgeNeeded = selected.some(needsJudge) && (selected.some((spec) => spec.name === judge) || !atelier.checkpoints.find(judge));
  const judging = judgeNeeded ? train(defaultSpecs.find((spec) => spec.name === judge)!) : null;
  selected.forEach(train);
  await judging;
  const count = options.quick ? quickSamples : evaluationSamples;
  const outcomes: DefaultOutcome[] = [];
  for (const spec of selected) {
    const trained = await train(spec);
    const metrics = { ...trained.checkpoint.metrics, ...(await evaluate(atelier, spec, count, trained.checkpoint.id)) };
    const samplesPng = await samplesGrid(atelier, pinned(spec.samples.pipeline, spec.name, trained.checkpoint.id));
    const folder = exportDefaultCheckpoint(atelier.config.home, trained.checkpoint, {
      name: spec.name,
      metrics,
      goals: spec.goals,
      history: trained.history,
      samplesPng,
      caption: spec.samples.caption,
      models: trained.checkpoint.models.filter((model) => !spec.leaveOut?.includes(model)),
      lineage: {
        dataset: { name: trainingDataset.name, source: 'mnist', split: trainingDataset.split, count: atelier.datasets.get(trainingDataset.name)!.count },
        preprocessing: trained.checkpoint.preprocess,
        hyperparameters: trained.checkpoint.hyperparameters as Record<string, unknown>,
        epochs: trained.checkpoint.epoch,
        steps: trained.checkpoint.step,
        seed: spec.seed,
        workers: 1,
        engine: trained.engine,
        seconds: trained.seconds,
        trainedBy: 'pnpm atelier train-defaults',
      },
    }, options.out);
    const goals = spec.goals.map((goal) => ({ metric: goal.metric, met: goalMet(goal, metrics), value: metrics[goal.metric] ?? null }));
    options.log(`${spec.name}: ${goals.map((g) => `${g.metric}=${g.value?.toFixed(4)} ${g.met ? 'met' : 'MISSED'}`).join(', ')} (${trained.seconds.toFixed(0)} s training${trained.reused ? ', reused' : ''})`);
    outcomes.push({ name: spec.name, metrics, goals, seconds: trained.seconds, reused: trained.reused, folder });
  }
  return outcomes;
}

interface Trained {
  checkpoint: CheckpointRecord;
  history: DefaultCheckpointFile['history'];
  engine: string;
  seconds: number;
  reused: boolean;
}

function trainingRequest(spec: DefaultSpec, quick: boolean) {
  return {
    family: spec.family,
    dataset: trainingDataset.name,
    name: spec.name,
    epochs: spec.epochs,
    hyperparameters: spec.hyperparameters,
    seed: spec.seed,
    workers: 1,
    ...(quick ? { maxSteps: quickSteps } : {}),
  };
}

async function trainOrReuse(atelier: Atelier, spec: DefaultSpec, options: TrainDefaultsOptions): Promise<Trained> {
  const request = trainingRequest(spec, options.quick ?? false);
  const earlier = findSucceeded(atelier, spec, request) ?? (options.quick ? null : committedDefault(atelier, spec, options.out));
  if (earlier) return { ...earlier, reused: true };
  options.log(`training ${spec.name} (${spec.family}, ${spec.epochs} epochs${options.quick ? `, ${quickSteps} steps` : ''})`);
  const queued = await atelier.submitTraining(request);
  const unfollow = followEpochs(atelier, spec.name, queued.id, options.log);
  const run = await atelier.queue.wait(queued.id).finally(unfollow);
  if (run.status !== 'succeeded') {
    throw new AtelierError((run.error?.code as never) ?? 'INTERNAL', `Training ${spec.name} ${run.status}: ${run.error?.message ?? ''}`, { runId: run.id, path: spec.name });
  }
  return { ...fromRun(atelier, run, atelier.checkpoints.resolve(run.result.checkpointId as string), run.finishedAt), reused: false };
}

function fromRun(atelier: Atelier, run: RunRecord, checkpoint: CheckpointRecord, until: string | null): Omit<Trained, 'reused'> {
  const losses = (run.result.losses as DefaultCheckpointFile['history'] | undefined) ?? [];
  return {
    checkpoint,
    history: losses.filter((point) => point.step <= checkpoint.step),
    engine: run.engine?.backend ?? atelier.engine.report().backend,
    seconds: runSeconds(run, until),
  };
}

/**
 * The default of this name in the defaults folder, where its lineage is this spec's request
 * (family, data set, hyper-parameters, epochs, seed, one worker): installed into the home as the
 * newest checkpoint of the name, so the evaluations judge it, and reused with its recorded history.
 */
export function committedDefault(atelier: Atelier, spec: DefaultSpec, folder: string): Omit<Trained, 'reused'> | null {
  const file = listDefaultCheckpoints(folder).find((candidate) => candidate.name === spec.name);
  const lineage = file?.lineage;
  const same =
    file?.family === spec.family &&
    lineage?.dataset.name === trainingDataset.name &&
    lineage.dataset.split === trainingDataset.split &&
    lineage.epochs === spec.epochs &&
    lineage.seed === spec.seed &&
    lineage.workers === 1 &&
    sameHyperparameters(spec.hyperparameters, lineage.hyperparameters);
  if (!same) return null;
  // An earlier run of the command in this home installed it already: judged again, not copied again.
  const installed = atelier.checkpoints.find(spec.name);
  const copied = installed?.runId === null && JSON.stringify(installed.lineage) === JSON.stringify(lineage);
  return { checkpoint: copied ? installed : installCheckpoint(atelier, file, folder), history: file.history, engine: lineage.engine, seconds: lineage.seconds };
}

/** Every hyper-parameter the spec sets has that value in `asked` (the rest are the family's defaults). */
const sameHyperparameters = (wanted: Record<string, unknown>, asked: Record<string, unknown>) =>
  Object.entries(wanted).every(([key, value]) => JSON.stringify(asked[key]) === JSON.stringify(value));

/**
 * The newest training of this home that asked for this request and got as far: a succeeded run of
 * exactly this request, or — where `epochCheckpointsArePrefixes` — the epoch-N checkpoint of any run
 * of the same request for N or more epochs (a run stopped after N epochs gives the same bytes).
 */
function findSucceeded(atelier: Atelier, spec: DefaultSpec, request: ReturnType<typeof trainingRequest>): Omit<Trained, 'reused'> | null {
  const runs = atelier.runs.list({ kind: 'training' }, { first: 1000 }).runs;
  for (const run of runs) {
    const asked = run.spec as Record<string, unknown> & { hyperparameters: Record<string, unknown>; epochs: number };
    const same =
      asked.name === request.name &&
      asked.family === request.family &&
      asked.dataset === request.dataset &&
      asked.seed === request.seed &&
      asked.workers === request.workers &&
      asked.maxSteps === request.maxSteps &&
      sameHyperparameters(request.hyperparameters, asked.hyperparameters);
    if (!same) continue;
    if (run.status === 'succeeded' && asked.epochs === request.epochs) {
      const checkpoint = atelier.checkpoints.find(run.result.checkpointId as string);
      if (checkpoint) return fromRun(atelier, run, checkpoint, run.finishedAt);
    }
    if (spec.epochCheckpointsArePrefixes && asked.epochs >= request.epochs && !request.maxSteps) {
      const checkpoint = atelier.checkpoints.list({ runId: run.id }).find((c) => c.epoch === request.epochs);
      if (checkpoint) return fromRun(atelier, run, checkpoint, checkpoint.createdAt);
    }
  }
  return null;
}

/** One line per finished epoch: several trainings run at once, so a single progress bar would not do. */
function followEpochs(atelier: Atelier, name: string, runId: string, log: (line: string) => void): () => void {
  let epoch = -1;
  return atelier.events.subscribe(runId, (event) => {
    if (event.type !== 'training' || event.progress.epoch === epoch) return;
    if (epoch >= 0) {
      const { step, totalSteps, losses } = event.progress;
      log(`${name}: epoch ${event.progress.epoch} step ${step}/${totalSteps ?? '?'} ${Object.entries(losses).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ')}`);
    }
    epoch = event.progress.epoch;
  });
}

const runSeconds = (run: RunRecord, until: string | null) => (Date.parse(until ?? '') - Date.parse(run.startedAt ?? '')) / 1000;

async function runToEnd(atelier: Atelier, spec: PipelineSpecInput): Promise<RunRecord> {
  const queued = await atelier.submitPipeline({ ...spec, cache: false });
  const run = await atelier.queue.wait(queued.id);
  if (run.status !== 'succeeded') {
    throw new AtelierError((run.error?.code as never) ?? 'INTERNAL', `Evaluation run ${run.id} ${run.status}: ${run.error?.message ?? ''}`, { runId: run.id });
  }
  return run;
}

/**
 * The pipeline with the default's name pinned to the checkpoint being judged: an epoch reused from
 * a longer run of the home is not the newest checkpoint of its name.
 */
function pinned(pipeline: PipelineSpecInput, name: string, checkpointId: string): PipelineSpecInput {
  return { ...pipeline, steps: pipeline.steps.map((step) => (step.with?.checkpoint === name ? { ...step, with: { ...step.with, checkpoint: checkpointId } } : step)) };
}

/**
 * Runs the spec's evaluation pipelines one after another and turns their records into metrics; they
 * judge `checkpointId` where given, else the newest checkpoint of the default's name.
 */
export async function evaluate(atelier: Atelier, spec: DefaultSpec, count: number, checkpointId?: string): Promise<Record<string, number>> {
  const recorded: Recorded = {};
  for (const [purpose, pipeline] of Object.entries(spec.evaluations(count))) {
    const run = await runToEnd(atelier, checkpointId ? pinned(pipeline, spec.name, checkpointId) : pipeline);
    recorded[purpose] = Object.fromEntries(atelier.runs.steps(run.id).map((step) => [step.stepId, step.records]));
  }
  return spec.measure(recorded);
}

async function samplesGrid(atelier: Atelier, pipeline: PipelineSpecInput): Promise<Buffer> {
  const run = await runToEnd(atelier, pipeline);
  const grid = atelier.artifacts.list(run.id).find((artifact) => artifact.stepId === 'grid' && artifact.kind === 'image');
  if (!grid) throw new AtelierError('INTERNAL', `Sample run ${run.id} stored no grid`, { runId: run.id });
  return fs.readFileSync(atelier.artifacts.absolutePath(grid));
}
