import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from './client.js';
import type { TypedDocumentString } from './generated.js';

export interface ApiState<Result> {
  data: Result | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs a query when the component mounts and whenever `variables` change (compared as JSON). */
export function useApi<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): ApiState<Result> {
  const [state, setState] = useState<{ data: Result | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables ?? null);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    request(document, variables)
      .then((data) => current && setState({ data, error: null, loading: false }))
      .catch((error: unknown) => current && setState((s) => ({ data: s.data, error: asApiError(error), loading: false })));
    return () => {
      current = false;
    };
    // `key` stands for `variables`.
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(error instanceof Error ? error.message : String(error), 'INTERNAL_SERVER_ERROR');
}
