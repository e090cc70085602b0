import type { DefaultCheckpointFile } from './default-checkpoint.js';
import { escapeHtml, formatNumber } from './html.js';

type History = DefaultCheckpointFile['history'];
interface Range {
  min: number;
  max: number;
}

const width = 640;
const height = 280;
const margin = { top: 30, right: 16, bottom: 40, left: 60 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
/** Distinct on white and for the common colour-vision deficiencies (Okabe–Ito). */
const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/** Every loss named in the history, in the order first logged (`step` and `epoch` are coordinates). */
export function lossKeys(history: History): string[] {
  const keys = new Set<string>();
  for (const point of history) {
    for (const [key, value] of Object.entries(point)) if (key !== 'step' && key !== 'epoch' && typeof value === 'number') keys.add(key);
  }
  return [...keys];
}

/** Round tick values (1, 2 or 5 × a power of ten apart) inside `range`. */
function ticks({ min, max }: Range, wholeNumbers: boolean): number[] {
  const rough = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const spacing = Math.max(wholeNumbers ? 1 : 0, [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough)!);
  const values: number[] = [];
  for (let tick = Math.ceil(min / spacing) * spacing; tick <= max + spacing * 1e-9; tick += spacing) values.push(Number(tick.toPrecision(12)));
  return values;
}

function describe(values: number[]): string {
  const [min, max] = [Math.min(...values), Math.max(...values)].map(formatNumber);
  return min === max ? min : `${min}–${max}`;
}

/** The span of `values`, widened where it is a single value so the plot has somewhere to draw. */
function span(values: number[], widen: (value: number) => Range): Range {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? widen(min) : { min, max };
}

function scale(range: Range, pixels: number, flip: boolean): (value: number) => number {
  return (value) => {
    const share = (value - range.min) / (range.max - range.min);
    return Number(((flip ? 1 - share : share) * pixels).toFixed(1));
  };
}

function axes(steps: Range, values: Range, x: (v: number) => number, y: (v: number) => number): string {
  const stepTicks = ticks(steps, true).map(
    (tick) => `<line x1="${x(tick)}" y1="${plotHeight}" x2="${x(tick)}" y2="${plotHeight + 5}"/><text x="${x(tick)}" y="${plotHeight + 18}" text-anchor="middle">${formatNumber(tick)}</text>`,
  );
  const valueTicks = ticks(values, false).map(
    (tick) =>
      `<line class="grid" x1="0" y1="${y(tick)}" x2="${plotWidth}" y2="${y(tick)}"/><text x="-8" y="${y(tick) + 4}" text-anchor="end">${formatNumber(tick)}</text>`,
  );
  return [
    `<g class="axes">`,
    ...valueTicks,
    ...stepTicks,
    `<line x1="0" y1="${plotHeight}" x2="${plotWidth}" y2="${plotHeight}"/><line x1="0" y1="0" x2="0" y2="${plotHeight}"/>`,
    `<text x="${plotWidth / 2}" y="${plotHeight + 34}" text-anchor="middle">step</text>`,
    `</g>`,
  ].join('');
}

function series(key: string, colour: string, history: History, x: (v: number) => number, y: (v: number) => number): string {
  const points = history.filter((point) => Number.isFinite(point[key])).map((point) => [x(point.step), y(point[key]!)]);
  // A lone point draws no line, so it gets a dot.
  const dot = points.length === 1 ? `<circle cx="${points[0][0]}" cy="${points[0][1]}" r="3" fill="${colour}"/>` : '';
  return `<polyline data-loss="${escapeHtml(key)}" fill="none" stroke="${colour}" stroke-width="1.5" points="${points.map((p) => p.join(',')).join(' ')}"/>${dot}`;
}

function legend(keys: string[]): string {
  let offset = 0;
  const entries = keys.map((key, index) => {
    const entry = `<g transform="translate(${offset},0)"><rect width="12" height="12" y="-10" fill="${palette[index % palette.length]}"/><text x="16">${escapeHtml(key)}</text></g>`;
    offset += 28 + key.length * 7;
    return entry;
  });
  return `<g class="legend" transform="translate(${margin.left},16)">${entries.join('')}</g>`;
}

/** The loss curve as inline SVG: one polyline per loss over the steps, with axes and a legend. */
export function renderLossChart(history: History): string {
  const keys = lossKeys(history);
  const plotted = history.filter((point) => Number.isFinite(point.step));
  const values = plotted.flatMap((point) => keys.map((key) => point[key]).filter((value): value is number => Number.isFinite(value)));
  if (keys.length === 0 || values.length === 0) return '<p class="empty">No loss curve recorded.</p>';
  const stepValues = plotted.map((point) => point.step);
  const steps = span(stepValues, (step) => ({ min: Math.max(0, step - 1), max: step + 1 }));
  const valueRange = span(values, (value) => ({ min: value - (Math.abs(value) * 0.1 || 1), max: value + (Math.abs(value) * 0.1 || 1) }));
  const x = scale(steps, plotWidth, false);
  const y = scale(valueRange, plotHeight, true);
  const lines = keys.map((key, index) => series(key, palette[index % palette.length], plotted, x, y));
  const caption = `${plotted.length} logged ${plotted.length === 1 ? 'point' : 'points'}, step ${describe(stepValues)}, values ${describe(values)}`;
  return [
    `<figure class="chart"><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="loss curve">`,
    legend(keys),
    `<g transform="translate(${margin.left},${margin.top})">${axes(steps, valueRange, x, y)}${lines.join('')}</g>`,
    `</svg><figcaption>${escapeHtml(caption)}</figcaption></figure>`,
  ].join('');
}
