/**
 * What every end-to-end test does with the app's page: navigate by route, watch for page and
 * console errors, take screenshots for people (artifacts/screenshots/), run axe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test, type Page } from '@playwright/test';
import { shotsDir } from './paths';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Prints a line under the running test and keeps it in the HTML report. */
export function note(type: string, text: string): void {
  console.log(`    ${type}: ${text}`);
  test.info().annotations.push({ type, description: text });
}

/**
 * Page errors and console errors of every page in a test's browser context. Any of them fails the
 * test, unless the test declared it expects it (allow).
 */
export class PageErrors {
  readonly problems: string[] = [];
  private readonly allowed: RegExp[] = [];

  watch(page: Page): void {
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      if (!this.allowed.some((re) => re.test(text))) this.problems.push(`console.error: ${text}`);
    });
  }

  /** Allow console errors matching `re` (e.g. the 4xx a test provokes on purpose). */
  allow(re: RegExp): void {
    this.allowed.push(re);
  }
}

export class App {
  constructor(
    readonly page: Page,
    private readonly url: string,
    private readonly errors: PageErrors,
  ) {}

  /** Allow console errors matching `re` in this test. */
  expectConsoleError(re: RegExp): void {
    this.errors.allow(re);
  }

  /** Loads the app at a route (`#/studies`, `#/study/<id>/compare`, ...) and waits for its shell. */
  async goto(hash = ''): Promise<void> {
    const u = new URL(this.url);
    u.hash = hash;
    await this.page.goto(u.toString());
    await this.page.locator('main#main').waitFor();
  }

  /** Changes route inside the loaded app, as a link would (no reload). */
  async nav(hash: string): Promise<void> {
    await this.page.evaluate((h) => (window.location.hash = h), hash);
    await this.page.waitForTimeout(50);
  }

  /** A full-page screenshot to artifacts/screenshots/<name>.png, also attached to the report. */
  async shot(name: string): Promise<string> {
    // Charts animate in; let them settle so the picture shows the final state.
    await this.page.waitForTimeout(400);
    const file = join(shotsDir, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    await test.info().attach(name, { path: file, contentType: 'image/png' });
    return file;
  }

  /** axe-core on the whole page: serious or critical violations fail the test; the rest are noted. */
  async axe(label: string): Promise<void> {
    // Evaluated, not added as a <script>: the app's content security policy forbids inline scripts.
    await this.page.evaluate(`${axeSource}\n;true`);
    const found = await this.page.evaluate(async () => {
      const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = found.filter((v) => !bad.includes(v));
    if (minor.length) note('axe', `${label}: ${minor.length} minor/moderate: ${minor.map((v) => v.id).join(', ')}`);
    if (bad.length) throw new Error(`axe (${label}): ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`).join('; ')}`);
  }
}
