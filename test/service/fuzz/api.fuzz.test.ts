/**
 * Property-based fuzzing of every API channel over HTTP (fast-check, fixed seed, bounded runs):
 * payloads generated from the contract's schemas, valid-ish and malformed, against a real host
 * and store. For every request: the process answers (never a 5xx or a dropped connection), and a
 * rejection is a 4xx that names the field, with nothing written to the database or the data folder.
 * The tally is printed and written to artifacts/fuzz-api.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openApp, type AppHandle } from '../../../src/main/app';
import { startHost, type Host } from '../../../src/main/host/server';
import { channelNames, type Channel } from '../../../src/shared/contract';
import { ROOT, requireBuild, tempDir } from '../helpers';
import { http } from '../host/http';
import { malformed, templates, validish } from './arbitraries';
import { namesTheField, newTally, summary } from './tally';

const SEED = 17;
const VALIDISH_RUNS = Number(process.env.HPS_FUZZ_RUNS ?? 25);
const MALFORMED_RUNS = Math.round(VALIDISH_RUNS * 1.6);
const TABLES = ['studies', 'runs', 'jobs', 'points', 'plan_points', 'plans', 'leases', 'settings', 'artifacts', 'epoch_metrics', 'cost_results'];

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (!/hps-studio\.db(-wal|-shm)?$/.test(f)) out.push(relative(dir, p));
  }
  return out;
}

describe('fuzzing every API channel over HTTP', () => {
  const tmp = tempDir();
  let app: AppHandle;
  let host: Host;
  const ids: string[] = [];
  beforeAll(async () => {
    requireBuild();
    app = openApp({ dataDir: tmp.dir, transport: 'http', workers: 1 });
    app.store.onWarning = () => {};
    host = await startHost({ getServices: () => app.services, rendererDir: join(ROOT, 'out', 'renderer'), log: () => {} });
    // Real ids, so generated requests also reach past the not-found checks.
    const s = await app.services['studies:create']({ spec: { ...templates.find((t) => t.name)!, knobs: [], evaluation: 'cost', objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'latencyPerEpoch', direction: 'min' }], executor: undefined } });
    ids.push(s.id);
    const job = await app.services['sweeps:start']({ studyId: s.id });
    await app.runner.wait(job.id);
    ids.push(job.id);
  });
  afterAll(async () => {
    await host.close();
    await app.close();
    tmp.cleanup();
  });

  const snapshot = (): string =>
    JSON.stringify([TABLES.map((t) => app.store.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()), app.store.db.prepare('SELECT COUNT(*) FROM studies WHERE status = ?').pluck().get('running'), files(tmp.dir)]);

  /** Stop whatever an accepted request started, so the next snapshot sees only the next request. */
  async function settle(): Promise<void> {
    for (const j of app.store.listJobs({ limit: 1000 })) {
      if (!app.runner.isActive(j.id)) continue;
      app.runner.cancel(j.id);
      await app.runner.wait(j.id);
    }
  }

  it('every channel answers every payload with 2xx or a clean 4xx; the host never fails', async () => {
    const tally = newTally();
    const perChannel: Record<string, { tried: number; rejected: number }> = {};
    for (const [i, channel] of (channelNames as Channel[]).entries()) {
      const cases = [
        ...fc.sample(validish(channel, ids).map((payload) => ({ payload }) as { raw?: string; payload?: unknown }), { seed: SEED + i, numRuns: VALIDISH_RUNS }),
        ...fc.sample(malformed(channel, ids), { seed: SEED + 1000 + i, numRuns: MALFORMED_RUNS }),
      ];
      perChannel[channel] = { tried: 0, rejected: 0 };
      for (const c of cases) {
        const body = c.raw ?? JSON.stringify(c.payload ?? null);
        const before = snapshot();
        let r: Awaited<ReturnType<typeof http>>;
        try {
          r = await http(host.port, { method: 'POST', path: `/api/${channel}`, body, headers: { 'content-type': 'application/json', 'x-hps-token': host.token } });
        } catch (e) {
          tally.tried++;
          tally.crashes.push(`${channel}: ${(e as Error).message} for ${body.slice(0, 200)}`);
          continue;
        }
        tally.tried++;
        perChannel[channel]!.tried++;
        if (r.status >= 500) {
          tally.crashes.push(`${channel}: ${r.status} ${r.body.slice(0, 300)} for ${body.slice(0, 200)}`);
        } else if (r.status < 300) {
          tally.accepted++;
          await settle();
        } else {
          perChannel[channel]!.rejected++;
          const err = (JSON.parse(r.body) as { error?: { message?: string; path?: string } }).error ?? {};
          const after = snapshot();
          if (namesTheField(err.message ?? '', err.path) && after === before) tally.rejectedCleanly++;
          else tally.unclean.push(`${channel} ${r.status}: ${err.message?.slice(0, 200)} (path ${err.path}); ${after === before ? '' : `wrote ${before} -> ${after}; `}for ${body.slice(0, 160)}`);
        }
      }
    }
    const report = { seed: SEED, ...tally, perChannel };
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'artifacts', 'fuzz-api.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(summary('API over HTTP', tally));
    // The host is still there and answers.
    expect((await http(host.port, { method: 'POST', path: '/api/app:info', body: '{}', headers: { 'x-hps-token': host.token } })).status).toBe(200);
    expect(tally.crashes.slice(0, 10)).toEqual([]);
    expect(tally.unclean.slice(0, 10)).toEqual([]);
    expect(tally.tried).toBe(channelNames.length * (VALIDISH_RUNS + MALFORMED_RUNS));
  });
});
