import os from 'node:os';

/**
 * The id a process writes on the runs it marks running (`runs.worker`, GraphQL `Run.worker`):
 * `<host>:<pid>` of the API process or CLI command that owns the database, never of a worker process.
 */
export function claimantId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * Whether the process that claimed a run still exists on this host. Runs claimed on another host
 * (a home on a shared disk) are left alone; a run without a claimant counts as orphaned.
 */
export function isClaimantAlive(claimant: string | null): boolean {
  if (!claimant) return false;
  const at = claimant.lastIndexOf(':');
  const host = claimant.slice(0, at);
  const pid = Number(claimant.slice(at + 1));
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
