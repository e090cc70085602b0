import { useEffect, useState } from 'react';

export interface Route {
  /** The first path segment: '', 'compose', 'runs', 'edit', 'train'. */
  page: string;
  /** The rest of the path, e.g. a run id. */
  rest: string[];
  query: URLSearchParams;
  /** Set when the path cannot be decoded (a malformed percent-escape such as `%E0%A4%A`). */
  badLink?: true;
}

/** Routes live in the hash (`#/runs/<id>`), so the server serves one page and deep links still work. */
export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(search);
  try {
    const [page = '', ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { page, rest, query };
  } catch {
    // decodeURIComponent throws on a malformed escape; a link someone pasted must not blank the whole app.
    return { page: '', rest: [], query, badLink: true };
  }
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return parseRoute(hash);
}

export function navigate(path: string): void {
  location.hash = path.startsWith('#') ? path : `#${path}`;
}
