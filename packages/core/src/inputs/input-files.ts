import { constants, mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { AtelierConfig, LimitsConfig } from '../config/config.js';
import { AtelierError } from '@atelier/plugin-api';
import type { InputFileAccess, InputKind } from '../contracts/input-files.js';
import { Tokens } from '../contracts/tokens.js';

/** The part of the config InputFiles reads (a worker process gets just this much). */
export type InputSettings = Pick<AtelierConfig, 'inputRoots'> & { limits: Pick<LimitsConfig, 'maxInputFileBytes'> };

/**
 * One error for every reason a path is refused (missing, unreadable, a directory, a FIFO, outside
 * the roots), so its text reveals nothing about what exists on the server's disk.
 */
export function pathNotAllowed(field: string, kind: InputKind): AtelierError {
  return new AtelierError('PATH_NOT_ALLOWED', `${field} does not name a readable ${kind} inside the allowed input folders (inputRoots)`, {
    path: field,
    setting: 'inputRoots',
  });
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The only way paths that reach Atelier from a request are read: resolved with `realpath` (so
 * neither `..` nor a symlink leaves a root), then held to the configured `inputRoots`. Files are
 * opened non-blocking and checked on the open handle, so a FIFO or device never stalls a read.
 */
@injectable()
export class InputFiles implements InputFileAccess {
  private readonly roots: string[];
  private readonly maxFileBytes: number;

  constructor(@inject(Tokens.Config) config: InputSettings) {
    this.roots = config.inputRoots;
    this.maxFileBytes = config.limits.maxInputFileBytes;
    // A fresh home gets its `inputs/` folder; a root that cannot be made simply holds nothing.
    for (const root of this.roots) {
      try {
        mkdirSync(root, { recursive: true });
      } catch {}
    }
  }

  /** The real path of `target` (relative paths from the working directory), or PATH_NOT_ALLOWED. */
  async resolve(target: string, field: string, kind: InputKind): Promise<string> {
    const real = await fs.realpath(path.resolve(target)).catch(() => null);
    if (real === null) throw pathNotAllowed(field, kind);
    const roots = await Promise.all(this.roots.map((root) => fs.realpath(root).catch(() => null)));
    if (!roots.some((root) => root !== null && isInside(root, real))) throw pathNotAllowed(field, kind);
    const stat = await fs.stat(real).catch(() => null);
    if (!(kind === 'file' ? stat?.isFile() : stat?.isDirectory())) throw pathNotAllowed(field, kind);
    return real;
  }

  /** The bytes of a regular file inside a root, at most `limits.maxInputFileBytes` of them. */
  async read(target: string, field: string): Promise<Buffer> {
    const real = await this.resolve(target, field, 'file');
    const handle = await fs.open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(() => null);
    if (!handle) throw pathNotAllowed(field, 'file');
    try {
      // Checked again on the handle: the path may have been swapped since it was resolved.
      const stat = await handle.stat();
      if (!stat.isFile()) throw pathNotAllowed(field, 'file');
      if (stat.size > this.maxFileBytes) {
        throw new AtelierError('LIMIT_EXCEEDED', `${field} is ${stat.size} bytes; an input file may be at most ${this.maxFileBytes}`, {
          path: field,
          limit: this.maxFileBytes,
          setting: 'limits.maxInputFileBytes',
        });
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
}
