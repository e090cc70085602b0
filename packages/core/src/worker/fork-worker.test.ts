import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerEnv } from './fork-worker.js';

describe('a worker’s environment', () => {
  it('carries the parent’s own variables and nothing planted on Object.prototype', () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.NODE_OPTIONS_TEST = '--require /tmp/attacker.js';
    try {
      const env = workerEnv({ ...process.env, ATELIER_OWN_TEST: 'kept' });
      // What a child really receives: spawn copies every key `for…in` finds.
      const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([process.env.NODE_OPTIONS_TEST ?? null, process.env.ATELIER_OWN_TEST]))'], {
        env,
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual([null, 'kept']);
    } finally {
      delete polluted.NODE_OPTIONS_TEST;
    }
  });
});
