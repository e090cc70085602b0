import { AtelierError, type RunFilter as CoreRunFilter, type RunPage, type RunRecord } from '@atelier/core';
import type { RunFilter } from '../schema/types.js';
import { publicRunError } from '../errors.js';
import type { Resolver, Resolvers } from './context.js';
import { artifactUrl } from './lookups.js';

interface ConnectionSource {
  page: RunPage;
}

interface EdgeSource {
  connection: ConnectionSource;
  run: RunRecord;
  index: number;
}

function isoTime(value: string | null | undefined, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new AtelierError('BAD_USER_INPUT', `${path} must be an ISO 8601 time; got "${value}"`, { path });
  return time.toISOString();
}

function coreFilter(filter: RunFilter | null | undefined): CoreRunFilter {
  return {
    status: filter?.status ?? undefined,
    kind: filter?.kind ?? undefined,
    name: filter?.pipeline ?? undefined,
    createdAfter: isoTime(filter?.createdAfter, 'filter.createdAfter'),
    createdBefore: isoTime(filter?.createdBefore, 'filter.createdBefore'),
  };
}

const runs: Resolver = (_root, args: { first: number; after?: string | null; filter?: RunFilter | null }, { atelier, limits }) => {
  const limit = limits.maxListSize;
  if (args.first < 1) throw new AtelierError('BAD_USER_INPUT', `first must be at least 1; got ${args.first}`, { path: 'first' });
  if (args.first > limit) {
    throw new AtelierError('LIMIT_EXCEEDED', `first may be at most ${limit}; got ${args.first}`, { path: 'first', limit });
  }
  const page = atelier.runs.list(coreFilter(args.filter), { first: args.first, after: args.after ?? null });
  return { page } satisfies ConnectionSource;
};

const run: Resolver = (_root, args: { id: string }, { atelier }) => atelier.run(args.id);

/** Queries and type fields of runs: the Relay connection, a run's steps and its artifacts. */
export const runQueries = { runs, run };

export const runTypes: Resolvers = {
  RunConnection: {
    edges: (source: ConnectionSource) => source.page.runs.map((node, index): EdgeSource => ({ connection: source, run: node, index })),
    pageInfo: (source: ConnectionSource) => ({ hasNextPage: source.page.hasNextPage, endCursor: source.page.endCursor }),
    totalCount: (source: ConnectionSource) => source.page.totalCount,
  },
  RunEdge: {
    node: (edge: EdgeSource) => edge.run,
    cursor: (edge: EdgeSource) => edge.connection.page.cursors[edge.index],
  },
  Run: {
    error: (record: RunRecord, _args, { debug }) => publicRunError(record.error, debug),
    steps: (record: RunRecord, _args, { atelier }) => atelier.runs.steps(record.id),
    artifacts: (record: RunRecord, _args, { atelier }) => atelier.artifacts.list(record.id),
    worker: (record: RunRecord) => (typeof record.result.worker === 'string' ? record.result.worker : null),
  },
  RunStep: {
    error: (record: { error: RunRecord['error'] }, _args, { debug }) => publicRunError(record.error, debug),
  },
  RunStatusEvent: {
    error: (event: { error: RunRecord['error'] }, _args, { debug }) => publicRunError(event.error, debug),
  },
  Artifact: {
    url: (record: { id: string }) => artifactUrl(record.id),
  },
};
