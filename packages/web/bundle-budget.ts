import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Gzip budget of the JavaScript a first visit loads (entry chunk and its static imports). */
export const entryBudgetBytes = 100 * 1024;
/** Gzip budget of every lazily loaded chunk (tfjs for the in-browser previews is the big one). */
export const lazyBudgetBytes = 300 * 1024;

export interface BundleReport {
  entryGzipBytes: number;
  lazyGzipBytes: Record<string, number>;
}

/**
 * Fails the build when the page's JavaScript outgrows its budget, and writes `bundle-report.json`
 * beside the build so tests and the README can quote the figures.
 */
export function bundleBudget(): Plugin {
  return {
    name: 'atelier:bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const gzip = (code: string) => gzipSync(code, { level: 9 }).length;
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        chunk?.imports.forEach(visit);
      };
      chunks.filter((c) => c.isEntry).forEach((c) => visit(c.fileName));
      const report: BundleReport = { entryGzipBytes: 0, lazyGzipBytes: {} };
      for (const chunk of chunks) {
        const size = gzip(chunk.code);
        if (initial.has(chunk.fileName)) report.entryGzipBytes += size;
        else report.lazyGzipBytes[chunk.fileName] = size;
      }
      if (report.entryGzipBytes > entryBudgetBytes) {
        this.error(`The page's JavaScript is ${report.entryGzipBytes} bytes gzipped; the budget is ${entryBudgetBytes}`);
      }
      for (const [fileName, size] of Object.entries(report.lazyGzipBytes)) {
        if (size > lazyBudgetBytes) this.error(`Lazy chunk ${fileName} is ${size} bytes gzipped; the budget is ${lazyBudgetBytes}`);
      }
      this.emitFile({ type: 'asset', fileName: 'bundle-report.json', source: JSON.stringify(report, null, 2) });
    },
  };
}
