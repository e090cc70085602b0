/** Every error Atelier raises on purpose carries one of these codes; clients switch on them. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'PIPELINE_INVALID'
  | 'NOT_FOUND'
  | 'CHECKPOINT_NOT_FOUND'
  | 'CHECKPOINT_INCOMPATIBLE'
  | 'DATASET_NOT_FOUND'
  | 'IMAGE_INVALID'
  | 'LIMIT_EXCEEDED'
  | 'PATH_NOT_ALLOWED'
  | 'PLUGIN_INVALID'
  /** A plugin's component threw an unexpected error or returned a malformed image batch. */
  | 'PLUGIN_FAILED'
  | 'DUPLICATE_ID'
  | 'ENGINE_UNAVAILABLE'
  | 'CANCELED'
  | 'CONFLICT'
  | 'STORAGE_ERROR'
  | 'WORKER_CRASHED'
  /** The config names a queue or artifact store whose adapter package is not installed. */
  | 'ADAPTER_MISSING'
  | 'INTERNAL';

export interface ErrorDetails {
  /** Pipeline step the problem belongs to. */
  step?: string;
  /** Path of the offending field, e.g. `with.count` or `hyperparameters.latentSize`. */
  path?: string;
  /** The limit that was crossed, when there is one. */
  limit?: number | string;
  [key: string]: unknown;
}

export class AtelierError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AtelierError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** One problem found while validating a pipeline spec; validation collects all of them. */
export interface PipelineIssue {
  step: string | null;
  path: string;
  code: string;
  message: string;
}

export class PipelineInvalidError extends AtelierError {
  readonly issues: PipelineIssue[];

  constructor(issues: PipelineIssue[]) {
    const summary = issues.map((i) => `${i.step ?? 'pipeline'}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ');
    super('PIPELINE_INVALID', `Pipeline is invalid (${issues.length} error${issues.length === 1 ? '' : 's'}): ${summary}`, {
      issues,
    });
    this.issues = issues;
  }
}

export function isAtelierError(error: unknown): error is AtelierError {
  return error instanceof AtelierError;
}

/** Wraps a third-party failure at the boundary, keeping the original as `cause`. */
export function wrapError(error: unknown, code: ErrorCode, message: string, details: ErrorDetails = {}): AtelierError {
  if (error instanceof AtelierError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AtelierError(code, `${message}: ${reason}`, details, { cause: error });
}

export function canceledError(what = 'Run'): AtelierError {
  return new AtelierError('CANCELED', `${what} was canceled`);
}
