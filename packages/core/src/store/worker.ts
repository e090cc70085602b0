import os from 'node:os';

/** Identifies the process that runs a job: `<host>:<pid>`. */
export function currentWorker(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * Whether the process that claimed a run still exists on this host. Runs claimed on another host
 * (a home on a shared disk) are left alone; a run without a worker counts as orphaned.
 */
export function isWorkerAlive(worker: string | null): boolean {
  if (!worker) return false;
  const at = worker.lastIndexOf(':');
  const host = worker.slice(0, at);
  const pid = Number(worker.slice(at + 1));
  if (host !== os.hostname()) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
