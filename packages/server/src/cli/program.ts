import { Command } from 'commander';
import { registerCheckpoints } from './commands/checkpoints.js';
import { registerDatasets } from './commands/datasets.js';
import { registerPluginNew } from './commands/plugin-new.js';
import { registerPlugins } from './commands/plugins.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';
import { registerServe } from './commands/serve.js';
import { registerTrain } from './commands/train.js';
import { registerTrainDefaults } from './commands/train-defaults.js';
import { registerWorker } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('atelier').description('Atelier: generate-then-edit image pipelines on TensorFlow.js').showHelpAfterError();
  registerPlugins(program);
  registerPluginNew(program);
  registerRun(program);
  registerTrain(program);
  registerTrainDefaults(program);
  registerDatasets(program);
  registerRuns(program);
  registerCheckpoints(program);
  registerServe(program);
  registerWorker(program);
  registerReport(program);
  return program;
}
