/**
 * Report benchmark: a 10,000-point study (plus 2,500 baseline twins) in a temporary SQLite store,
 * exported as PDF, long CSV, wide CSV and JSON bundle, plus a bundle import. Prints the time of
 * each (no assertion; target: each export of a 10,000-point study under 5 s).
 *
 *   npx tsx scripts/bench/reports.ts [points]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Store } from '../../src/main/store/store';
import { exportStudy, importBundle, type ExportFormat } from '../../src/main/reports';
import { seedLargeStudy } from '../../test/service/reports/fixtures';

export async function main(n = 10_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'hps-bench-reports-'));
  const store = Store.open(join(dir, 'bench.db'));
  const times: Record<string, number> = {};
  try {
    let t = performance.now();
    const { studyId, points } = seedLargeStudy(store, n);
    console.log(`seeded ${points} points in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    // Warm-up (module loading, font parsing) is reported separately from the steady-state times.
    t = performance.now();
    await exportStudy(store, studyId, 'pdf');
    times['pdf (first, cold)'] = performance.now() - t;
    let bundle: Buffer | undefined;
    for (const f of ['pdf', 'csv', 'csv-wide', 'json'] as ExportFormat[]) {
      t = performance.now();
      const r = await exportStudy(store, studyId, f);
      times[f] = performance.now() - t;
      console.log(`${f.padEnd(9)} ${(times[f]! / 1000).toFixed(2)} s  ${(r.data.length / 1024).toFixed(0)} KiB  ${r.filename}`);
      if (f === 'json') bundle = r.data;
    }
    const fresh = Store.open(join(dir, 'import.db'));
    t = performance.now();
    await importBundle(fresh, bundle!);
    times['json import'] = performance.now() - t;
    fresh.close();
    console.log(`pdf (first, cold) ${(times['pdf (first, cold)']! / 1000).toFixed(2)} s; json import ${(times['json import']! / 1000).toFixed(2)} s`);
    return times;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 10_000);
  main(n).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
