import { batchMutations, batchQueries, batchTypes } from './batches.js';
import * as catalog from './catalog.js';
import { checkpointMutations, checkpointTypes } from './checkpoints.js';
import type { Resolvers } from './context.js';
import { datasetMutations } from './datasets.js';
import { pipelineMutations } from './pipelines.js';
import { queueQueries } from './queue.js';
import { provenanceMutations, provenanceQueries } from './provenance.js';
import { runControlMutations } from './run-control.js';
import { runEventsSubscription } from './run-events.js';
import { runQueries, runTypes } from './runs.js';
import { trainModel } from './training.js';

export type { ServerContext } from './context.js';

/** Every resolver by type and field; `buildExecutableSchema` checks it against the SDL. */
export const resolvers: Resolvers = {
  Query: { ...catalog, ...runQueries, ...batchQueries, ...provenanceQueries, ...queueQueries },
  Mutation: { ...pipelineMutations, trainModel, ...runControlMutations, ...checkpointMutations, ...datasetMutations, ...batchMutations, ...provenanceMutations },
  ...runEventsSubscription,
  ...runTypes,
  ...batchTypes,
  ...checkpointTypes,
};
