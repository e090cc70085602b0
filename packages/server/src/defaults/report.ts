import { goalMet, type DefaultCheckpointFile, type QualityGoal } from './default-checkpoint.js';
import { escapeHtml, formatBytes, formatNumber, formatValue } from './html.js';
import { renderLossChart } from './loss-chart.js';
import { reportStyle } from './report-style.js';

export interface ReportOptions {
  /** Printed in the header (default: now). */
  generatedAt?: Date;
  /** What the defaults folder takes on disk, shown in the header when given. */
  totalBytes?: number;
  /** Where the checkpoints were read from, named when there are none. */
  folder?: string;
}

export interface GoalTotals {
  met: number;
  total: number;
}

export function goalTotals(checkpoints: DefaultCheckpointFile[]): GoalTotals {
  const goals = checkpoints.flatMap((checkpoint) => checkpoint.goals.map((goal) => goalMet(goal, checkpoint.metrics)));
  return { met: goals.filter(Boolean).length, total: goals.length };
}

const anchor = (checkpoint: DefaultCheckpointFile) => `checkpoint-${escapeHtml(checkpoint.name)}`;

function target(goal: QualityGoal): string {
  const bounds = [goal.atLeast === undefined ? null : `≥ ${formatNumber(goal.atLeast)}`, goal.atMost === undefined ? null : `≤ ${formatNumber(goal.atMost)}`];
  return escapeHtml(bounds.filter((bound) => bound !== null).join(' and ') || 'any');
}

function verdict(met: boolean): string {
  return met ? '<td class="verdict met" title="met">✓</td>' : '<td class="verdict missed" title="not met">✗</td>';
}

function goalsTable(checkpoint: DefaultCheckpointFile): string {
  if (checkpoint.goals.length === 0) return '<p class="empty">No quality goals.</p>';
  const rows = checkpoint.goals.map((goal) => {
    const measured = checkpoint.metrics[goal.metric];
    return `<tr data-metric="${escapeHtml(goal.metric)}"><td>${escapeHtml(goal.label)}</td><td><code>${escapeHtml(goal.metric)}</code></td><td>${target(goal)}</td><td class="number">${measured === undefined ? '—' : formatValue(measured)}</td>${verdict(goalMet(goal, checkpoint.metrics))}</tr>`;
  });
  return `<table class="goals"><thead><tr><th>Goal</th><th>Metric</th><th>Target</th><th>Measured</th><th>Met</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function otherMetrics(checkpoint: DefaultCheckpointFile): string {
  const named = new Set(checkpoint.goals.map((goal) => goal.metric));
  const rows = Object.entries(checkpoint.metrics)
    .filter(([metric]) => !named.has(metric))
    .map(([metric, value]) => `<tr><td><code>${escapeHtml(metric)}</code></td><td class="number">${formatValue(value)}</td></tr>`);
  if (rows.length === 0) return '';
  return `<h3>Other metrics</h3><table class="metrics"><tbody>${rows.join('')}</tbody></table>`;
}

function keyValueTable(entries: [string, unknown][]): string {
  if (entries.length === 0) return 'none';
  const rows = entries.map(([key, value]) => `<tr><td><code>${escapeHtml(key)}</code></td><td>${formatValue(value)}</td></tr>`);
  return `<table class="compact"><tbody>${rows.join('')}</tbody></table>`;
}

function lineage(checkpoint: DefaultCheckpointFile): string {
  const { dataset, preprocessing, hyperparameters, epochs, steps, seed, workers, engine, seconds, trainedBy } = checkpoint.lineage;
  const preprocessingList = preprocessing.length
    ? `<ol>${preprocessing.map((step) => `<li><code>${escapeHtml(step.use)}</code> ${formatValue(step.with)}</li>`).join('')}</ol>`
    : 'none';
  const rows: [string, string][] = [
    ['Data set', `${escapeHtml(dataset.name)} (${escapeHtml(dataset.source)}, split ${escapeHtml(dataset.split)}, ${formatValue(dataset.count)} images)`],
    ['Preprocessing', preprocessingList],
    ['Hyper-parameters', keyValueTable(Object.entries(hyperparameters))],
    ['Training', `${formatValue(epochs)} epochs, ${formatValue(steps)} steps, ${formatValue(seconds)} s`],
    ['Seed', formatValue(seed)],
    ['Workers', formatValue(workers)],
    ['Engine', formatValue(engine)],
    ['Trained by', formatValue(trainedBy)],
  ];
  return `<h3>Lineage</h3><dl class="lineage">${rows.map(([term, detail]) => `<dt>${term}</dt><dd>${detail}</dd>`).join('')}</dl>`;
}

function sampleGrid(checkpoint: DefaultCheckpointFile, png: Buffer | null): string {
  const caption = escapeHtml(checkpoint.samples.caption);
  if (png === null) return `<p class="empty">No sample grid (${caption}).</p>`;
  return `<figure class="samples"><img src="data:image/png;base64,${png.toString('base64')}" alt="${caption}"><figcaption>${caption}</figcaption></figure>`;
}

function checkpointSection(checkpoint: DefaultCheckpointFile, png: Buffer | null): string {
  const { met, total } = goalTotals([checkpoint]);
  return [
    `<section class="checkpoint" id="${anchor(checkpoint)}">`,
    `<h2>${escapeHtml(checkpoint.name)} <span class="family">${escapeHtml(checkpoint.family)}</span></h2>`,
    `<p class="meta">Trained on ${escapeHtml(checkpoint.dataset)} · epoch ${formatValue(checkpoint.epoch)}, step ${formatValue(checkpoint.step)} · ${met}/${total} goals met</p>`,
    `<h3>Quality goals</h3>${goalsTable(checkpoint)}`,
    otherMetrics(checkpoint),
    `<h3>Loss curve</h3>${renderLossChart(checkpoint.history)}`,
    `<h3>Samples</h3>${sampleGrid(checkpoint, png)}`,
    lineage(checkpoint),
    `</section>`,
  ]
    .filter(Boolean)
    .join('\n');
}

function contents(checkpoints: DefaultCheckpointFile[]): string {
  const items = checkpoints.map((checkpoint) => {
    const { met, total } = goalTotals([checkpoint]);
    return `<li><a href="#${anchor(checkpoint)}">${escapeHtml(checkpoint.name)}</a> <span class="${met === total ? 'met' : 'missed'}">${met}/${total}</span></li>`;
  });
  return `<nav><ul>${items.join('')}</ul></nav>`;
}

/**
 * One self-contained HTML page about the default checkpoints: inline CSS and SVG, images as data
 * URLs, and a content security policy that refuses every network request.
 */
export function renderReport(checkpoints: DefaultCheckpointFile[], samples: (name: string) => Buffer | null, options: ReportOptions = {}): string {
  const generatedAt = options.generatedAt ?? new Date();
  const { met, total } = goalTotals(checkpoints);
  const totals = [
    `${checkpoints.length} ${checkpoints.length === 1 ? 'checkpoint' : 'checkpoints'}`,
    `${met}/${total} goals met`,
    ...(options.totalBytes === undefined ? [] : [`${formatBytes(options.totalBytes)} on disk`]),
  ];
  const where = options.folder === undefined ? '' : ` in <code>${escapeHtml(options.folder)}</code>`;
  const body = checkpoints.length
    ? [contents(checkpoints), ...checkpoints.map((checkpoint) => checkpointSection(checkpoint, samples(checkpoint.name)))].join('\n')
    : `<p class="empty">No default checkpoints found${where}.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atelier default checkpoints: quality report</title>
<style>${reportStyle}</style>
</head>
<body>
<header>
<h1>Default checkpoints: quality report</h1>
<p class="meta">Generated <time datetime="${generatedAt.toISOString()}">${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time> · ${totals.join(' · ')}</p>
</header>
${body}
</body>
</html>
`;
}
