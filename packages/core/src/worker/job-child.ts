import type { ChildProcess } from 'node:child_process';
import { AtelierError, canceledError, type EngineReport, type Logger } from '@atelier/plugin-api';
import { forkWorker } from './fork-worker.js';
import { isProtocolMessage, protocolVersion, taskId, type UnversionedParentMessage, type WorkerMessage, type WorkerSettings, type WorkerTask } from '../run/protocol.js';
import { answerRequest, type RecordLookup } from './record-lookup.js';
import type { RunReport } from '../run/run-recorder.js';

export interface JobChildOptions {
  settings: WorkerSettings;
  /** How long a canceled task may take to stop before the child is killed. */
  cancelGraceMs: number;
  logger: Logger;
  spawn?: () => ChildProcess;
}

/**
 * One forked worker process for exactly one task: started (engine and plugins loaded) ahead of its
 * task, it runs it, relays its reports and is stopped, so every task starts on clean tfjs memory and
 * a task that does not stop when canceled is killed with its process.
 */
export class JobChild {
  private onMessage: (message: WorkerMessage) => void = () => {};
  private readonly exited: Promise<AtelierError>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: JobChildOptions,
    readonly engine: EngineReport,
    exited: Promise<AtelierError>,
  ) {
    this.exited = exited;
    child.on('message', (raw) => this.receive(raw));
  }

  /** Forks a child and waits until its engine and plugins are loaded. */
  static async start(options: JobChildOptions): Promise<JobChild> {
    const child = (options.spawn ?? forkWorker)();
    const exited = new Promise<AtelierError>((resolve) =>
      child.once('exit', (code, signal) =>
        resolve(new AtelierError('WORKER_CRASHED', `A worker process exited (${signal ?? `code ${code}`})`, { exitCode: code, signal })),
      ),
    );
    child.on('error', (error) => options.logger.error({ err: error.message }, 'worker process error'));
    const ready = new Promise<EngineReport>((resolve) => {
      const onReady = (raw: unknown) => {
        if (!isProtocolMessage(raw) || raw.type !== 'ready') return;
        child.off('message', onReady);
        const message = raw as Extract<WorkerMessage, { type: 'ready' }>;
        for (const failure of message.pluginFailures) options.logger.warn({ plugin: failure.name, err: failure.message }, 'plugin failed to load in a worker');
        resolve(message.engine);
      };
      child.on('message', onReady);
    });
    send(child, { type: 'init', settings: options.settings });
    const engine = await Promise.race([ready, exited.then((reason) => Promise.reject(reason))]);
    return new JobChild(child, options, engine, exited);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Runs the task; `onReport` gets every row-changing or progress report, in order. */
  run(job: { task: WorkerTask; lookup: RecordLookup; signal: AbortSignal; onReport: (report: RunReport) => void }): Promise<Record<string, unknown>> {
    const { task, lookup, signal, onReport } = job;
    const runId = taskId(task);
    let canceling = false;
    let killTimer: NodeJS.Timeout | undefined;
    const asCanceled = (error: AtelierError) => (canceling && error.code !== 'CANCELED' ? canceledError() : error);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const onAbort = () => {
        canceling = true;
        send(this.child, { type: 'cancel', runId });
        killTimer = setTimeout(() => this.child.kill('SIGKILL'), this.options.cancelGraceMs);
      };
      this.onMessage = (message) => {
        switch (message.type) {
          case 'ready':
          // Only ranks of a data-parallel run (`run-rank`, the local pool's) reduce; a job's child runs whole tasks.
          case 'reduce':
            return;
          case 'log':
            return this.options.logger[message.level]({ ...message.fields, pid: this.child.pid }, message.message);
          case 'request':
            return send(this.child, { type: 'reply', requestId: message.requestId, ...answerRequest(lookup, message.request) });
          case 'done':
            // A step that stops early on cancel returns normally; the run still ends canceled.
            return canceling ? reject(canceledError()) : resolve(message.result);
          case 'failed':
            return reject(asCanceled(new AtelierError(message.error.code as AtelierError['code'], message.error.message, message.error.details)));
          default:
            if (message.runId === runId) onReport(message);
        }
      };
      void this.exited.then((reason) => reject(asCanceled(reason)));
      // A listener on a job's own signal goes with the job; nothing to remove.
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      send(this.child, { type: 'run', task });
    }).finally(() => {
      clearTimeout(killTimer);
      // Settled only once the process is gone: a canceled task's child never outlives its job.
      return this.stop();
    });
  }

  /** Closes the child's channel (it exits), killing it when it does not exit within the grace period. */
  async stop(): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.options.cancelGraceMs);
    if (this.child.connected) this.child.disconnect();
    await this.exited;
    clearTimeout(timer);
  }

  private receive(raw: unknown): void {
    if (!isProtocolMessage(raw) || raw.v !== protocolVersion) {
      this.options.logger.error({ pid: this.child.pid }, 'worker spoke another protocol version; stopping it');
      this.child.kill('SIGKILL');
      return;
    }
    this.onMessage(raw as WorkerMessage);
  }
}

function send(child: ChildProcess, message: UnversionedParentMessage): void {
  if (child.connected) child.send({ ...message, v: protocolVersion });
}

