/**
 * The host stays responsive under the heaviest work the app does: `app:info` is polled over HTTP
 * every 20 ms while a 100,000-point study is validated and created (planned and its plan stored),
 * while three studies sweep at once, and while PDF reports of them are built. Planning, evaluation,
 * analyses and reports run in workers; the main
 * thread only moves short pages, so answers come within 200 ms (99 % of them asserted; the slowest
 * is printed, with the rest, and written to artifacts/host-latency.json).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { api, hostFixture } from './http';

const objectives = [
  { metric: 'energyPerEpoch', direction: 'min' },
  { metric: 'latencyPerEpoch', direction: 'min' },
];

/** 50 x 50 x 40 = 100,000 HPS designs sharing one baseline twin: 100,001 planned points. */
const big = {
  name: 'latency: 100k points',
  base: { workload: { network: 'mlp-784-100-10' } },
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', min: 1000, max: 64000, steps: 50, scale: 'log' },
    { path: 'synapse.retention.tau', type: 'numeric', min: 0.001, max: 10, steps: 50, scale: 'log' },
    { path: 'synapse.significance', type: 'numeric', min: 1, max: 16, steps: 40 },
  ],
  objectives,
};

const small = (i: number) => ({
  name: `latency: running ${i}`,
  base: { workload: { network: 'mlp-400-100-10' }, circuit: { arrayRows: 64 * (i + 1) } },
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', min: 1000, max: 64000, steps: 40, scale: 'log' },
    { path: 'synapse.significance', type: 'numeric', min: 1, max: 16, steps: 40 },
  ],
  objectives,
});

/** 100 x 100 HPS designs of the 784-100-10 MLP and their baseline twin. */
const reportStudy = {
  name: 'latency: report',
  base: { workload: { network: 'mlp-784-100-10' }, synapse: { scheme: 'hps' } },
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', min: 100, max: 100000, steps: 100, scale: 'log' },
    { path: 'synapse.significance', type: 'numeric', min: 1, max: 16, steps: 100 },
  ],
  objectives,
  evaluation: 'cost',
};

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(f * s.length))]! * 10) / 10;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: Math.round(s[s.length - 1]! * 10) / 10 };
}

describe('host latency under load', () => {
  const f = hostFixture();

  /**
   * Poll app:info until `work` settles; returns the work's result and, for every poll, the time
   * from when it was due (20 ms after the previous answer) to its answer. The host runs in this
   * process, so a blocked event loop delays the sending as much as the answering: a bare round
   * trip would not see it.
   */
  async function whilePolling<T>(work: () => Promise<T>): Promise<{ result: T; ms: number[] }> {
    const ms: number[] = [];
    let done = false;
    const poller = (async () => {
      let due = performance.now();
      while (!done) {
        const r = await api(f.host.port, f.host.token, 'app:info', {});
        const answered = performance.now();
        ms.push(answered - due);
        expect(r.status).toBe(200);
        await new Promise((res) => setTimeout(res, 20));
        due = answered + 20;
      }
    })();
    try {
      return { result: await work(), ms };
    } finally {
      done = true;
      await poller;
    }
  }

  it('answers app:info within 200 ms (p99) while a 100k-point study is validated and created, while three studies run and while the PDF of a 10,001-point study is built', async () => {
    const planning = await whilePolling(async () => {
      const v = await api(f.host.port, f.host.token, 'studies:validate', { spec: big });
      const c = await api(f.host.port, f.host.token, 'studies:create', { spec: big });
      return { validated: (v.json.result as { plannedPoints: number }).plannedPoints, created: (c.json.result as { plannedPoints: number }).plannedPoints };
    });
    expect(planning.result).toEqual({ validated: 100_001, created: 100_001 });

    const running = await whilePolling(async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(((await api(f.host.port, f.host.token, 'studies:create', { spec: small(i), start: true })).json.result as { id: string }).id);
      const jobs = f.app.store.listJobs().filter((j) => ids.includes(j.studyId ?? ''));
      const finals = await Promise.all(jobs.map((j) => f.app.runner.wait(j.id)));
      return { jobs: finals.map((j) => j.status), points: ids.map((id) => f.app.store.countPoints(id)) };
    });
    expect(running.result.jobs).toEqual(['done', 'done', 'done']);
    expect(running.result.points).toEqual([1601, 1601, 1601]);

    // A 10,001-point study's PDF: built on the main thread it held every request for 15 s.
    const reported = ((await api(f.host.port, f.host.token, 'studies:create', { spec: reportStudy, start: true })).json.result as { id: string }).id;
    await f.app.runner.wait(f.app.store.listJobs().find((j) => j.studyId === reported)!.id);
    expect(f.app.store.countPoints(reported)).toBe(10_001);
    const exporting = await whilePolling(async () => (await api(f.host.port, f.host.token, 'reports:export', { studyId: reported, format: 'pdf' })).json.result as { bytes: number });
    expect(exporting.result.bytes).toBeGreaterThan(100_000);

    const report = { planning: stats(planning.ms), running: stats(running.ms), exporting: stats(exporting.ms) };
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'artifacts', 'host-latency.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`app:info round trips (ms): ${JSON.stringify(report)}`);
    // 99 % of answers within 200 ms: the main thread never holds a request longer than one short
    // page, but on a shared machine (load 15 on 2 cores while this was written) the scheduler
    // alone can delay a single answer past that, so the slowest one is reported, not asserted.
    expect(report.planning.p99).toBeLessThan(200);
    expect(report.running.p99).toBeLessThan(200);
    expect(report.exporting.p99).toBeLessThan(200);
  });
});
