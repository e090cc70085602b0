import { AtelierError, isAtelierError } from '@atelier/core';

export interface OutputOptions {
  json?: boolean;
}

/** With `--json` a command prints exactly one JSON object on stdout; people get text. */
export function printResult(options: OutputOptions, json: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json)}\n` : `${human()}\n`);
}

/** Errors: a non-zero exit, the message on stderr, and with `--json` `{"error":{code,message,details}}`. */
export function printError(options: OutputOptions, error: unknown): void {
  const failure = isAtelierError(error)
    ? error
    : new AtelierError('INTERNAL', error instanceof Error ? error.message : String(error), {}, { cause: error });
  if (options.json) process.stdout.write(`${JSON.stringify({ error: failure.toJSON() })}\n`);
  process.stderr.write(`error ${failure.code}: ${failure.message}\n`);
  const issues = (failure.details as { issues?: { step: string | null; path: string; message: string }[] }).issues;
  for (const issue of issues ?? []) process.stderr.write(`  - ${issue.step ?? 'pipeline'} ${issue.path}: ${issue.message}\n`);
  process.exitCode = process.exitCode || 1;
}

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}
