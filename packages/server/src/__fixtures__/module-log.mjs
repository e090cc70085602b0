// `node --import` this file with ATELIER_MODULE_LOG=<folder>: each process (forked workers inherit
// NODE_OPTIONS) appends every module URL it resolves, import or require, to <folder>/<pid>.log.
import fs from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Resolve hooks run on Node's loader thread: this same file, registered there.
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  fs.appendFileSync(`${process.env.ATELIER_MODULE_LOG}/${process.pid}.log`, `${resolved.url}\n`);
  return resolved;
}
