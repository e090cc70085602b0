import type { ApiError } from '../api/client.js';

/** An API error as a message the user can read (never a blank page). */
export function ErrorMessage({ error, onRetry }: { error: ApiError | Error | null; onRetry?: () => void }) {
  if (!error) return null;
  const code = 'code' in error ? String(error.code) : null;
  return (
    <div className="error" role="alert">
      <strong>{code ? `${code}: ` : ''}</strong>
      {error.message}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
