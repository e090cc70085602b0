import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LimitsConfig } from '../config/config.js';
import { AtelierError } from '@atelier/plugin-api';
import { pathNotAllowed } from '../inputs/input-files.js';

export interface ScannedFolder {
  files: { file: string; label: number }[];
  labelNames: string[];
}

export type FolderBounds = Pick<LimitsConfig, 'maxFolderFiles' | 'maxFolderDepth' | 'maxFolderBytes' | 'maxInputFileBytes'>;

interface FoundFile {
  file: string;
  /** The top-level sub-folder it lies in; null for files directly in the folder. */
  top: string | null;
}

/** Names sort by code point, so label indices do not depend on the machine's locale. */
const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function overLimit(what: string, value: number, limit: number, setting: keyof FolderBounds): AtelierError {
  return new AtelierError('LIMIT_EXCEEDED', `The folder holds ${what} ${value}; the limit is ${limit}`, { path: 'path', limit, setting: `limits.${setting}` });
}

/**
 * Walks the folder depth first in name order, one directory read at a time (each an await, so the
 * server keeps answering), and stops as soon as a bound is crossed. Only regular files count:
 * symlinks, FIFOs and devices are skipped, so a walk never leaves the folder or blocks on a read.
 */
async function walk(folder: string, bounds: FolderBounds): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  let bytes = 0;
  const visit = async (dir: string, depth: number, top: string | null): Promise<void> => {
    if (depth > bounds.maxFolderDepth) throw overLimit('sub-folders nested', depth, bounds.maxFolderDepth, 'maxFolderDepth');
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => {
      throw pathNotAllowed('path', 'folder');
    });
    // Hidden files (.DS_Store, .gitkeep) are never images someone meant to import.
    for (const entry of entries.filter((e) => !e.name.startsWith('.')).sort(byName)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(full, depth + 1, top ?? entry.name);
      } else if (entry.isFile()) {
        if (found.length >= bounds.maxFolderFiles) throw overLimit('more files than', bounds.maxFolderFiles, bounds.maxFolderFiles, 'maxFolderFiles');
        const { size } = await fs.lstat(full);
        if (size > bounds.maxInputFileBytes) throw overLimit('a file of bytes', size, bounds.maxInputFileBytes, 'maxInputFileBytes');
        bytes += size;
        if (bytes > bounds.maxFolderBytes) throw overLimit('more bytes than', bounds.maxFolderBytes, bounds.maxFolderBytes, 'maxFolderBytes');
        found.push({ file: full, top });
      }
    }
  };
  await visit(folder, 0, null);
  return found;
}

/**
 * Lists the files to import, in a stable order. Labelled: each sub-folder (sorted) is a class and its
 * files (at any depth) are its images; files at the top level then belong to no class and are left
 * out. Unlabelled: every file at any depth, label -1. `labelled` defaults to whether any sub-folder
 * holds files. `folder` is a real path already checked against the input roots.
 */
export async function scanFolder(folder: string, labelled: boolean | undefined, bounds: FolderBounds): Promise<ScannedFolder> {
  const found = await walk(folder, bounds);
  const labelNames = [...new Set(found.flatMap((f) => (f.top === null ? [] : [f.top])))];
  const useLabels = labelled ?? labelNames.length > 0;
  const scanned: ScannedFolder = useLabels
    ? { labelNames, files: found.filter((f) => f.top !== null).map((f) => ({ file: f.file, label: labelNames.indexOf(f.top!) })) }
    : { labelNames: [], files: found.map((f) => ({ file: f.file, label: -1 })) };
  if (scanned.files.length === 0) {
    throw new AtelierError('BAD_USER_INPUT', `The folder holds no files to import${useLabels ? ' in its sub-folders' : ''}`, { path: 'path' });
  }
  return scanned;
}
