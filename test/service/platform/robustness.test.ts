/**
 * What a sweep does when things go wrong: a worker that dies on one point, a full disk, a second
 * runner of the same study, a stale lease, corrupt rows, a data folder that cannot be written,
 * names that do not exist, paged lists. Each case used to crash, hang or mislead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type AppHandle } from '../../../src/main/app';
import { dispatch } from '../../../src/main/services/dispatch';
import { ConfigError, HpsError } from '../../../src/core/errors';
import { CLI, ROOT, requireBuild, runCli, tempDir } from '../helpers';

process.env.HPS_DEBUG_TASKS = '1';

const objectives = [
  { metric: 'energyPerEpoch', direction: 'min' },
  { metric: 'latencyPerEpoch', direction: 'min' },
];
const study = (name: string, values: unknown[], path = 'synapse.transfer.everyImages', type = 'integer') => ({
  name,
  base: { workload: { network: 'mlp-400-100-10' } },
  knobs: [{ path, type, values }],
  objectives,
});
const range = (n: number, from = 1000): number[] => Array.from({ length: n }, (_, i) => from + i);

async function sweep(app: AppHandle, studyId: string) {
  const job = (await dispatch(app.services, 'sweeps:start', { studyId })) as { id: string };
  return app.runner.wait(job.id);
}

describe('sweeps under failure', () => {
  const tmp = tempDir();
  let app: AppHandle;
  beforeAll(() => {
    requireBuild();
    app = openApp({ dataDir: tmp.dir, transport: 'cli', workers: 1 });
    app.store.onWarning = (m) => warnings.push(m);
  });
  afterAll(async () => {
    await app.close();
    tmp.cleanup();
  });
  const warnings: string[] = [];

  it('contains a worker that dies on one point: that point is stored failed, the rest done, and a resume does not meet it again', async () => {
    const s = (await dispatch(app.services, 'studies:create', { spec: study('poison', ['a', '__worker_crash__', 'c'], 'name', 'categorical') })) as { id: string; plannedPoints: number };
    const job = await sweep(app, s.id);
    expect(job.status).toBe('done');
    const pts = app.store.listPoints(s.id);
    expect(pts).toHaveLength(s.plannedPoints);
    const bad = pts.filter((p) => p.status === 'failed');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((p) => (p.knobs as { name?: string }).name === '__worker_crash__' || p.role === 'baseline')).toBe(true);
    expect(bad[0]!.reason).toMatch(/the worker evaluating this point stopped: worker exited unexpectedly with code 3/);
    expect(app.store.getStudy(s.id).status).toBe('done');
    const again = await sweep(app, s.id);
    expect(again.message).toMatch(/already stored, 0 evaluated/);
  });

  it('a full disk fails the sweep with what to do, leaves the study not running and loses nothing; a resume completes it', async () => {
    const s = (await dispatch(app.services, 'studies:create', { spec: study('disk full', range(1500)) })) as { id: string; plannedPoints: number };
    const pages = app.store.db.pragma('page_count', { simple: true }) as number;
    app.store.db.pragma(`max_page_count = ${pages + 8}`);
    let job;
    try {
      job = await sweep(app, s.id);
    } finally {
      app.store.db.pragma('max_page_count = 1073741823');
    }
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/the disk is full \(database or disk is full\); everything stored before is kept: free some space and resume/);
    expect(app.store.getStudy(s.id).status).toBe('failed');
    expect(app.store.leases.get(s.id)).toBeUndefined();
    const kept = app.store.countPoints(s.id);
    expect(kept).toBeLessThan(s.plannedPoints);
    const resumed = await sweep(app, s.id);
    expect(resumed.status).toBe('done');
    expect(app.store.countPoints(s.id)).toBe(s.plannedPoints);
    expect(app.store.integrityCheck()).toBe('ok');
  });

  it('takes over the lease of a runner that is gone', async () => {
    const s = (await dispatch(app.services, 'studies:create', { spec: study('stale', [1000, 2000]) })) as { id: string };
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    app.store.db.prepare('INSERT INTO leases (study_id, job_id, pid, host, acquired_at, heartbeat_at) VALUES (?, NULL, ?, ?, ?, ?)').run(s.id, dead.pid, app.store.leases.host, new Date().toISOString(), new Date().toISOString());
    expect((await sweep(app, s.id)).status).toBe('done');
  });

  it('names a corrupt JSON row and skips it in runs list and export', async () => {
    const s = (await dispatch(app.services, 'studies:create', { spec: study('corrupt', [1000]) })) as { id: string };
    const good = app.store.createRun({ studyId: s.id, config: { a: 1 }, seed: 1 });
    const bad = app.store.createRun({ studyId: s.id, config: { a: 2 }, seed: 2 });
    app.store.db.prepare('UPDATE runs SET config = ? WHERE id = ?').run('{"a": 2', bad.id);
    warnings.length = 0;
    const runs = (await dispatch(app.services, 'runs:list', { studyId: s.id })) as { id: string }[];
    expect(runs.map((r) => r.id)).toEqual([good.id]);
    expect(warnings.join('\n')).toMatch(new RegExp(`runs row ${bad.id} is corrupt .*; it is skipped`));
    const csv = (await dispatch(app.services, 'reports:export', { studyId: s.id, format: 'json' })) as { base64: string };
    expect(Buffer.from(csv.base64, 'base64').toString()).not.toContain(bad.id);
  });

  it('rejects names that do not exist with 4xx-class errors naming the field, and writes nothing', async () => {
    const before = app.store.listStudies().length;
    const e1 = await dispatch(app.services, 'studies:create', { spec: study('typo', ['ag-a-si', 'ag-a-sii'], 'synapse.device.preset', 'categorical') }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConfigError);
    expect((e1 as ConfigError).path).toMatch(/^knobs(\[0\]|\.0)\.values(\[1\]|\.1)$/);
    expect((e1 as Error).message).toMatch(/unknown device preset/);
    const e2 = await dispatch(app.services, 'studies:validate', { spec: { ...study('metric', [1000]), objectives: [{ metric: 'four', direction: 'min' }, objectives[0]] } });
    expect(e2).toMatchObject({ ok: false, path: 'objectives[0].metric' });
    expect(app.store.listStudies()).toHaveLength(before);
    const e3 = await dispatch(app.services, 'cost:evaluate', { config: { synapse: { device: { preset: 'hps-envmm' } } } }).catch((e: unknown) => e);
    expect((e3 as ConfigError).path).toMatch(/^(config\.)?synapse\.device\.preset$/);
    const measured = { preset: 'measured', measured: { ltp: [[0, 1e-6], [1, 2e-6], [1e308, 3e-6]], ltd: [[0, 3e-6], [1, 2e-6], [2, 1e-6]] } };
    const e4 = await dispatch(app.services, 'cost:evaluate', { config: { synapse: { scheme: 'baseline', device: measured } } }).catch((e: unknown) => e);
    expect((e4 as ConfigError).path).toBe('config.synapse.device.measured.ltp[2][0]');
    const e5 = await dispatch(app.services, 'devices:fit', { csv: 'pulse,G_ltp,G_ltd\n0,1e-6,3e-6\n1,2e-6,2e-6\n9e6,3e-6,1e-6\n' }).catch((e: unknown) => e);
    expect((e5 as Error).message).toMatch(/row 4, column "pulse": LTP pulse number above 100000/);
    const id = app.store.listStudies()[0]!.id;
    const e6 = await dispatch(app.services, 'pareto:compute', { studyId: id, objectives: [{ metric: 'four', direction: 'min' }, objectives[0]] }).catch((e: unknown) => e);
    expect((e6 as ConfigError).path).toBe('pareto:compute.objectives[0].metric');
    const e7 = await dispatch(app.services, 'runs:start', { config: { workload: { dataset: { source: 'mnist', dir: join(tmp.dir, 'no-such-folder') } } } }).catch((e: unknown) => e);
    expect(e7).toBeInstanceOf(HpsError);
    expect((e7 as HpsError).code).toBe('DATASET_ERROR');
    expect((e7 as Error).message).toMatch(/no-such-folder: dataset folder does not exist/);
    expect(app.store.listJobs({ status: 'running' })).toHaveLength(0);
  });

  it('pages points and jobs', async () => {
    const id = app.store.listStudies().find((s) => s.name === 'disk full')!.id;
    const page = (await dispatch(app.services, 'studies:points', { id, offset: 10, limit: 25 })) as { idx: number }[];
    expect(page).toHaveLength(25);
    expect(page[0]!.idx).toBe(app.store.listPoints(id)[10]!.idx);
    expect(((await dispatch(app.services, 'jobs:list', { limit: 2 })) as unknown[]).length).toBe(2);
  });
});

describe('one runner per study', () => {
  it('a second `hps sweep --resume` is refused with the holder\'s pid and host; exit 1', async () => {
    requireBuild();
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'study.json');
      writeFileSync(file, JSON.stringify(study('long', range(4000))));
      const first = spawn(process.execPath, [CLI, 'sweep', file, '--data-dir', tmp.dir, '--workers', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      first.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const id = await new Promise<string>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no study id: ${err}`)), 60_000);
        const poll = setInterval(() => {
          const m = /\(id ([0-9a-f-]{36})\)/.exec(err);
          if (m && /sweep: \d+%/.test(err)) {
            clearTimeout(t);
            clearInterval(poll);
            res(m[1]!);
          }
        }, 20);
      });
      const second = await runCli(['sweep', '--resume', id, '--data-dir', tmp.dir, '--workers', '1']);
      if (first.exitCode === null && first.signalCode === null) {
        first.kill('SIGINT');
        await new Promise((r) => first.once('exit', r));
      }
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`study ${id} is being run by process ${first.pid} on \\S+`));
    } finally {
      tmp.cleanup();
    }
  });

  it('a data folder that cannot be created is reported as such, not as an unreadable database', () => {
    expect(() => openApp({ dataDir: '/sys/hps-studio-test', transport: 'cli', workers: 1 })).toThrow(/cannot create the data folder \/sys\/hps-studio-test: its parent folder is read-only/);
  });

  it('refuses a pool of 1e9 or -3 workers, naming the field', () => {
    expect(() => openApp({ dataDir: '/tmp', transport: 'cli', workers: 1e9 })).toThrow(/workers: expected an integer from 1 to 256 \(got 1000000000\)/);
    expect(() => openApp({ dataDir: '/tmp', transport: 'cli', workers: -3 })).toThrow(/workers: expected an integer from 1 to 256/);
  });
});
