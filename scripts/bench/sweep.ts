/**
 * Sweep throughput: cost-only design points per second INCLUDING persistence (planning, worker
 * evaluation, one SQLite transaction per batch), with 1 worker and with N workers, in one run.
 * Targets: at least 2,000 points/s per worker and at least 1.7x with 2 workers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src/main/app';
import { dispatch } from '../../src/main/services/dispatch';

const study = {
  name: 'bench sweep',
  base: { workload: { network: 'vgg8' } },
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', min: 100, max: 64000, steps: 50, scale: 'log' },
    { path: 'synapse.significance', type: 'numeric', min: 1, max: 16, steps: 40, scale: 'log' },
    { path: 'circuit.adcBits', type: 'integer', values: [4, 5, 6, 7, 8] },
  ],
  sampler: { kind: 'grid' },
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  evaluation: 'cost',
};

async function once(workers: number): Promise<{ points: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hps-bench-sweep-'));
  const app = openApp({ dataDir: dir, transport: 'cli', workers });
  try {
    // Warm the workers (module load, JIT) outside the timed region.
    await Promise.all(Array.from({ length: workers }, () => app.pool.run('cost-batch', { items: [] }).promise));
    const s = (await dispatch(app.services, 'studies:create', { spec: study })) as { id: string };
    const t0 = performance.now();
    const job = (await dispatch(app.services, 'sweeps:start', { studyId: s.id })) as { id: string };
    const final = await app.runner.wait(job.id);
    const seconds = (performance.now() - t0) / 1000;
    if (final.status !== 'done') throw new Error(`sweep ended ${final.status}: ${final.error}`);
    return { points: app.store.countPoints(s.id), seconds };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const n = Math.max(2, availableParallelism());
  console.log(`sweep bench: VGG-8 cost-only study, persistence included (SQLite WAL, one transaction per 256-point batch); ${availableParallelism()} CPUs`);
  const one = await once(1);
  const many = await once(n);
  const r1 = one.points / one.seconds;
  const rn = many.points / many.seconds;
  console.log(`| workers | points | seconds | points/s | points/s per worker |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| 1 | ${one.points} | ${one.seconds.toFixed(2)} | ${r1.toFixed(0)} | ${r1.toFixed(0)} |`);
  console.log(`| ${n} | ${many.points} | ${many.seconds.toFixed(2)} | ${rn.toFixed(0)} | ${(rn / n).toFixed(0)} |`);
  console.log(`speed-up with ${n} workers: ${(rn / r1).toFixed(2)}x (target >= 1.7x with 2 workers; the main thread also plans and writes)`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
