/**
 * The Slurm executor without Slurm: a bundle written by `hps sweep --executor slurm --no-submit`,
 * every shard run by `hps sweep-shard` (exactly what an array task runs), merged by
 * `hps sweep --collect`, equals the local executor's points for the same study point for point.
 * Collect is idempotent; a cut-off last line is reported and ignored (the shard is partial) and a
 * rerun of the shard resumes; a shard stopped with SIGTERM keeps what it finished.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuild, runCli, spawnCli, tempDir, waitFor } from '../helpers';
import { costStudy, diffPoints, pointsByHash, rawPoints } from './helpers';

const NO_SLURM = { HPS_SLURM_BIN: '/nonexistent-slurm-bin' };

interface CollectJson {
  complete: boolean;
  inserted: number;
  stored: number;
  planned: number;
  problems: string[];
  shardStates: { index: number; state: string; points: number; planned: number }[];
}

describe('Slurm executor shards (no Slurm needed)', () => {
  const tmp = tempDir('hps-slurm-');
  const studyFile = join(tmp.dir, 'study.json');
  const localDir = join(tmp.dir, 'local');
  const slurmDir = join(tmp.dir, 'slurm');
  let runDir = '';
  let studyId = '';
  const SHARDS = 4;

  beforeAll(() => {
    requireBuild();
    writeFileSync(studyFile, JSON.stringify(costStudy('slurm shards', 12, 8)));
  });
  afterAll(() => tmp.cleanup());

  const collect = async (): Promise<{ code: number | null; v: CollectJson; stderr: string }> => {
    const r = await runCli(['sweep', '--collect', studyId, '--data-dir', slurmDir, '--json'], { env: NO_SLURM });
    return { code: r.code, v: JSON.parse(r.stdout) as CollectJson, stderr: r.stderr };
  };

  it('shards merged by collect equal the local executor point for point; collect twice changes nothing', async () => {
    const local = await runCli(['sweep', studyFile, '--data-dir', localDir, '--workers', '2', '--json']);
    expect(local.code, local.stderr).toBe(0);

    const sub = await runCli(['sweep', studyFile, '--executor', 'slurm', '--shards', String(SHARDS), '--no-submit', '--data-dir', slurmDir, '--json'], { env: NO_SLURM });
    expect(sub.code, sub.stderr).toBe(0);
    const s = JSON.parse(sub.stdout) as { studyId: string; runDir: string; shards: number; points: number; slurmJobId: string | null };
    expect(s.slurmJobId).toBeNull();
    expect(s.shards).toBe(SHARDS);
    runDir = s.runDir;
    studyId = s.studyId;
    const script = readFileSync(join(runDir, 'submit.sh'), 'utf8');
    expect(script).toContain(`#SBATCH --array=0-${SHARDS - 1}`);
    expect(script).toContain(`sweep-shard '${join(runDir, 'bundle.json')}' --shard "\${SLURM_ARRAY_TASK_ID}/${SHARDS}"`);

    // Before any shard ran: all missing, nothing stored, exit 1 (nothing queued either).
    const before = await collect();
    expect(before.code).toBe(1);
    expect(before.v.shardStates.map((x) => x.state)).toEqual(Array(SHARDS).fill('missing'));

    const shards = await Promise.all(Array.from({ length: SHARDS }, (_, i) => runCli(['sweep-shard', join(runDir, 'bundle.json'), '--shard', `${i}/${SHARDS}`], { env: NO_SLURM })));
    for (const r of shards) expect(r.code, r.stderr).toBe(0);
    for (let i = 0; i < SHARDS; i++) expect(existsSync(join(runDir, `shard-${i}.done`))).toBe(true);

    const first = await collect();
    expect(first.code, first.stderr).toBe(0);
    expect(first.v.complete).toBe(true);
    expect(first.v.inserted).toBe(s.points);
    expect(first.v.stored).toBe(s.points);

    const localPoints = pointsByHash(join(localDir, 'hps-studio.db'));
    const slurmPoints = pointsByHash(join(slurmDir, 'hps-studio.db'));
    expect(localPoints.size).toBe(s.points);
    expect(diffPoints(localPoints, slurmPoints)).toEqual([]);

    const dump = rawPoints(join(slurmDir, 'hps-studio.db'));
    const second = await collect();
    expect(second.code).toBe(0);
    expect(second.v.inserted).toBe(0);
    expect(rawPoints(join(slurmDir, 'hps-studio.db'))).toBe(dump);

    const jobs = await runCli(['jobs', 'list', '--data-dir', slurmDir, '--json']);
    const slurmJob = (JSON.parse(jobs.stdout) as { kind: string; status: string }[]).find((j) => j.kind === 'slurm-sweep');
    expect(slurmJob?.status).toBe('done');
  });

  it('a cut-off last line is reported and ignored (shard partial); a rerun of the shard resumes and repairs it', async () => {
    const file = join(runDir, 'shard-1.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    const planned = lines.length - 1;
    // Keep the header and all but the last 3 points, then half of a line, as a task killed mid-write leaves it.
    writeFileSync(file, `${lines.slice(0, -3).join('\n')}\n`);
    appendFileSync(file, lines.at(-3)!.slice(0, 40));
    rmSync(join(runDir, 'shard-1.done'));
    const dump = rawPoints(join(slurmDir, 'hps-studio.db'));

    const c = await collect();
    expect(c.code).toBe(1);
    const s1 = c.v.shardStates[1]!;
    expect(s1.state).toBe('partial');
    expect(s1.points).toBe(planned - 3);
    expect(c.v.problems.join('\n')).toMatch(/shard 1: last line is incomplete/);
    expect(c.v.inserted).toBe(0);
    expect(rawPoints(join(slurmDir, 'hps-studio.db'))).toBe(dump);

    const rerun = await runCli(['sweep-shard', join(runDir, 'bundle.json'), '--shard', `1/${SHARDS}`], { env: NO_SLURM });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`resuming, ${planned - 3} of ${planned} points`));
    const after = readFileSync(file, 'utf8');
    expect(after.endsWith('\n')).toBe(true);
    const hashes = after.split('\n').filter((l) => l !== '').slice(1).map((l) => (JSON.parse(l) as { hash: string }).hash);
    expect(hashes.length).toBe(planned);
    expect(new Set(hashes).size).toBe(planned);

    const again = await collect();
    expect(again.code).toBe(0);
    expect(again.v.complete).toBe(true);
    expect(again.v.problems).toEqual([]);
    expect(rawPoints(join(slurmDir, 'hps-studio.db'))).toBe(dump);
  });

  it('a shard that gets SIGTERM saves what it finished, exits 143 without a done marker, and a rerun completes it', async () => {
    const bigFile = join(tmp.dir, 'big.json');
    writeFileSync(bigFile, JSON.stringify(costStudy('slurm sigterm', 40, 12)));
    const dir = join(tmp.dir, 'term');
    const sub = await runCli(['sweep', bigFile, '--executor', 'slurm', '--shards', '1', '--no-submit', '--data-dir', dir, '--json'], { env: NO_SLURM });
    expect(sub.code, sub.stderr).toBe(0);
    const s = JSON.parse(sub.stdout) as { runDir: string; points: number };
    const file = join(s.runDir, 'shard-0.jsonl');
    const child = spawnCli(['sweep-shard', join(s.runDir, 'bundle.json'), '--shard', '0/1'], NO_SLURM);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const count = (): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 2 : 0);
    await waitFor(() => count() >= 200 || child.exitCode !== null, 60_000, 10);
    expect(child.exitCode, `the shard finished before SIGTERM: ${stderr}`).toBeNull();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/SIGTERM received/);
    expect(existsSync(join(s.runDir, 'shard-0.done'))).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const saved = text.split('\n').filter((l) => l !== '').length - 1;
    expect(saved).toBeGreaterThanOrEqual(200);
    expect(saved).toBeLessThan(s.points);

    const rerun = await runCli(['sweep-shard', join(s.runDir, 'bundle.json'), '--shard', '0/1'], { env: NO_SLURM });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`resuming, ${saved} of ${s.points} points`);
    const all = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(1);
    expect(all.length).toBe(s.points);
    expect(new Set(all.map((l) => (JSON.parse(l) as { hash: string }).hash)).size).toBe(s.points);
  });

  it('rejects bad Slurm options before writing anything, naming the field', async () => {
    const dir = join(tmp.dir, 'bad');
    const r = await runCli(['sweep', studyFile, '--executor', 'slurm', '--partition', 'debug\n#SBATCH --x', '--no-submit', '--data-dir', dir], { env: NO_SLURM });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/partition/);
    const e = await runCli(['sweep', studyFile, '--executor', 'cloud', '--data-dir', dir]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--executor/);
  });
});
