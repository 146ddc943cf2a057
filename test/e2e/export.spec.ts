/** Exports from the study view, read back and compared with what the view shows. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { note } from './support/app';
import { repoRoot } from './support/paths';

test('export CSV and check its contents', async ({ app, page, costStudy }) => {
  await app.goto(`#/study/${encodeURIComponent(costStudy)}`);
  const tableRows = page.locator('[data-testid="points-table"] tbody tr');
  await page.getByTestId('points-table').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-csv').click()]);
  const name = download.suggestedFilename();
  const text = readFileSync(await download.path(), 'utf8');
  writeFileSync(join(repoRoot, 'artifacts', name), text);
  expect(name, 'csv filename').toMatch(/\.csv$/);
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => l && !l.startsWith('#'));
  const header = lines[0]!.split(',');
  const col = (n: string): number => header.indexOf(n);
  for (const c of ['point_hash', 'role', 'metric', 'value', 'unit']) expect(header, `column ${c}`).toContain(c);
  const rows = lines.slice(1).map((l) => l.split(','));
  const points = await tableRows.count();
  expect(new Set(rows.map((r) => r[col('point_hash')])).size, 'one set of rows per point of the table').toBe(points);
  const energy = rows.filter((r) => r[col('metric')] === 'energyPerEpoch');
  expect(energy.length, 'energyPerEpoch for every point').toBe(points);
  for (const r of energy) {
    expect(r[col('unit')], 'energies in J (SI)').toBe('J');
    expect(Number(r[col('value')]), 'energies positive').toBeGreaterThan(0);
  }
  expect(new Set(rows.map((r) => r[col('role')])).size, 'HPS and baseline rows').toBe(2);
  // The table's formatted value of point 0 agrees with the exported SI value.
  const e0 = Number(energy.find((r) => r[col('point_index')] === '0')![col('value')]);
  const cell = ((await tableRows.first().locator('td.num').nth(1).textContent()) ?? '').trim();
  const m = cell.match(/^([\d.]+)\s*(f|p|n|µ|m|)J$/);
  expect(m, `energy cell formatted with a unit (${cell})`).not.toBeNull();
  const prefix: Record<string, number> = { f: 1e-15, p: 1e-12, n: 1e-9, µ: 1e-6, m: 1e-3, '': 1 };
  const shown = Number(m![1]) * prefix[m![2]!]!;
  expect(Math.abs(shown - e0) / e0, `table ${cell} matches CSV ${e0} J`).toBeLessThan(1e-3);
  note('export', `${name}: ${lines.length} lines`);
});
