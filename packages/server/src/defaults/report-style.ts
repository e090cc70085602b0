/** The quality report's stylesheet: a light theme in the system fonts, inlined into the page. */
export const reportStyle = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --panel: #f6f8fa; --met: #1a7f37; --missed: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 0 0 4px; font-size: 21px; }
h3 { margin: 20px 0 8px; font-size: 15px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.meta, figcaption, .empty { color: var(--muted); }
.family { font-size: 14px; font-weight: normal; padding: 2px 8px; border-radius: 10px; background: var(--panel); border: 1px solid var(--rule); }
nav ul { display: flex; flex-wrap: wrap; gap: 8px 20px; padding: 0; list-style: none; }
.checkpoint { margin-top: 28px; padding: 20px 24px; border: 1px solid var(--rule); border-radius: 8px; }
table { border-collapse: collapse; }
th, td { padding: 4px 12px 4px 0; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
th { font-weight: 600; }
table.compact td { padding: 1px 10px 1px 0; border: 0; }
.number { font-variant-numeric: tabular-nums; text-align: right; }
.verdict { font-weight: 700; text-align: center; }
.met { color: var(--met); }
.missed { color: var(--missed); }
dl.lineage { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
dd ol { margin: 0; padding-left: 20px; }
figure { margin: 0; }
.chart svg { width: 100%; max-width: 640px; height: auto; font-size: 11px; }
.chart .axes line { stroke: var(--muted); stroke-width: 1; }
.chart .axes line.grid { stroke: var(--rule); }
.chart text { fill: var(--muted); }
.chart .legend text { fill: var(--ink); font-size: 12px; }
.samples img { display: block; width: min(100%, 448px); image-rendering: pixelated; border: 1px solid var(--rule); }
`;
