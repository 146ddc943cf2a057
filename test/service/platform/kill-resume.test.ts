/**
 * Crash safety of overnight sweeps: a `hps sweep` process killed with SIGKILL at a random moment
 * leaves an intact database (integrity_check ok) and a job that resumes with
 * `hps sweep --resume <id>` to exactly the points of an uninterrupted run: none lost, none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuild, runCli, spawnCli, tempDir, waitFor } from '../helpers';
import { costStudy, pointsByHash } from '../slurm/helpers';

// The same study the Slurm tests use: 40 x 25 x 5 x 2 = 10,000 HPS points plus baseline twins.
const study = costStudy('kill and resume', 40, 25);

function pointsOf(dbFile: string): Map<string, string> {
  return new Map([...pointsByHash(dbFile)].map(([hash, p]) => [hash, JSON.stringify(p)]));
}

function countPoints(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'points'").pluck().get() as number) === 0
        ? 0
        : (db.prepare('SELECT COUNT(*) FROM points').pluck().get() as number);
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('sweep crash safety', () => {
  const tmp = tempDir();
  const studyFile = join(tmp.dir, 'study.json');
  beforeAll(() => {
    requireBuild();
    writeFileSync(studyFile, JSON.stringify(study));
  });
  afterAll(() => tmp.cleanup());

  it('resumes after SIGKILL at a random moment with no lost and no duplicated points', async () => {
    // Reference: the same study, uninterrupted.
    const refDir = join(tmp.dir, 'ref');
    const ref = await runCli(['sweep', studyFile, '--data-dir', refDir, '--workers', '1', '--json'], { timeoutMs: 240_000 });
    expect(ref.code, ref.stderr).toBe(0);
    const refPoints = pointsOf(join(refDir, 'hps-studio.db'));
    const planned = (JSON.parse(ref.stdout) as { study: { plannedPoints: number } }).study.plannedPoints;
    expect(refPoints.size).toBe(planned);
    expect(planned).toBeGreaterThan(5000);

    // Killed run.
    const dir = join(tmp.dir, 'killed');
    const db = join(dir, 'hps-studio.db');
    const threshold = Math.floor(planned * (0.1 + 0.5 * Math.random()));
    const child = spawnCli(['sweep', studyFile, '--data-dir', dir, '--workers', '1']);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => countPoints(db) >= threshold || child.exitCode !== null, 120_000, 10);
    expect(child.exitCode, `the sweep finished before the kill (threshold ${threshold}); ${stderr}`).toBeNull();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const id = /\(id ([0-9a-f-]{36})\)/.exec(stderr)?.[1];
    expect(id, stderr).toBeDefined();

    const after = new Database(db);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = after.prepare('SELECT COUNT(*) FROM points').pluck().get() as number;
    const job = after.prepare("SELECT status FROM jobs WHERE kind = 'sweep'").get() as { status: string };
    after.close();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(planned);
    expect(job.status).toBe('running'); // as the killed process left it

    const listed = await runCli(['jobs', 'list', '--data-dir', dir, '--json']);
    expect((JSON.parse(listed.stdout) as { status: string }[])[0]!.status).toBe('interrupted');

    const resumed = await runCli(['sweep', '--resume', id!, '--data-dir', dir, '--workers', '1', '--json'], { timeoutMs: 240_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`${stored} of ${planned} points already stored`));

    const got = pointsOf(db);
    expect(got.size).toBe(planned);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) - COUNT(DISTINCT study_id || hash) FROM points').pluck().get()).toBe(0);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    for (const [hash, value] of refPoints) expect(got.get(hash), hash).toBe(value);
  });
});
