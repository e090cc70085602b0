export type InputKind = 'file' | 'folder';

/** Reads the paths that reach Atelier from a request (`image.load`, folder imports), only inside the input roots. */
export interface InputFileAccess {
  /** The real path of `target` (relative paths from the working directory), or PATH_NOT_ALLOWED. */
  resolve(target: string, field: string, kind: InputKind): Promise<string>;
  /** The bytes of a regular file inside a root, at most `limits.maxInputFileBytes` of them. */
  read(target: string, field: string): Promise<Buffer>;
}
