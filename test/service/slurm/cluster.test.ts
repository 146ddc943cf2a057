/**
 * The Slurm executor against a real single-node Slurm (munged + slurmctld + slurmd started from a
 * temp config by scripts/slurm-local.sh, stopped by PID afterwards, always). A 10-shard cost-only
 * study is submitted; one shard gets SIGTERM mid-run and must keep what it finished; it is
 * resubmitted; the collected study equals the local executor's result point for point.
 * Prints submission-to-collected time and per-shard overhead. Skipped (with the reason in its
 * title) where slurmctld is not installed or the tests do not run as root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireBuild, runCli, tempDir, waitFor } from '../helpers';
import { costStudy, diffPoints, pointsByHash, rawPoints } from './helpers';

const hasSlurm = spawnSync('sh', ['-c', 'command -v slurmctld && command -v slurmd && command -v munged && command -v sbatch']).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const skipReason = !hasSlurm ? 'skipped: slurm not installed' : !isRoot ? 'skipped: slurm test needs root (it starts slurmctld, slurmd and munged)' : '';
const SCRIPT = join(ROOT, 'scripts', 'slurm-local.sh');
const SHARDS = 10;

interface CollectJson {
  complete: boolean;
  active: boolean;
  inserted: number;
  stored: number;
  planned: number;
  submitToCollectedSeconds: number | null;
  shardStates: { index: number; state: string; points: number; planned: number; slurmState: string | null; message: string | null }[];
}

describe.skipIf(skipReason !== '')(`Slurm executor on a real single-node Slurm${skipReason ? ` (${skipReason})` : ''}`, () => {
  const tmp = tempDir('hps-slurm-cluster-');
  const cluster = join(tmp.dir, 'cluster');
  const env: Record<string, string> = { SLURM_CONF: join(cluster, 'slurm.conf') };
  let started = false;

  beforeAll(() => {
    requireBuild();
    chmodSync(tmp.dir, 0o755); // slurmctld runs as user slurm and keeps its state under the cluster folder
    const t0 = Date.now();
    started = true; // stop even a half-started cluster
    execFileSync(SCRIPT, ['start', cluster], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 60_000 });
    process.stdout.write(`slurm: single-node cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }, 60_000);

  afterAll(() => {
    try {
      if (started) {
        spawnSync('scancel', ['--user=root'], { env: { ...process.env, ...env }, timeout: 15_000 });
        execFileSync(SCRIPT, ['stop', cluster], { stdio: 'inherit', timeout: 30_000 });
      }
    } finally {
      tmp.cleanup();
    }
  }, 60_000);

  it('runs a 10-shard study, survives a shard killed mid-run, and collects exactly the local result', async () => {
    const studyFile = join(tmp.dir, 'study.json');
    writeFileSync(studyFile, JSON.stringify(costStudy('slurm cluster', 60, 40)));

    const localDir = join(tmp.dir, 'local');
    const tl = Date.now();
    const local = await runCli(['sweep', studyFile, '--data-dir', localDir, '--json'], { timeoutMs: 240_000 });
    expect(local.code, local.stderr).toBe(0);
    const localSeconds = (Date.now() - tl) / 1000;

    const dataDir = join(tmp.dir, 'slurm-data');
    const tSubmit = Date.now();
    const sub = await runCli(['sweep', studyFile, '--executor', 'slurm', '--shards', String(SHARDS), '--partition', 'debug', '--time', '00:10:00', '--sbatch-arg=--comment=hps-test', '--data-dir', dataDir, '--json'], { env });
    expect(sub.code, sub.stderr).toBe(0);
    const s = JSON.parse(sub.stdout) as { studyId: string; runDir: string; slurmJobId: string; points: number };
    expect(s.slurmJobId).toMatch(/^\d+$/);
    const runDir = s.runDir;

    // Kill the first shard seen mid-run (points saved, no done marker yet): SIGTERM to its batch script (node).
    const lineCount = (i: number): number => {
      const f = join(runDir, `shard-${i}.jsonl`);
      return existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 2 : 0;
    };
    // A shard that has flushed its first batch but is far from done; if it finishes before scancel
    // reaches it (scancel then fails), take another one.
    const perShard = Math.ceil(s.points / SHARDS);
    const tried = new Set<number>();
    let victim = -1;
    while (victim < 0) {
      let candidate = -1;
      await waitFor(() => {
        for (let i = 0; i < SHARDS; i++) {
          const n = lineCount(i);
          if (!tried.has(i) && !existsSync(join(runDir, `shard-${i}.done`)) && n >= 64 && n <= perShard / 2) return ((candidate = i), true);
        }
        return false;
      }, 120_000, 5);
      tried.add(candidate);
      // scancel --batch --signal exits non-zero here even when the signal was delivered: judge by the shard.
      spawnSync('scancel', ['--batch', '--signal=TERM', `${s.slurmJobId}_${candidate}`], { env: { ...process.env, ...env }, timeout: 15_000 });
      const out = join(runDir, `slurm-${s.slurmJobId}_${candidate}.out`);
      await waitFor(() => existsSync(join(runDir, `shard-${candidate}.done`)) || (existsSync(out) && /stopped by SIGTERM/.test(readFileSync(out, 'utf8'))), 60_000, 20);
      if (!existsSync(join(runDir, `shard-${candidate}.done`))) victim = candidate;
      else process.stdout.write(`shard ${candidate} finished before SIGTERM reached it; trying another\n`);
      expect(tried.size).toBeLessThan(SHARDS);
    }

    // Wait for the rest, then collect: the killed shard is reported failed with its partial progress kept.
    const c1 = await runCli(['sweep', '--collect', s.studyId, '--wait', '--poll-seconds', '1', '--data-dir', dataDir, '--json'], { env, timeoutMs: 240_000 });
    const v1 = JSON.parse(c1.stdout) as CollectJson;
    expect(c1.code, c1.stderr).toBe(1);
    const killed = v1.shardStates[victim]!;
    expect(killed.state).toBe('failed');
    expect(killed.slurmState).toBe('FAILED');
    expect(killed.points).toBeGreaterThanOrEqual(64);
    expect(killed.points).toBeLessThan(killed.planned);
    expect(v1.shardStates.filter((x) => x.state !== 'done').map((x) => x.index)).toEqual([victim]);
    expect(v1.stored).toBe(s.points - (killed.planned - killed.points));

    const st = await runCli(['sweep', '--status', s.studyId, '--data-dir', dataDir], { env });
    expect(st.stdout).toMatch(new RegExp(`\\n${victim}\\s+failed`));
    const jobs1 = JSON.parse((await runCli(['jobs', 'list', '--data-dir', dataDir, '--json'])).stdout) as { kind: string; status: string }[];
    expect(jobs1.find((j) => j.kind === 'slurm-sweep')?.status).toBe('failed');

    const rs = await runCli(['sweep', '--resubmit', s.slurmJobId, '--data-dir', dataDir, '--json'], { env });
    expect(rs.code, rs.stderr).toBe(0);
    const r = JSON.parse(rs.stdout) as { slurmJobId: string; indices: number[] };
    expect(r.indices).toEqual([victim]);

    const c2 = await runCli(['sweep', '--collect', s.studyId, '--wait', '--poll-seconds', '1', '--data-dir', dataDir, '--json'], { env, timeoutMs: 240_000 });
    const tCollected = Date.now();
    expect(c2.code, c2.stderr).toBe(0);
    const v2 = JSON.parse(c2.stdout) as CollectJson;
    expect(v2.complete).toBe(true);
    expect(v2.stored).toBe(s.points);
    expect(v2.inserted).toBe(killed.planned - killed.points);
    expect(readFileSync(join(runDir, `slurm-${r.slurmJobId}_${victim}.out`), 'utf8')).toMatch(new RegExp(`resuming, ${killed.points} of ${killed.planned} points`));

    const localPoints = pointsByHash(join(localDir, 'hps-studio.db'));
    const slurmPoints = pointsByHash(join(dataDir, 'hps-studio.db'));
    expect(localPoints.size).toBe(s.points);
    expect(diffPoints(localPoints, slurmPoints)).toEqual([]);

    const dump = rawPoints(join(dataDir, 'hps-studio.db'));
    const c3 = await runCli(['sweep', '--collect', s.studyId, '--data-dir', dataDir, '--json'], { env });
    expect((JSON.parse(c3.stdout) as CollectJson).inserted).toBe(0);
    expect(rawPoints(join(dataDir, 'hps-studio.db'))).toBe(dump);
    const jobs2 = JSON.parse((await runCli(['jobs', 'list', '--data-dir', dataDir, '--json'])).stdout) as { kind: string; status: string }[];
    expect(jobs2.find((j) => j.kind === 'slurm-sweep')?.status).toBe('done');

    // Timings: submission to collected, and per-shard overhead from the done markers.
    const state = JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8')) as { submissions: { submittedAt: string }[] };
    const submittedAt = Date.parse(state.submissions[0]!.submittedAt);
    const markers = Array.from({ length: SHARDS }, (_, i) => JSON.parse(readFileSync(join(runDir, `shard-${i}.done`), 'utf8')) as { startupMs: number; evalMs: number; wallMs: number; startedAt: string; points: number });
    const clean = markers.filter((_, i) => i !== victim);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const overhead = clean.map((m) => m.wallMs - m.evalMs);
    const queueWait = clean.map((m) => Date.parse(m.startedAt) - submittedAt);
    process.stdout.write(
      [
        `slurm timing: ${s.points} points, ${SHARDS} shards on ${readFileSync(join(cluster, 'slurm.conf'), 'utf8').match(/CPUs=(\d+)/)?.[1]} CPU(s)`,
        `  local executor (hps sweep, all CPUs): ${localSeconds.toFixed(1)} s`,
        `  submission to collected (incl. one shard killed, waited for and resubmitted): ${((tCollected - tSubmit) / 1000).toFixed(1)} s (run folder: ${v2.submitToCollectedSeconds?.toFixed(1)} s)`,
        `  per shard (9 unkilled): start-up (node + CLI load + bundle read) ${mean(clean.map((m) => m.startupMs)).toFixed(0)} ms, evaluation ${mean(clean.map((m) => m.evalMs)).toFixed(0)} ms, wall ${mean(clean.map((m) => m.wallMs)).toFixed(0)} ms, overhead (wall - evaluation) ${mean(overhead).toFixed(0)} ms; start after submission ${Math.min(...queueWait)}..${Math.max(...queueWait)} ms`,
      ].join('\n') + '\n',
    );
  });
});
