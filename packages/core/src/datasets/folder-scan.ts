import fs from 'node:fs';
import path from 'node:path';
import { AtelierError } from '../errors.js';

export interface ScannedFolder {
  files: { file: string; label: number }[];
  labelNames: string[];
}

/** Names sort by code point, so label indices do not depend on the machine's locale. */
const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function entries(dir: string): fs.Dirent[] {
  // Hidden files (.DS_Store, .gitkeep) are never images someone meant to import.
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.')).sort(byName);
}

function filesBelow(dir: string): string[] {
  return entries(dir).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesBelow(full) : e.isFile() ? [full] : [];
  });
}

/**
 * Lists the files to import, in a stable order. Labelled: each sub-folder (sorted) is a class and its
 * files (at any depth) are its images; files at the top level then belong to no class and are left
 * out. Unlabelled: every file at any depth, label -1. `labelled` defaults to whether any sub-folder
 * holds files.
 */
export function scanFolder(folder: string, labelled?: boolean): ScannedFolder {
  let top: fs.Dirent[];
  try {
    top = entries(folder);
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Cannot read the folder ${folder}: ${(error as Error).message}`, { path: 'folder', value: folder }, { cause: error });
  }
  const classes = top
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, files: filesBelow(path.join(folder, e.name)) }))
    .filter((c) => c.files.length > 0);
  const useLabels = labelled ?? classes.length > 0;
  const scanned: ScannedFolder = useLabels
    ? { labelNames: classes.map((c) => c.name), files: classes.flatMap((c, label) => c.files.map((file) => ({ file, label }))) }
    : { labelNames: [], files: filesBelow(folder).map((file) => ({ file, label: -1 })) };
  if (scanned.files.length === 0) {
    throw new AtelierError('BAD_USER_INPUT', `${folder} holds no files to import${useLabels ? ' in its sub-folders' : ''}`, {
      path: 'folder',
      value: folder,
    });
  }
  return scanned;
}
