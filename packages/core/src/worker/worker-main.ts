import 'reflect-metadata';
import type { ParentMessage, UnversionedWorkerMessage } from '../run/protocol.js';
import { protocolVersion } from '../run/protocol.js';
import { WorkerRuntime } from './worker-runtime.js';

/** Entry of a forked worker process: the runtime on Node's IPC channel (advanced serialization). */
if (!process.send) throw new Error('worker-main.ts runs as a forked child with an IPC channel');

new WorkerRuntime({
  send: (message: UnversionedWorkerMessage) => process.send!({ ...message, v: protocolVersion }),
  onMessage: (listener) => process.on('message', (message) => listener(message as ParentMessage)),
});
// A worker never outlives its parent: a closed channel means the API process is gone.
process.on('disconnect', () => process.exit(0));
