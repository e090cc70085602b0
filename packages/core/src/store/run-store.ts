import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { AtelierError, type EngineReport } from '@atelier/plugin-api';
import { Tokens, type Clock } from '../contracts/tokens.js';
import { toJson } from './json-column.js';
import type { Database, ErrorRecord, RunFilter, RunKind, RunPage, RunRecord, RunStatus, RunStore, StepRecord, StepStatus } from '../contracts/records.js';
import { decodeRunCursor, encodeRunCursor } from './run-cursor.js';
import { runFilterSql } from './run-filter-sql.js';
import { toRunRecord, toStepRecord, type RunRow, type StepRow } from './run-rows.js';
import { claimantId, isClaimantAlive } from './claimant-process.js';
import { runNotFound } from './run-not-found.js';

const defaultPageSize = 20;
const requeueable: RunStatus[] = ['interrupted', 'failed', 'canceled'];

/**
 * What a step left `running` by a crash becomes. StepStatus has no `interrupted`, and `canceled`
 * would claim someone asked for it; a failure with this code says what happened and lets the run
 * be requeued like any failed one.
 */
const interruptedStepError: ErrorRecord = {
  code: 'INTERRUPTED',
  message: 'The process stopped while this step was running',
  details: {},
};

/** Runs and their steps in SQLite. */
@injectable()
export class SqliteRunStore implements RunStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  create(input: { kind: RunKind; name: string | null; spec: Record<string, unknown>; seed: number; steps?: { stepId: string; use: string }[]; batchId?: string }): RunRecord {
    const id = crypto.randomUUID();
    const now = this.now();
    const insertStep = this.db.sql.prepare(
      `INSERT INTO run_steps (run_id, step_id, idx, use, status) VALUES (?, ?, ?, ?, 'pending')`,
    );
    this.db.sql.transaction(() => {
      this.db.sql
        .prepare(`INSERT INTO runs (id, kind, status, name, spec, seed, created_at, batch_id) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`)
        .run(id, input.kind, input.name, JSON.stringify(input.spec), input.seed, now, input.batchId ?? null);
      (input.steps ?? []).forEach((step, index) => insertStep.run(id, step.stepId, index, step.use));
    })();
    return this.require(id);
  }

  get(id: string): RunRecord | null {
    const row = this.db.sql.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRunRecord(row) : null;
  }

  list(filter: RunFilter = {}, page: { first?: number; after?: string | null } = {}): RunPage {
    const first = page.first ?? defaultPageSize;
    if (!Number.isInteger(first) || first < 1) {
      throw new AtelierError('BAD_USER_INPUT', `first must be a positive integer; got ${first}`, { path: 'first', limit: 1 });
    }
    const { clauses, params } = runFilterSql(filter);
    const where = (extra: string[]) => (extra.length > 0 ? `WHERE ${extra.join(' AND ')}` : '');
    const totalCount = (this.db.sql.prepare(`SELECT COUNT(*) AS n FROM runs ${where(clauses)}`).get(...params) as { n: number }).n;
    const pageClauses = [...clauses];
    const pageParams = [...params];
    if (page.after) {
      const cursor = decodeRunCursor(page.after);
      pageClauses.push('(created_at < ? OR (created_at = ? AND seq < ?))');
      pageParams.push(cursor.createdAt, cursor.createdAt, cursor.seq);
    }
    // One row past the page tells whether another page exists without a second query.
    const rows = this.db.sql
      .prepare(`SELECT * FROM runs ${where(pageClauses)} ORDER BY created_at DESC, seq DESC LIMIT ?`)
      .all(...pageParams, first + 1) as RunRow[];
    const hasNextPage = rows.length > first;
    const kept = rows.slice(0, first);
    const cursors = kept.map((row) => encodeRunCursor({ createdAt: row.created_at, seq: row.seq }));
    return {
      runs: kept.map(toRunRecord),
      cursors,
      endCursor: cursors.at(-1) ?? null,
      hasNextPage,
      totalCount,
    };
  }

  queued(): RunRecord[] {
    const rows = this.db.sql.prepare(`SELECT * FROM runs WHERE status = 'queued' ORDER BY created_at, seq`).all() as RunRow[];
    return rows.map(toRunRecord);
  }

  markRunning(id: string, engine: EngineReport): boolean {
    // Only from `queued`, in one statement: a run canceled (or claimed) meanwhile is never started twice.
    const claimed = this.db.sql
      .prepare(`UPDATE runs SET status = 'running', started_at = ?, engine = ?, worker = ? WHERE id = ? AND status = 'queued'`)
      .run(this.now(), JSON.stringify(engine), claimantId(), id);
    return claimed.changes === 1;
  }

  finish(id: string, status: Exclude<RunStatus, 'queued' | 'running'>, outcome: { error?: ErrorRecord | null; result?: Record<string, unknown> } = {}): void {
    this.db.sql.transaction(() => {
      const run = this.require(id);
      const result = { ...run.result, ...outcome.result };
      this.update(
        id,
        'UPDATE runs SET status = ?, finished_at = ?, error = ?, result = ? WHERE id = ?',
        status,
        this.now(),
        toJson(outcome.error ?? null),
        JSON.stringify(result),
        id,
      );
    })();
  }

  mergeResult(id: string, patch: Record<string, unknown>): void {
    this.db.sql.transaction(() => {
      const run = this.require(id);
      this.update(id, 'UPDATE runs SET result = ? WHERE id = ?', JSON.stringify({ ...run.result, ...patch }), id);
    })();
  }

  /**
   * Back to the queue with fresh steps. The result is kept, so a training run can resume from the
   * checkpoint it recorded there; artifacts of the earlier attempt stay until the run is deleted.
   */
  requeue(id: string): RunRecord {
    this.db.sql.transaction(() => {
      const run = this.require(id);
      if (!requeueable.includes(run.status)) {
        throw new AtelierError('CONFLICT', `Run ${id} is ${run.status}; only ${requeueable.join(', ')} runs can be requeued`, {
          path: 'id',
          value: id,
          status: run.status,
        });
      }
      this.db.sql
        .prepare(`UPDATE runs SET status = 'queued', started_at = NULL, finished_at = NULL, error = NULL, engine = NULL WHERE id = ?`)
        .run(id);
      this.db.sql
        .prepare(
          `UPDATE run_steps SET status = 'pending', started_at = NULL, finished_at = NULL, duration_ms = NULL,
           error = NULL, records = '{}', image_meta = '[]' WHERE run_id = ?`,
        )
        .run(id);
    })();
    return this.require(id);
  }

  interruptRunning(options: { ownToo?: boolean } = {}): string[] {
    const now = this.now();
    const own = claimantId();
    return this.db.sql.transaction(() => {
      // A CLI command beside a live server must not interrupt the server's runs: only those of processes that are gone.
      const running = this.db.sql.prepare(`SELECT id, worker FROM runs WHERE status = 'running'`).all() as { id: string; worker: string | null }[];
      const ids = running.filter((run) => !isClaimantAlive(run.worker) || (options.ownToo && run.worker === own)).map((run) => run.id);
      const runError = JSON.stringify({ code: 'INTERRUPTED', message: 'The process stopped while this run was running', details: {} });
      const markRun = this.db.sql.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ?`);
      const markSteps = this.db.sql.prepare(
        `UPDATE run_steps SET status = 'failed', finished_at = ?, error = ? WHERE run_id = ? AND status = 'running'`,
      );
      for (const id of ids) {
        markRun.run(now, runError, id);
        markSteps.run(now, JSON.stringify(interruptedStepError), id);
      }
      return ids;
    })();
  }

  steps(runId: string): StepRecord[] {
    const rows = this.db.sql.prepare('SELECT * FROM run_steps WHERE run_id = ? ORDER BY idx').all(runId) as StepRow[];
    return rows.map(toStepRecord);
  }

  /** A step the run was not created with (e.g. a training phase) is appended after the known ones. */
  startStep(runId: string, stepId: string): void {
    const now = this.now();
    this.db.sql.transaction(() => {
      this.require(runId);
      const changed = this.db.sql
        .prepare(`UPDATE run_steps SET status = 'running', started_at = ? WHERE run_id = ? AND step_id = ?`)
        .run(now, runId, stepId).changes;
      if (changed === 0) {
        this.db.sql
          .prepare(
            `INSERT INTO run_steps (run_id, step_id, idx, use, status, started_at)
             VALUES (?, ?, (SELECT COALESCE(MAX(idx), -1) + 1 FROM run_steps WHERE run_id = ?), '', 'running', ?)`,
          )
          .run(runId, stepId, runId, now);
      }
    })();
  }

  finishStep(runId: string, stepId: string, outcome: { status: StepStatus; error?: ErrorRecord | null; records?: Record<string, unknown>; imageMeta?: StepRecord['imageMeta'] }): void {
    const finished = this.clock.now();
    this.db.sql.transaction(() => {
      const row = this.db.sql.prepare('SELECT started_at FROM run_steps WHERE run_id = ? AND step_id = ?').get(runId, stepId) as
        | { started_at: string | null }
        | undefined;
      if (!row) throw new AtelierError('NOT_FOUND', `Run ${runId} has no step "${stepId}"`, { step: stepId, path: 'stepId' });
      const durationMs = row.started_at === null ? null : Math.max(0, finished.getTime() - Date.parse(row.started_at));
      this.db.sql
        .prepare(
          `UPDATE run_steps SET status = ?, finished_at = ?, duration_ms = ?, error = ?, records = ?, image_meta = ?
           WHERE run_id = ? AND step_id = ?`,
        )
        .run(
          outcome.status,
          finished.toISOString(),
          durationMs,
          toJson(outcome.error ?? null),
          JSON.stringify(outcome.records ?? {}),
          JSON.stringify(outcome.imageMeta ?? []),
          runId,
          stepId,
        );
    })();
  }

  /** The row goes first (steps and artifact rows cascade), then the files: a crash leaves orphan files, never rows without files. */
  delete(id: string): boolean {
    const files = this.db.sql.transaction(() => {
      const paths = (this.db.sql.prepare('SELECT path FROM artifacts WHERE run_id = ?').all(id) as { path: string }[]).map((r) => r.path);
      const deleted = this.db.sql.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
      return deleted ? paths : null;
    })();
    if (files === null) return false;
    for (const file of files) fs.rmSync(path.join(this.db.paths.home, file), { force: true });
    // The id came from our own row, so joining it into a path cannot escape the artifacts folder.
    fs.rmSync(path.join(this.db.paths.artifacts, id), { recursive: true, force: true });
    return true;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private require(id: string): RunRecord {
    const run = this.get(id);
    if (!run) throw runNotFound(id);
    return run;
  }

  private update(id: string, statement: string, ...params: unknown[]): void {
    if (this.db.sql.prepare(statement).run(...params).changes === 0) throw runNotFound(id);
  }
}
