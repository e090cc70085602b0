import { useCallback, useEffect, useRef, useState } from 'react';
import { request } from '../api/client.js';
import { RunsDocument, type RunFilter, type RunKind, type RunStatus, type RunsQuery } from '../api/generated.js';
import { asApiError } from '../api/use-api.js';
import { ErrorMessage } from '../components/error-message.js';

const pageSize = 20;
const statuses: RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted'];
type RunRow = RunsQuery['runs']['edges'][number]['node'];

/** Run history, newest first, filtered, loading the next page of the cursor API as you scroll. */
export function RunsPage() {
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [kind, setKind] = useState<RunKind | ''>('');
  const [pipeline, setPipeline] = useState('');
  const [rows, setRows] = useState<RunRow[]>([]);
  const [page, setPage] = useState<{ endCursor: string | null; hasNextPage: boolean; total: number } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const loading = useRef(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const filter: RunFilter = { ...(status ? { status: [status] } : {}), ...(kind ? { kind } : {}), ...(pipeline.trim() ? { pipeline: pipeline.trim() } : {}) };
  const filterKey = JSON.stringify(filter);

  const load = useCallback(
    async (after: string | null) => {
      if (loading.current) return;
      loading.current = true;
      try {
        const { runs } = await request(RunsDocument, { first: pageSize, after, filter: JSON.parse(filterKey) as RunFilter });
        setRows((old) => (after ? [...old, ...runs.edges.map((e) => e.node)] : runs.edges.map((e) => e.node)));
        setPage({ endCursor: runs.pageInfo.endCursor, hasNextPage: runs.pageInfo.hasNextPage, total: runs.totalCount });
        setError(null);
      } catch (e) {
        setError(asApiError(e));
      } finally {
        loading.current = false;
      }
    },
    [filterKey],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !page?.hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void load(page.endCursor);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [page, load]);

  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <form className="toolbar" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as RunStatus | '')}>
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as RunKind | '')}>
            <option value="">any</option>
            <option value="pipeline">pipeline</option>
            <option value="training">training</option>
          </select>
        </label>
        <label>
          Pipeline <input value={pipeline} onChange={(e) => setPipeline(e.target.value)} placeholder="name or family" />
        </label>
        {page && <span className="muted">{page.total} runs</span>}
      </form>
      <ErrorMessage error={error} onRetry={() => void load(null)} />
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Seed</th>
            <th scope="col">Created</th>
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <tr key={run.id}>
              <td>
                <a href={`#/runs/${run.id}`}>{run.name ?? run.id.slice(0, 8)}</a>
              </td>
              <td>{run.kind}</td>
              <td data-status={run.status}>{run.status}</td>
              <td>{run.seed}</td>
              <td>{new Date(run.createdAt).toLocaleString()}</td>
              <td className="mini">
                {run.artifacts
                  .filter((a) => a.mime.startsWith('image/'))
                  .slice(-1)
                  .map((a) => (
                    <img key={a.id} src={a.url} alt="" width={40} height={40} loading="lazy" />
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div ref={sentinel} />
      {page?.hasNextPage && (
        <button type="button" onClick={() => void load(page.endCursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
