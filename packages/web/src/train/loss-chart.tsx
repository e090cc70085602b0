import type { LossPoint } from '../pages/use-run-events.js';

const width = 480;
const height = 160;
const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];

/** Training losses as they arrive, one line per loss, as SVG (no chart library). */
export function LossChart({ points, totalSteps }: { points: LossPoint[]; totalSteps: number | null }) {
  if (points.length === 0) return <p className="muted">Losses appear here while the model trains.</p>;
  const names = Object.keys(points[0].losses);
  const values = points.flatMap((p) => names.map((n) => p.losses[n]).filter(Number.isFinite));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const maxStep = Math.max(totalSteps ?? 0, ...points.map((p) => p.step), 1);
  const x = (step: number) => (step / maxStep) * width;
  const y = (v: number) => height - ((v - low) / (high - low || 1)) * height;
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
            points={points.map((p) => `${x(p.step).toFixed(1)},${y(p.losses[name]).toFixed(1)}`).join(' ')}
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
