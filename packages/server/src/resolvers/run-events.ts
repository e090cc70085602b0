import { finalRunStatuses, type Atelier, type RunEvent as CoreRunEvent, type RunRecord } from '@atelier/core';
import type { Artifact, RunEvent } from '../schema/types.js';
import type { Resolver, Resolvers } from './context.js';

function toEvent(event: CoreRunEvent): RunEvent {
  switch (event.type) {
    case 'status':
      return { __typename: 'RunStatusEvent', runId: event.runId, status: event.status, error: event.error ? { ...event.error, details: null } : null };
    case 'step':
      return { __typename: 'RunStepEvent', runId: event.runId, stepId: event.stepId, status: event.status, progress: event.progress ?? null };
    case 'training':
      return {
        __typename: 'RunTrainingEvent',
        runId: event.runId,
        epoch: event.progress.epoch,
        step: event.progress.step,
        totalSteps: event.progress.totalSteps ?? null,
        losses: event.progress.losses,
        progress: event.progress,
      };
    case 'artifact':
      // The artifact record goes through the Artifact type's resolvers, which add its URL.
      return { __typename: 'RunArtifactEvent', runId: event.runId, artifact: event.artifact as unknown as Artifact };
  }
}

function currentStatus(run: RunRecord): CoreRunEvent {
  return { type: 'status', runId: run.id, status: run.status, error: run.error };
}

/**
 * Where a run is still going, its steps that have started, as they stand: a client reads the run,
 * then subscribes, and a step that started in between would otherwise show as pending until it ends.
 * A finished run's steps are final in the run itself.
 */
function currentSteps(atelier: Atelier, run: RunRecord): CoreRunEvent[] {
  if (finalRunStatuses.has(run.status)) return [];
  return atelier.runs
    .steps(run.id)
    .filter((step) => step.status !== 'pending')
    .map((step) => ({ type: 'step', runId: run.id, stepId: step.stepId, status: step.status }));
}

/**
 * A pull-based iterator over pushed events. Hand-rolled rather than an async generator because a
 * generator waiting for the next event cannot be returned from: a client that unsubscribes from a
 * quiet run would keep its listener forever.
 */
function eventStream(start: (push: (event: CoreRunEvent) => void, end: () => void) => () => void): AsyncIterableIterator<CoreRunEvent> {
  const buffered: CoreRunEvent[] = [];
  let waiting: ((result: IteratorResult<CoreRunEvent>) => void) | null = null;
  let ended = false;
  const finish = (): IteratorResult<CoreRunEvent> => {
    ended = true;
    stop();
    buffered.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = null;
    return { value: undefined, done: true };
  };
  const push = (event: CoreRunEvent): void => {
    if (ended) return;
    if (waiting) {
      waiting({ value: event, done: false });
      waiting = null;
    } else {
      buffered.push(event);
    }
  };
  let endAfterBuffer = false;
  const stop = start(push, () => {
    endAfterBuffer = true;
    if (waiting && buffered.length === 0) finish();
  });
  return {
    next() {
      if (buffered.length > 0) return Promise.resolve({ value: buffered.shift()!, done: false });
      if (ended || endAfterBuffer) return Promise.resolve(finish());
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The run's current status first, then (while it runs) its started steps, then its live events until a final status. */
const runEvents: Resolver = (_root, args: { runId: string }, { atelier, logger }) => {
  const stream = eventStream((push, end) => {
    const forward = (event: CoreRunEvent): void => {
      push(event);
      if (event.type === 'status' && finalRunStatuses.has(event.status)) end();
    };
    // Listen before reading the status, so that no event falls between the two.
    const unsubscribe = atelier.events.subscribe(args.runId, forward);
    try {
      const run = atelier.run(args.runId);
      forward(currentStatus(run));
      for (const step of currentSteps(atelier, run)) forward(step);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  });
  logger.debug({ runId: args.runId }, 'run events subscribed');
  return stream;
};

export const runEventsSubscription: Resolvers = {
  Subscription: {
    runEvents: { subscribe: runEvents, resolve: (event: CoreRunEvent) => toEvent(event) },
  },
};
