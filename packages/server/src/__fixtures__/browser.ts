import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webClientDir } from '../http/web-client.js';

/** Debian's Chromium (`apt-get install chromium`, as .ci/run does); never a downloaded browser. */
export const chromiumPath = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Collects the page's problems as they happen: uncaught errors, console errors, and every
 * Content-Security-Policy violation (reported by the page itself, so none passes unseen). A failed
 * request (the 401 of a wrong token) is the page working as meant and is left out.
 */
export async function watchPageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`)),
  );
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  return problems;
}

/** Builds the web client from its sources, so the tests drive the code as it is now. */
export function buildWebClient(): void {
  const webDir = path.dirname(webClientDir);
  execFileSync(process.execPath, [path.join(webDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would build React's development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** Where the test run writes its screenshots (ignored by git; the README names it). */
export const screenshotDir = path.join(path.dirname(webClientDir), 'screenshots');

export function cleanScreenshots(): void {
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
}
