import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebClient, cleanScreenshots, launchChromium, screenshotDir, watchPageProblems } from '../__fixtures__/browser.js';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { webClientDir } from '../http/web-client.js';
import { resolvePlugin } from '../plugin-resolver.js';

/**
 * The web client in headless Chromium against the real server on loopback, with a token, a tiny
 * GAN and a tiny VAE trained here. Tests run in order on one page, like a person's session.
 */
const token = 'e2e-token';
let server: TestServer;
let browser: Browser;
let page: Page;
let firstRenderMs = 0;
/** Every URL the page asked for: all must be this server's (no CDN, no outside fonts). */
const requested: string[] = [];
/** Uncaught errors, console errors and CSP violations, over the whole session. */
let problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

async function train(family: string, name: string, maxSteps: number, hyperparameters: Record<string, unknown>) {
  const auth = { authorization: `Bearer ${token}` };
  const { data, errors } = await server.gql(
    `mutation($family: String!, $name: String!, $maxSteps: Int!, $h: JSON) { trainModel(family: $family, dataset: "digits", name: $name, maxSteps: $maxSteps, epochs: 1, hyperparameters: $h, seed: 1) { id } }`,
    { family, name, maxSteps, h: hyperparameters },
    auth,
  );
  expect(errors).toBeUndefined();
  for (;;) {
    const { data: run } = await server.gql(`query($id: ID!) { run(id: $id) { status error { message } } }`, { id: data!.trainModel.id }, auth);
    if (run!.run.status === 'succeeded') return;
    if (['failed', 'canceled', 'interrupted'].includes(run!.run.status)) throw new Error(`${name}: ${JSON.stringify(run!.run.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  buildWebClient();
  cleanScreenshots();
  server = await startTestServer({ plugins: [resolvePlugin('@atelier/plugin-gan'), resolvePlugin('@atelier/plugin-vae')], token });
  const imported = await server.gql(`mutation { importDataset(source: mnist, name: "digits", limit: 64) { count } }`, {}, { authorization: `Bearer ${token}` });
  expect(imported.errors).toBeUndefined();
  // Coded (InfoGAN), so the page's latent preview draws the categorical code too.
  await train('gan.dcgan', 'gan-tiny', 2, { latentSize: 8, latentCategories: 2, generatorWidth: 8, discriminatorWidth: 8, batchSize: 16, previewEvery: 0 });
  await train('vae.conv', 'vae-tiny', 2, { latentSize: 4, widths: [8, 8], batchSize: 16, previewEvery: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Generous: the machine running the suite may be busy with other test files.
  page.setDefaultTimeout(45_000);
  page.on('request', (request) => requested.push(request.url()));
  page.on('websocket', (socket) => requested.push(socket.url()));
  problems = await watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web client', () => {
  it('asks for the token once, keeps it for the tab, and renders the home page', async () => {
    const response = await page.goto(server.url);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Token').waitFor();
    await shot('01-login');
    await page.getByLabel('Token').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The server refused this token').waitFor();
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Latest results' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('atelier.token'))).toBe(token);
    // A reload keeps the session: no second prompt; the first render is timed on the loaded server.
    const start = Date.now();
    await page.reload();
    await page.getByRole('heading', { name: 'Latest results' }).waitFor();
    firstRenderMs = Date.now() - start;
    await page.getByRole('group', { name: 'Try it' }).getByRole('button').first().waitFor();
    expect(firstRenderMs).toBeLessThan(3000);
  });

  it('composes generate → two edits, shows a validation error on its field until fixed, and runs it', async () => {
    await page.goto(`${server.url}/#/compose`);
    await page.getByLabel('Source').selectOption('gan.generate');
    const generate = page.getByRole('group', { name: 'Step generate' });
    await generate.getByRole('spinbutton', { name: 'count' }).fill('4');
    await page.getByLabel('Add an edit step').selectOption('image.sharpen');
    await page.getByLabel('Add an edit step').selectOption('image.flip');
    const flip = page.getByRole('group', { name: 'Step flip' });
    const directionError = flip.locator('.field.invalid', { has: page.getByLabel('direction') }).locator('.field-error');
    await directionError.waitFor();
    expect(await directionError.textContent()).toMatch(/./);
    expect(await page.getByRole('group', { name: 'Step sharpen' }).locator('.field-error').count()).toBe(0);
    await shot('02-compose-invalid');
    await flip.getByLabel('direction').selectOption('"horizontal"');
    await directionError.waitFor({ state: 'detached' });
    await page.getByText('Valid.').waitFor();
    await page.getByRole('button', { name: 'New random seed' }).click();
    await page.locator('summary', { hasText: 'Spec as JSON' }).click();
    const spec = JSON.parse(await page.getByLabel('Pipeline spec JSON').inputValue());
    expect(spec.steps.map((s: { use: string }) => s.use)).toEqual(['gan.generate', 'image.sharpen', 'image.flip']);
    await shot('03-compose-valid');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('run-status').getByText('succeeded').waitFor();
    const images = page.getByRole('list', { name: 'Images' }).locator('img');
    await expect.poll(() => images.count()).toBe(12);
    // Images load in <img> tags through the media cookie.
    await expect.poll(() => images.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole('list', { name: 'Steps' }).locator('li[data-status="succeeded"]').count()).toBe(3);
    await shot('04-run-finished');
  });

  it('opens a run from the history, which loads older pages as it scrolls', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const spec = { name: 'bulk', steps: [{ id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 }, save: false }] };
    for (let i = 0; i < 22; i++) await server.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec }, auth);
    await page.goto(`${server.url}/#/runs`);
    const rows = page.locator('table.runs tbody tr');
    await expect.poll(() => rows.count()).toBe(20);
    await page.getByText(/^\d+ runs$/).waitFor();
    await rows.last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    await expect.poll(() => rows.count()).toBeGreaterThan(20);
    await page.getByLabel('Kind').selectOption('pipeline');
    const link = page.getByRole('link', { name: 'my-pipeline' }).first();
    await link.waitFor();
    await shot('05-history');
    await link.click();
    await page.getByRole('heading', { name: 'Run my-pipeline' }).waitFor();
    await page.getByText('engine wasm').waitFor();
  });

  it('watches a long run live and cancels it', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const { data } = await server.gql(
      `mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`,
      { spec: { name: 'long', steps: [{ id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 } }, { id: 'wait', use: 'test.wait', with: { ms: 60_000 } }] } },
      auth,
    );
    await page.goto(`${server.url}/#/runs/${data!.runPipeline.id}`);
    await page.getByTestId('run-status').getByText('running').waitFor();
    await page.getByRole('list', { name: 'Steps' }).locator('li[data-status="running"]', { hasText: 'wait' }).waitFor();
    await shot('06-run-live');
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByTestId('run-status').getByText('canceled').waitFor();
    await shot('07-run-canceled');
  });

  it('paints a mask on an uploaded image and inpaints it', async () => {
    await page.goto(`${server.url}/#/edit`);
    await page.getByLabel('Editor').selectOption('vae.inpaint');
    await page.getByLabel('Image').setInputFiles({ name: 'digit.png', mimeType: 'image/png', buffer: pngImage(3, 28, 28) });
    const mask = page.getByLabel('Mask: paint over the part to fill');
    const box = (await mask.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.up();
    await shot('08-mask');
    await page.getByRole('button', { name: 'Inpaint' }).click();
    await page.getByTestId('run-status').getByText('succeeded').waitFor();
    const spec = (await server.gql(`{ runs(first: 1) { edges { node { spec } } } }`, {}, { authorization: `Bearer ${token}` })).data!.runs.edges[0].node.spec;
    const inpaint = spec.steps.find((s: { use: string }) => s.use === 'vae.inpaint').with;
    // The stroke covered x 30–60 %, y ≈ 40–50 % of 28 px: the box the editor got lies around it.
    expect(inpaint.x).toBeGreaterThanOrEqual(5);
    expect(inpaint.x + inpaint.width).toBeLessThanOrEqual(22);
    expect(inpaint.height).toBeLessThan(14);
    await expect.poll(() => page.getByRole('list', { name: 'Images' }).locator('img').count()).toBe(2);
    await shot('09-inpainted');
  });

  it('renders latent previews in the page with the checkpoint generator or decoder and updates them while dragging', async () => {
    await page.goto(`${server.url}/#/edit`);
    const preview = page.getByLabel('Latent preview');
    const pixels = () => preview.evaluate((canvas: HTMLCanvasElement) => (canvas.width > 0 ? canvas.toDataURL() : ''));
    const slider = page.getByLabel('Interpolation position');
    let previous = '';
    for (const [label, shotName] of [['gan-tiny (gan.dcgan, step 2)', '10-latent-gan'], ['vae-tiny (vae.conv, step 2)', '11-latent-vae']]) {
      await page.getByLabel('Generator').selectOption({ label });
      await page.locator('canvas[data-state="ready"]').waitFor();
      await expect.poll(pixels).not.toBe(previous);
      await expect.poll(pixels).not.toBe('');
      const before = await pixels();
      expect(await preview.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([28, 28]);
      const box = (await slider.boundingBox())!;
      const right = (await slider.inputValue()) === '0';
      await page.mouse.move(box.x + (right ? 2 : box.width - 2), box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + (right ? box.width - 2 : 2), box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await expect.poll(pixels).not.toBe(before);
      await shot(shotName);
      previous = await pixels();
    }
  });

  it('trains a model from the hyper-parameter form and charts its losses', async () => {
    await page.goto(`${server.url}/#/train`);
    await page.getByRole('cell', { name: 'gan-tiny' }).waitFor();
    await page.getByText('64 images, 28×28×1, mnist').waitFor();
    await page.getByLabel('Family').selectOption('gan.dcgan');
    await page.getByLabel('Checkpoint name').fill('gan-from-page');
    await page.getByLabel('Max steps').fill('6');
    for (const [field, value] of [['latentSize', '8'], ['generatorWidth', '8'], ['discriminatorWidth', '8'], ['batchSize', '16']]) {
      await page.getByRole('spinbutton', { name: field, exact: true }).fill(value);
    }
    await shot('12-train');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByTestId('run-status').getByText('succeeded').waitFor();
    await page.getByRole('img', { name: /^Loss chart, step 6/ }).waitFor();
    expect(await page.locator('.chart polyline').count()).toBeGreaterThan(0);
    await shot('13-training-run');
    const { data } = await server.gql(`{ checkpoints(family: "gan.dcgan") { name step hyperparameters } }`, {}, { authorization: `Bearer ${token}` });
    expect(data!.checkpoints.find((c: { name: string }) => c.name === 'gan-from-page')).toMatchObject({ step: 6, hyperparameters: { latentSize: 8, generatorWidth: 8 } });
  });

  it('shows a bad-link page, not a blank one, for a hash with a malformed percent-escape', async () => {
    await page.goto(`${server.url}/#/runs/%E0%A4%A`);
    await page.getByRole('heading', { name: 'Bad link' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await shot('14-bad-link');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.getByRole('heading', { name: 'Latest results' }).waitFor();
  });

  it('fits a laptop screen and loads nothing from outside', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(`${server.url}/#/compose?pipeline=none`);
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const origin = new URL(server.url).host;
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => new URL(url).host !== origin)).toEqual([]);
  });

  it('ran every page under its CSP with no violation, console error or uncaught error', () => {
    expect(problems).toEqual([]);
  });

  it('keeps the page JavaScript within its gzip budget', () => {
    const report = JSON.parse(fs.readFileSync(path.join(webClientDir, 'bundle-report.json'), 'utf8'));
    expect(report.entryGzipBytes).toBeLessThanOrEqual(100 * 1024);
    fs.writeFileSync(path.join(screenshotDir, 'figures.json'), JSON.stringify({ ...report, firstRenderMs }, null, 2));
  });
});
