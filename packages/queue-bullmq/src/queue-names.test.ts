import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtelierError, loadConfig } from '@atelier/core';
import { bullQueueName, parseQueues, queueForRun } from './queue-names.js';

describe('capability queues', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const configWith = (queue: unknown) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-queue-'));
    dirs.push(cwd);
    fs.writeFileSync(path.join(cwd, 'atelier.config.json'), JSON.stringify({ queue }));
    return () => loadConfig({ cwd, env: {} });
  };

  it('the embedded queue is the default; a bullmq queue takes its url and routes, with defaults for the rest', () => {
    expect(configWith(undefined)().queue).toEqual({ kind: 'embedded' });
    const config = configWith({ kind: 'bullmq', url: 'redis://127.0.0.1:6379', engines: { training: 'gpu' } })();
    expect(config.queue).toMatchObject({ kind: 'bullmq', engines: { pipeline: 'cpu', training: 'gpu' }, lockDurationMs: 30_000, drainDeadlineMs: 60_000 });
  });

  it('refuses a queue config without a redis URL or with an unknown kind, naming the field', () => {
    expect(configWith({ kind: 'bullmq', url: 'http://x' })).toThrow(/queue\.url: .*redis:\/\//);
    expect(configWith({ kind: 'sqs' })).toThrow(AtelierError);
    expect(configWith({ kind: 'bullmq' })).toThrow(/queue\.url/);
  });

  it('sends a run to the queue of its kind and required engine; Redis names avoid BullMQ\'s `:`', () => {
    const engines = { pipeline: 'cpu', training: 'gpu' } as const;
    expect(queueForRun({ kind: 'pipeline' }, engines)).toBe('gen:cpu');
    expect(queueForRun({ kind: 'training' }, engines)).toBe('train:gpu');
    expect(bullQueueName('train:gpu')).toBe('atelier-train-gpu');
  });

  it('parses --queues, naming every unknown queue at once', () => {
    expect(parseQueues('gen:cpu, train:cpu,gen:cpu')).toEqual(['gen:cpu', 'train:cpu']);
    const error = (() => {
      try {
        parseQueues('gen:tpu,train:cpu,render');
      } catch (caught) {
        return caught as AtelierError;
      }
    })();
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'queues', unknown: ['gen:tpu', 'render'] } });
    expect(() => parseQueues('')).toThrow(AtelierError);
  });
});
