#!/usr/bin/env node
/**
 * End-to-end tests: the browser host (`node bin/hps.js serve`) driven by Debian's Chromium through
 * playwright-core. Assumes `npx electron-vite build` ran. Every page fails its test on any page
 * error or console error (unless the test declares it expects one). Screenshots of each view go to
 * artifacts/screenshots/; the best one is copied to docs/screenshot.png.
 *
 * Env: E2E_APP_ROOT (folder with bin/hps.js and out/, default this repository), CHROMIUM_PATH (default /usr/bin/chromium), E2E_FILTER (run tests whose name matches),
 * E2E_KEEP=1 (keep the temp data dir), E2E_SLURM=1 (where slurm:info says Slurm answers, also submit a
 * real small study to it; never done otherwise).
 * Prints `e2e: N passed, N failed` last and exits non-zero on failure.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where bin/hps.js and out/ live (default: this repository; E2E_APP_ROOT for another build). */
const appRoot = process.env.E2E_APP_ROOT || root;
const shots = join(root, 'artifacts', 'screenshots');
mkdirSync(shots, { recursive: true });
// Failure screenshots of earlier runs would mislead: start clean.
for (const f of readdirSync(shots)) if (f.startsWith('FAILED-')) rmSync(join(shots, f), { force: true });
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const log = (...a) => console.log(...a);

// ---- host --------------------------------------------------------------------------------------
async function startHost(dataDir) {
  if (!existsSync(join(appRoot, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first');
  const child = spawn(process.execPath, [join(appRoot, 'bin', 'hps.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: appRoot,
    env: { ...process.env, HPS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL within 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d.toString();
      const m = out.match(/serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  child.stdout.on('data', (d) => (hostLog += d.toString()));
  child.stderr.on('data', (d) => (hostLog += d.toString()));
  return { child, url };
}
let hostLog = '';

// ---- page object -------------------------------------------------------------------------------
class AppPage {
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.problems = [];
    this.expected = [];
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      if (this.expected.some((re) => re.test(text))) return;
      this.problems.push(`console.error: ${text}`);
    });
  }
  /** Allow console errors matching `re` (e.g. the 4xx a test provokes on purpose). */
  expectConsoleError(re) {
    this.expected.push(re);
  }
  async goto(hash = '') {
    const u = new URL(this.url);
    u.hash = hash;
    await this.page.goto(u.toString());
    await this.page.waitForSelector('main#main');
  }
  async nav(hash) {
    await this.page.evaluate((h) => (window.location.hash = h), hash);
    await this.page.waitForTimeout(50);
  }
  testid(id) {
    return this.page.locator(`[data-testid="${id}"]`);
  }
  async shot(name) {
    await this.page.waitForTimeout(400);
    const file = join(shots, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
  async axe(label) {
    await this.page.evaluate(`${axeSource}\n;true`);
    const res = await this.page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = res.filter((v) => !bad.includes(v));
    if (minor.length) log(`    axe (${label}): ${minor.length} minor/moderate: ${minor.map((v) => v.id).join(', ')}`);
    if (bad.length) throw new Error(`axe (${label}): ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`).join('; ')}`);
  }
  assertClean() {
    if (this.problems.length) throw new Error(`page reported errors:\n  ${this.problems.join('\n  ')}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

/** A synthetic measured device: NeuroSim curve shape, 40 levels, 1-10 uS, a little seeded noise. */
function measuredCsv() {
  const rows = ['direction,pulse,conductance'];
  const A = 0.25 * 40;
  const gmin = 1e-6;
  const gmax = 10e-6;
  const B = (gmax - gmin) / (1 - Math.exp(-40 / A));
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1e-6;
  for (let p = 0; p <= 40; p++) rows.push(`ltp,${p},${(gmin + B * (1 - Math.exp(-p / A)) + rnd()).toExponential(5)}`);
  for (let p = 0; p <= 40; p++) rows.push(`ltd,${p},${(gmax - B * (1 - Math.exp(-p / A)) + rnd()).toExponential(5)}`);
  const file = join(tmpdir(), 'e2e-measured-device.csv');
  writeFileSync(file, rows.join('\n'));
  return file;
}

// ---- tests -------------------------------------------------------------------------------------
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const state = { studyId: null, dataDir: null };

/** Run the CLI (`node bin/hps.js ...`) against the e2e data folder; resolves with its stdout. */
function hps(args, env = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(appRoot, 'bin', 'hps.js'), ...args], { cwd: appRoot, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`hps ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

test('studies browser: empty state and accessibility', async (app) => {
  await app.goto('#/studies');
  await app.testid('studies-empty').waitFor();
  await app.shot('studies-empty');
  await app.axe('studies (empty)');
});

test('wizard: create a small cost-only sweep and watch it finish', async (app) => {
  const { page } = app;
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E transfer x ADC sweep');
  await page.getByLabel('Tags (comma separated)').fill('e2e, adc');
  await page.getByLabel('Tags (comma separated)').blur();
  await app.axe('wizard: workload');
  await app.shot('wizard-1-workload');
  await app.testid('wizard-next').click();
  // Devices: presets with citations, live previews.
  await page.locator('[data-testid="preset-citation"]').first().waitFor();
  await page.locator('#dev-msb-h').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.chart-box canvas').length >= 3, null, { timeout: 20_000 });
  const cite = await page.locator('[data-testid="preset-citation"]').first().textContent();
  assert(cite && cite.trim().length > 5, `preset citation shown (${cite})`);
  // An override with a bad value shows an inline error and does not reach the draft.
  await page.getByRole('button', { name: /Show parameter overrides/ }).first().click();
  await page.locator('#dev-msb-levelsLtp').fill('2.5');
  await page.locator('#dev-msb-levelsLtp').waitFor();
  assert((await page.locator('#dev-msb-levelsLtp').getAttribute('aria-invalid')) === 'true', 'non-integer levels marked invalid');
  await page.locator('#dev-msb-levelsLtp').fill('');
  // The baseline eNVM from measured data: fit, then use the fitted parameters; the preview follows.
  await page.locator('#dev-base-h').locator('..').getByText('Import measured data (CSV)').click();
  await page.locator('#dev-base-import-csv').setInputFiles(measuredCsv());
  await page.locator('#dev-base-h').locator('..').getByRole('button', { name: 'Use fitted parameters' }).click();
  await page.locator('#dev-base-h').locator('..').getByRole('button', { name: /parameter overrides \(7 set\)/ }).waitFor({ timeout: 15_000 });
  await page.locator('#dev-base-h').locator('..').locator('[data-testid="fit-result"] canvas').first().waitFor();
  await app.axe('wizard: devices');
  await app.shot('wizard-2-devices');
  await app.testid('wizard-next').click();
  await page.getByLabel(/ADC precision/).waitFor();
  await app.axe('wizard: circuit');
  await app.shot('wizard-3-circuit');
  await app.testid('wizard-next').click();
  await page.getByLabel(/Transfer interval/).waitFor();
  await page.getByLabel(/^Epochs/).fill('3');
  await page.getByLabel(/Learning rate/).fill('-1');
  assert((await page.getByLabel(/Learning rate/).getAttribute('aria-invalid')) === 'true', 'negative learning rate rejected');
  await page.getByLabel(/Learning rate/).fill('0.2');
  await app.shot('wizard-4-training');
  await app.testid('wizard-next').click();
  // Sweep: transfer interval x ADC bits = 2 x 2 design points.
  await page.locator('#k-values-0').fill('2000, 8000');
  await page.getByRole('button', { name: '+ Add knob' }).click();
  await page.locator('#k-path-1').selectOption('circuit.adcBits');
  await page.locator('#k-values-1').fill('5, 6');
  await page.waitForFunction(() => /\b4 design points\b/.test(document.querySelector('[data-testid="sample-estimate"]')?.textContent ?? ''));
  // Holding a swept knob fixed in the iso set is refused by the study schema, naming the field.
  await page.getByRole('checkbox', { name: 'circuit.adcBits' }).check();
  await app.testid('sweep-invalid').waitFor({ timeout: 10_000 });
  const why = await app.testid('sweep-invalid').textContent();
  assert(/knobs|iso/.test(why ?? ''), `live validation names the field (${why})`);
  await page.getByRole('checkbox', { name: 'circuit.adcBits' }).uncheck();
  await app.testid('sweep-invalid').waitFor({ state: 'detached', timeout: 10_000 });
  await app.axe('wizard: sweep');
  await app.shot('wizard-5-sweep');
  await app.testid('wizard-next').click();
  await app.testid('review-estimate').waitFor({ timeout: 20_000 });
  const est = await app.testid('review-estimate').textContent();
  assert(/planned points/.test(est ?? ''), `estimate shown: ${est}`);
  assert((await app.testid('review-changes').count()) === 1, 'changes from defaults listed');
  await app.axe('wizard: review');
  await app.shot('wizard-6-review');
  await app.testid('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  state.studyId = decodeURIComponent(page.url().split('#/study/')[1].split(/[/?]/)[0]);
  await app.testid('study-status').waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim() === 'done', null, { timeout: 180_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="points-table"] tbody tr').length >= 4, null, { timeout: 20_000 });
  const progress = await app.testid('progress-text').textContent();
  assert(/100 %/.test(progress ?? ''), `progress reaches 100 % (${progress})`);
  await app.axe('study progress');
  await app.shot('study-progress');
});

test('comparison dashboard: HPS vs baseline', async (app) => {
  assert(state.studyId, 'a study exists');
  const { page } = app;
  await app.goto(`#/study/${encodeURIComponent(state.studyId)}/compare`);
  await app.testid('metric-cards').waitFor({ timeout: 30_000 });
  const cards = await app.testid('metric-cards').textContent();
  assert(/Energy per epoch/.test(cards) && /[pnµm]?J/.test(cards), `energy card with units (${cards.slice(0, 200)})`);
  assert(/×/.test(cards), 'ratios shown');
  await page.waitForFunction(() => document.querySelectorAll('.card canvas').length >= 3, null, { timeout: 20_000 });
  await app.testid('layer-table').waitFor();
  await app.axe('comparison');
  await app.shot('compare');
});

test('Pareto view: scatter, front, point details', async (app) => {
  assert(state.studyId, 'a study exists');
  const { page } = app;
  await app.goto(`#/study/${encodeURIComponent(state.studyId)}/pareto`);
  await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor({ timeout: 30_000 });
  await page.getByLabel('Colour by').selectOption('role');
  await page.waitForTimeout(300);
  await app.testid('front-table').waitFor();
  await app.axe('pareto');
  // A third objective: the front is recomputed and parallel coordinates appear.
  await page.getByText(/^Objectives \(2\)$/).click();
  await page.getByRole('checkbox', { name: 'Chip area', exact: true }).check();
  await page.getByRole('button', { name: 'Recompute front' }).click();
  await page.getByRole('img', { name: /Parallel coordinates/ }).waitFor({ timeout: 20_000 });
  await page.getByRole('img', { name: /Parallel coordinates/ }).locator('canvas').first().waitFor();
  await app.shot('pareto-3-objectives');
  // Details of a front point, then on to its comparison with the baseline twin.
  await app.testid('front-table').getByRole('button', { name: 'Details' }).first().click();
  await app.testid('point-details').waitFor();
  await app.shot('pareto');
  const link = app.testid('point-details').getByRole('link', { name: 'Compare with baseline' });
  if (await link.count()) {
    await link.click();
    await page.waitForURL(/\/compare\?point=/);
    await app.testid('metric-cards').waitFor({ timeout: 30_000 });
  }
});

test('Pareto view stays responsive with 100,000 points', async (app) => {
  assert(state.studyId, 'a study exists');
  const { page } = app;
  await app.goto(`#/study/${encodeURIComponent(state.studyId)}/pareto`);
  await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor({ timeout: 30_000 });
  const t0 = Date.now();
  await app.nav(`#/study/${encodeURIComponent(state.studyId)}/pareto?stress=100000`);
  await app.testid('stress-note').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const firstFrame = Date.now() - t0;
  // Frame gaps while hovering and wheel-zooming over the chart.
  const box = await page.locator('[data-testid="pareto-chart"] canvas').first().boundingBox();
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const f = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__gaps.length < 400) requestAnimationFrame(f);
    };
    requestAnimationFrame(f);
  });
  const t1 = Date.now();
  for (let i = 0; i < 8; i++) {
    await page.mouse.move(box.x + box.width * (0.3 + i * 0.05), box.y + box.height * 0.5);
    await page.mouse.wheel(0, i < 4 ? -240 : 240);
    await page.waitForTimeout(60);
  }
  const interact = Date.now() - t1;
  const gaps = (await page.evaluate(() => window.__gaps)).slice(1).sort((a, b) => a - b);
  const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
  log(`    100k points: first frame ${firstFrame} ms; 8 hover+zoom steps ${interact} ms; frame gap median ${Math.round(gaps[gaps.length >> 1] ?? 0)} ms, p95 ${Math.round(p95)} ms, max ${Math.round(gaps[gaps.length - 1] ?? 0)} ms`);
  await app.shot('pareto-100k');
  assert(firstFrame < 20_000, `first frame within 20 s (${firstFrame} ms)`);
  assert(interact < 20_000, `interaction within 20 s (${interact} ms)`);
});

test('export CSV and check its contents', async (app) => {
  assert(state.studyId, 'a study exists');
  const { page } = app;
  await app.goto(`#/study/${encodeURIComponent(state.studyId)}`);
  await app.testid('points-table').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), app.testid('export-csv').click()]);
  const file = await download.path();
  const name = download.suggestedFilename();
  const text = readFileSync(file, 'utf8');
  writeFileSync(join(root, 'artifacts', name), text);
  const lines = text.trim().split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
  assert(/\.csv$/.test(name), `csv filename (${name})`);
  const header = lines[0].split(',');
  const col = (n) => header.indexOf(n);
  for (const c of ['point_hash', 'role', 'metric', 'value', 'unit']) assert(col(c) >= 0, `column ${c} in ${header.join(',')}`);
  const rows = lines.slice(1).map((l) => l.split(','));
  const hashes = new Set(rows.map((r) => r[col('point_hash')]));
  const points = await page.locator('[data-testid="points-table"] tbody tr').count();
  assert(hashes.size === points, `one set of rows per point (${hashes.size} vs ${points} in the table)`);
  const energy = rows.filter((r) => r[col('metric')] === 'energyPerEpoch');
  assert(energy.length === points, `energyPerEpoch for every point (${energy.length})`);
  assert(energy.every((r) => r[col('unit')] === 'J' && Number(r[col('value')]) > 0), 'energies are positive, in J (SI)');
  assert(new Set(rows.map((r) => r[col('role')])).size === 2, 'HPS and baseline rows');
  // The table's formatted value of point 0 agrees with the exported SI value.
  const e0 = Number(energy.find((r) => r[col('point_index')] === '0')[col('value')]);
  const cell = (await page.locator('[data-testid="points-table"] tbody tr').first().locator('td.num').nth(1).textContent()).trim();
  const m = cell.match(/^([\d.]+)\s*(f|p|n|µ|m|)J$/);
  assert(m, `energy cell formatted with a unit (${cell})`);
  const shown = Number(m[1]) * { f: 1e-15, p: 1e-12, n: 1e-9, µ: 1e-6, m: 1e-3, '': 1 }[m[2]];
  assert(Math.abs(shown - e0) / e0 < 1e-3, `table ${cell} matches CSV ${e0} J`);
  log(`    exported ${name}: ${lines.length} lines`);
});

test('device view: import a measured CSV and see the fit', async (app) => {
  const { page } = app;
  await app.goto('#/devices');
  await page.locator('.card canvas').first().waitFor({ timeout: 20_000 });
  await app.shot('devices');
  await page.locator('#devices-import-csv').setInputFiles(measuredCsv());
  await app.testid('fit-result').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="fit-result"] canvas').waitFor();
  const txt = await app.testid('fit-result').textContent();
  assert(/NL LTP/.test(txt) && /RMSE/.test(txt) && /µS/.test(txt), 'fit parameters listed with units');
  await app.axe('devices');
  await app.shot('devices-fit');
});

test('theme toggle: dark theme applies and persists through settings', async (app) => {
  const { page } = app;
  await app.goto(state.studyId ? `#/study/${encodeURIComponent(state.studyId)}/compare` : '#/studies');
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await app.testid('theme-toggle').click();
  await page.waitForFunction((b) => document.documentElement.dataset.theme !== b, before);
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  assert(after === (before === 'dark' ? 'light' : 'dark'), `theme switched ${before} -> ${after}`);
  if (state.studyId) await app.testid('metric-cards').waitFor({ timeout: 30_000 });
  await app.axe(`${after} theme`);
  await app.shot(`theme-${after}`);
  if (state.studyId) {
    await app.nav(`#/study/${encodeURIComponent(state.studyId)}/pareto`);
    await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor({ timeout: 30_000 });
    await app.shot(`pareto-${after}`);
  }
  await page.reload();
  await page.waitForFunction((a) => document.documentElement.dataset.theme === a, after, { timeout: 10_000 });
  await app.testid('theme-toggle').click();
  await page.waitForFunction((a) => document.documentElement.dataset.theme !== a, after);
});

test('studies browser: search, duplicate, delete with confirmation, keyboard', async (app) => {
  const { page } = app;
  await app.goto('#/studies');
  await app.testid('studies-table').waitFor();
  await page.getByRole('button', { name: /^Duplicate / }).first().click();
  await page.waitForURL(/#\/study\//);
  // The copy is a draft: start its sweep from the study view and watch it finish.
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim() === 'done', null, { timeout: 120_000 });
  await app.goto('#/studies');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="studies-table"] tbody tr').length === 2);
  await page.getByLabel('Search').fill('copy');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="studies-table"] tbody tr').length === 1);
  await app.shot('studies');
  await app.axe('studies (list)');
  // Escape closes the confirmation without deleting; focus returns.
  await page.getByRole('button', { name: /^Delete / }).first().click();
  await page.getByRole('alertdialog').waitFor();
  await app.axe('delete dialog');
  await app.shot('delete-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: /^Delete / }).first().click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByLabel('Search').fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="studies-table"] tbody tr').length === 1);
  // Keyboard: the first Tab reaches the skip link, which is visible when focused.
  await page.reload();
  await app.testid('studies-table').waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.className ?? '');
  assert(/skip-link/.test(focused), `first tab stop is the skip link (${focused})`);
});

test('study view: live progress of a large sweep, cancel, resume', async (app) => {
  const { page } = app;
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E large LHS sweep');
  await app.testid('step-sweep').click();
  await page.locator('#k-mode-0').selectOption('range');
  await page.locator('#k-min-0').fill('100');
  await page.locator('#k-max-0').fill('10000');
  await page.locator('#k-scale-0').selectOption('log');
  await page.getByLabel('Kind').selectOption('lhs');
  await page.getByLabel('Samples').fill('20000');
  await app.testid('step-review').click();
  await app.testid('review-estimate').waitFor({ timeout: 20_000 });
  await app.testid('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  const cancel = app.testid('cancel-sweep');
  await cancel.waitFor({ timeout: 30_000 });
  // Live progress: the fraction advances while the sweep runs.
  await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0) > 0, null, { timeout: 60_000 });
  await app.shot('study-running');
  await cancel.click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim() === 'cancelled', null, { timeout: 60_000 });
  const text = await app.testid('progress-text').textContent();
  assert(!/100 %/.test(text ?? ''), `cancelled before the end (${text})`);
  await app.shot('study-cancelled');
  // Resume: stored points are kept; cancel again to end the test quickly.
  await app.testid('resume-job').click();
  await cancel.waitFor({ timeout: 30_000 });
  await cancel.click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim() === 'cancelled', null, { timeout: 60_000 });
});

test('training study: cost + accuracy with live curves, HPS and baseline overlaid', async (app) => {
  const { page } = app;
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E tiny training');
  await page.getByLabel('Evaluation').selectOption('cost+accuracy');
  await page.getByLabel(/Training images \(limit\)/).fill('400');
  await page.getByLabel(/Test images \(limit\)/).fill('200');
  await app.testid('step-training').click();
  await page.getByLabel(/^Epochs/).fill('2');
  await page.getByLabel(/Batch size/).fill('20');
  await page.getByLabel(/Images per epoch/).fill('400');
  await page.getByLabel(/Transfer interval/).fill('100');
  await app.testid('step-sweep').click();
  await page.getByRole('button', { name: /^Remove knob/ }).click();
  await page.locator('#o-metric-0').selectOption('accuracy');
  await page.locator('#o-dir-0').selectOption('max');
  await app.testid('step-review').click();
  await app.testid('review-estimate').waitFor({ timeout: 20_000 });
  await app.testid('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  const ended = () => ['done', 'failed', 'cancelled'].includes((document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim());
  await page.waitForFunction(
    () => ['done', 'failed', 'cancelled'].includes((document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim()) || !!document.querySelector('[aria-label^="Test accuracy per epoch"]'),
    null,
    { timeout: 300_000 },
  );
  await app.shot('training-live');
  await page.waitForFunction(ended, null, { timeout: 300_000 });
  const status = (await app.testid('study-status').textContent()).trim();
  const failures = await page.locator('[data-testid="points-table"] tbody tr', { hasText: 'failed' }).allTextContents();
  assert(status === 'done' && failures.length === 0, `training study finished (${status}); failed points: ${failures.join(' | ').replace(/\s+/g, ' ').slice(0, 300)}`);
  await page.getByRole('img', { name: /Test accuracy per epoch/ }).waitFor({ timeout: 20_000 });
  await page.getByRole('img', { name: /loss per epoch/i }).waitFor({ timeout: 20_000 });
  await app.axe('training study');
  await app.shot('training-curves');
  await app.testid('tab-compare').click();
  await app.testid('metric-cards').waitFor({ timeout: 30_000 });
  const cards = await app.testid('metric-cards').textContent();
  assert(/Test accuracy\s*HPS\s*[\d.]+ %/.test(cards), `accuracy card filled (${cards.slice(0, 120)})`);
  await app.shot('compare-training');
});

test('wizard review: executor choice, local workers or Slurm (enabled only where Slurm answers)', async (app) => {
  const { page } = app;
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E executor choice');
  await app.testid('step-review').click();
  await app.testid('review-estimate').waitFor({ timeout: 20_000 });
  const executor = app.testid('executor');
  await executor.waitFor();
  const local = page.getByRole('radio', { name: 'Local workers' });
  const slurmRadio = page.getByRole('radio', { name: /Slurm cluster/ });
  assert(await local.isChecked(), 'local workers chosen by default');
  // Wait for slurm:info, then: either enabled, or disabled with its reason shown.
  await page.waitForFunction(() => !/Checking whether Slurm/.test(document.querySelector('[data-testid="executor"]')?.textContent ?? ''), null, { timeout: 20_000 });
  const slurmEnabled = await slurmRadio.isEnabled();
  if (!slurmEnabled) {
    const why = (await app.testid('slurm-unavailable').textContent()).trim();
    assert(/Slurm is not available here: .{5,}/.test(why), `the reason Slurm is disabled is shown (${why})`);
    log(`    Slurm disabled here: ${why.replace(/\s+/g, ' ').slice(0, 140)}`);
  } else log('    Slurm available here: option enabled');
  // Local worker count: labelled, with unit, validated.
  const workers = page.getByLabel(/^Worker count/);
  await workers.fill('0');
  assert((await workers.getAttribute('aria-invalid')) === 'true', 'worker count 0 rejected');
  assert(await app.testid('create-run').isDisabled(), 'create disabled while the executor is invalid');
  await workers.fill('2');
  assert((await workers.getAttribute('aria-invalid')) === 'false', 'worker count 2 accepted');
  await app.axe('wizard: executor (local)');
  await app.shot('wizard-7-executor-local');
  if (slurmEnabled) {
    await slurmRadio.check();
    await app.testid('slurm-fields').waitFor();
    await page.getByLabel(/^Time limit per task/).fill('half an hour');
    assert((await page.getByLabel(/^Time limit per task/).getAttribute('aria-invalid')) === 'true', 'bad time limit rejected');
    await page.getByLabel(/^Time limit per task/).fill('00:10:00');
    await page.getByLabel(/^Shards/).fill('0');
    assert((await page.getByLabel(/^Shards/).getAttribute('aria-invalid')) === 'true', '0 shards rejected');
    await page.getByLabel(/^Shards/).fill('2');
    await app.axe('wizard: executor (Slurm)');
    await app.shot('wizard-7-executor-slurm');
    if (process.env.E2E_SLURM === '1') {
      await app.testid('create-run').click();
      await page.waitForURL(/\/cluster$/, { timeout: 30_000 });
      await app.testid('cluster-panel').waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => /\b2\b/.test(document.querySelector('[data-testid="shard-count-done"]')?.textContent ?? ''), null, { timeout: 300_000 });
      await app.testid('slurm-collect').click();
      await app.testid('collect-result').waitFor({ timeout: 30_000 });
      await app.goto('#/new');
      await app.testid('step-review').click();
    }
    // Later tests run locally: leave the choice on local workers.
    await page.getByRole('radio', { name: 'Local workers' }).check();
  }
  await page.getByLabel(/^Worker count/).fill('');
});

test('cluster panel: shard states of a Slurm run folder, collect merges the points', async (app) => {
  assert(state.dataDir, 'the e2e data folder is known');
  const { page } = app;
  const studyFile = join(tmpdir(), 'e2e-slurm-study.json');
  writeFileSync(
    studyFile,
    JSON.stringify({
      name: 'E2E Slurm run folder',
      tags: ['slurm'],
      knobs: [
        { path: 'circuit.adcBits', type: 'integer', values: [4, 5, 6] },
        { path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 2000] },
      ],
      sampler: { kind: 'grid' },
      objectives: [
        { metric: 'energyPerEpoch', direction: 'min' },
        { metric: 'latencyPerEpoch', direction: 'min' },
      ],
      evaluation: 'cost',
    }),
  );
  // The bundle without a cluster: --no-submit writes the run folder and never calls sbatch.
  const noSlurm = { HPS_SLURM_BIN: '/nonexistent-slurm-bin' };
  const sub = JSON.parse(await hps(['sweep', studyFile, '--executor', 'slurm', '--shards', '3', '--no-submit', '--data-dir', state.dataDir, '--json'], noSlurm));
  assert(sub.slurmJobId === null && sub.shards === 3 && sub.points > 3, `bundle written (${JSON.stringify(sub)})`);
  await app.goto(`#/study/${encodeURIComponent(sub.studyId)}`);
  await app.testid('to-cluster').click();
  await page.waitForURL(/\/cluster$/);
  await app.testid('cluster-panel').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => /missing\s*3/.test(document.querySelector('[data-testid="shard-count-missing"]')?.textContent ?? ''), null, { timeout: 10_000 });
  assert(await app.testid('slurm-collect').isDisabled(), 'nothing to collect before any shard ran');
  assert(await app.testid('slurm-cancel').isDisabled(), 'nothing to cancel: not submitted');
  await app.axe('cluster panel (missing)');
  await app.shot('cluster-missing');
  // Run the array tasks here, exactly as Slurm would; the panel's polling picks them up.
  await Promise.all([0, 1, 2].map((i) => hps(['sweep-shard', join(sub.runDir, 'bundle.json'), '--shard', `${i}/3`], noSlurm)));
  await page.waitForFunction(() => /done\s*3/.test(document.querySelector('[data-testid="shard-count-done"]')?.textContent ?? ''), null, { timeout: 20_000 });
  const rows = await page.locator('[data-testid="shard-table"] tbody tr').allTextContents();
  assert(rows.length === 3 && rows.every((r) => /done/.test(r)), `three done shards listed (${rows.join(' | ')})`);
  await app.shot('cluster-done');
  await app.testid('slurm-collect').click();
  await app.testid('collect-result').waitFor({ timeout: 20_000 });
  const merged = (await app.testid('collect-result').textContent()).replace(/\s+/g, ' ');
  assert(new RegExp(`merged ${sub.points} new points`).test(merged), `collect reports ${sub.points} merged points (${merged})`);
  await page.waitForFunction(() => (document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim() === 'done', null, { timeout: 20_000 });
  await app.axe('cluster panel (collected)');
  await app.shot('cluster-collected');
  // The points table holds every merged point.
  await app.testid('tab-overview').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="points-table"] tbody tr').length === n, sub.points, { timeout: 20_000 });
});

test('settings: worker count and default dataset folder persist across a reload', async (app) => {
  const { page } = app;
  await app.goto('#/studies');
  await app.testid('nav-settings').click();
  await app.testid('settings-form').waitFor({ timeout: 10_000 });
  const workers = page.getByLabel(/^Worker count/);
  const folder = page.getByLabel(/^Default dataset folder/);
  await workers.fill('x');
  assert((await workers.getAttribute('aria-invalid')) === 'true', 'non-numeric worker count rejected');
  assert(await app.testid('settings-save').isDisabled(), 'save disabled while invalid');
  await workers.fill('3');
  await folder.fill('/tmp/e2e-datasets');
  await app.testid('settings-save').click();
  await page.waitForFunction(() => /Saved/.test(document.querySelector('[data-testid="settings-status"]')?.textContent ?? ''), null, { timeout: 10_000 });
  await app.axe('settings');
  await app.shot('settings');
  await page.reload();
  await app.testid('settings-form').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('#set-workers')?.value === '3', null, { timeout: 10_000 });
  assert((await folder.inputValue()) === '/tmp/e2e-datasets', 'default dataset folder persisted');
  // Back to the defaults (empty worker count: CPUs - 1; no folder).
  await workers.fill('');
  await folder.fill('');
  await app.testid('settings-save').click();
  await page.waitForFunction(() => /Saved/.test(document.querySelector('[data-testid="settings-status"]')?.textContent ?? ''), null, { timeout: 10_000 });
});

test('errors from the main process are shown, not swallowed', async (app) => {
  const { page } = app;
  app.expectConsoleError(/Failed to load resource/);
  await app.goto('#/study/does-not-exist');
  await page.locator('.state.error').waitFor({ timeout: 10_000 });
  await app.testid('error-toast').first().waitFor();
  const t = await app.testid('error-toast').first().textContent();
  assert(/does-not-exist|not found|no study/i.test(t ?? ''), `toast names the problem (${t})`);
  const live = await app.testid('live-region').textContent();
  assert((live ?? '').length > 0, 'aria-live region announces it');
  await app.shot('error-state');
  await page.getByRole('button', { name: /^Dismiss/ }).first().click();
});

// ---- runner ------------------------------------------------------------------------------------
async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'hps-e2e-data-'));
  state.dataDir = dataDir;
  const profile = mkdtempSync(join(tmpdir(), 'hps-e2e-chromium-'));
  let host;
  let context;
  let passed = 0;
  let failed = 0;
  const filter = process.env.E2E_FILTER ? new RegExp(process.env.E2E_FILTER, 'i') : null;
  try {
    host = await startHost(dataDir);
    log(`host: ${host.url.replace(/token=.*/, 'token=…')}`);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1360, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const t of tests) {
      if (filter && !filter.test(t.name)) continue;
      const page = await context.newPage();
      const app = new AppPage(page, host.url);
      const started = Date.now();
      try {
        await t.fn(app);
        app.assertClean();
        passed++;
        log(`ok   ${t.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        log(`FAIL ${t.name}\n     ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 6).join('\n     ')}`);
        if (app.problems.length) log(`     page problems:\n       ${app.problems.join('\n       ')}`);
        await page.screenshot({ path: join(shots, `FAILED-${t.name.replace(/\W+/g, '-').slice(0, 50)}.png`), fullPage: true }).catch(() => undefined);
      } finally {
        await page.close().catch(() => undefined);
      }
    }
    // The README shows the HPS-vs-baseline dashboard of a training study (accuracy and cost).
    const best = [join(shots, 'compare-training.png'), join(shots, 'compare.png')].find((f) => existsSync(f));
    if (best) {
      mkdirSync(join(root, 'docs'), { recursive: true });
      copyFileSync(best, join(root, 'docs', 'screenshot.png'));
    }
  } catch (e) {
    failed++;
    log(`FAIL setup\n     ${e && e.stack ? e.stack : e}`);
  } finally {
    await context?.close().catch(() => undefined);
    if (host) {
      host.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
    }
    if (failed && hostLog.trim()) log(`host log (tail):\n${hostLog.split('\n').slice(-30).join('\n')}`);
    rmSync(profile, { recursive: true, force: true });
    if (!process.env.E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
  log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
