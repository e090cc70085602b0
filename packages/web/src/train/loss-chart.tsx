import type { LossPoint } from '../pages/use-run-events.js';

const width = 480;
const height = 160;
const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];

/** Training losses as they arrive, one line per loss on its own scale (they differ by orders), as SVG. */
export function LossChart({ points, totalSteps }: { points: LossPoint[]; totalSteps: number | null }) {
  if (points.length === 0) return <p className="muted">Losses appear here while the model trains.</p>;
  const names = Object.keys(points[0].losses);
  const ranges = Object.fromEntries(
    names.map((name) => {
      const values = points.map((p) => p.losses[name]).filter(Number.isFinite);
      return [name, [Math.min(...values), Math.max(...values)]];
    }),
  );
  const maxStep = Math.max(totalSteps ?? 0, ...points.map((p) => p.step), 1);
  const x = (step: number) => (step / maxStep) * width;
  const y = (name: string, v: number) => {
    const [low, high] = ranges[name];
    return height - 4 - ((v - low) / (high - low || 1)) * (height - 8);
  };
  const last = points[points.length - 1];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Loss chart, step ${last.step}${totalSteps ? ` of ${totalSteps}` : ''}`}>
        {names.map((name, i) => (
          <polyline
            key={name}
            fill="none"
            stroke={colors[i % colors.length]}
            strokeWidth={2}
            points={points.map((p) => `${x(p.step).toFixed(1)},${y(name, p.losses[name]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption>
        Step {last.step}
        {totalSteps ? ` / ${totalSteps}` : ''}:{' '}
        {names.map((name, i) => (
          <span key={name} style={{ color: colors[i % colors.length] }}>
            {name} {last.losses[name]?.toFixed(4)}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
