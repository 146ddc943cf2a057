/** The cluster panel of a Slurm run folder, with the array tasks run here exactly as Slurm would. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COST_STUDY, expect, test } from './fixtures';
import { hps } from './support/host';

test('cluster panel: shard states of a Slurm run folder, collect merges the points', async ({ app, page, host }) => {
  const studyFile = test.info().outputPath('slurm-study.json');
  // The cost study's objectives over a 3 x 2 grid: enough points for three shards.
  const study = {
    ...COST_STUDY,
    name: 'E2E Slurm run folder',
    tags: ['slurm'],
    knobs: [
      { path: 'circuit.adcBits', type: 'integer', values: [4, 5, 6] },
      { path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 2000] },
    ],
  };
  writeFileSync(studyFile, JSON.stringify(study));
  // The bundle without a cluster: --no-submit writes the run folder and never calls sbatch.
  const noSlurm = { HPS_SLURM_BIN: '/nonexistent-slurm-bin' };
  const sub = JSON.parse(await hps(['sweep', studyFile, '--executor', 'slurm', '--shards', '3', '--no-submit', '--data-dir', host.dataDir, '--json'], noSlurm)) as {
    studyId: string;
    runDir: string;
    slurmJobId: string | null;
    shards: number;
    points: number;
  };
  expect(sub.slurmJobId, 'not submitted').toBeNull();
  expect(sub.shards).toBe(3);
  expect(sub.points).toBeGreaterThan(3);

  await app.goto(`#/study/${encodeURIComponent(sub.studyId)}`);
  await page.getByTestId('to-cluster').click();
  await page.waitForURL(/\/cluster$/);
  await page.getByTestId('cluster-panel').waitFor({ timeout: 20_000 });
  await expect(page.getByTestId('shard-count-missing')).toHaveText(/missing\s*3/, { timeout: 10_000 });
  await expect(page.getByTestId('slurm-collect'), 'nothing to collect before any shard ran').toBeDisabled();
  await expect(page.getByTestId('slurm-cancel'), 'nothing to cancel: not submitted').toBeDisabled();
  await app.axe('cluster panel (missing)');
  await app.shot('cluster-missing');

  // Run the array tasks here, exactly as Slurm would; the panel's polling picks them up.
  await Promise.all([0, 1, 2].map((i) => hps(['sweep-shard', join(sub.runDir, 'bundle.json'), '--shard', `${i}/3`], noSlurm)));
  await expect(page.getByTestId('shard-count-done')).toHaveText(/done\s*3/, { timeout: 20_000 });
  const rows = page.locator('[data-testid="shard-table"] tbody tr');
  await expect(rows, 'three shards listed').toHaveCount(3);
  for (const r of await rows.all()) await expect(r, 'every shard done').toHaveText(/done/);
  await app.shot('cluster-done');
  await page.getByTestId('slurm-collect').click();
  await expect(page.getByTestId('collect-result'), `collect reports ${sub.points} merged points`).toHaveText(new RegExp(`merged\\s+${sub.points}\\s+new\\s+points`), { timeout: 20_000 });
  await expect(page.getByTestId('study-status')).toHaveText('done', { timeout: 20_000 });
  await app.axe('cluster panel (collected)');
  await app.shot('cluster-collected');
  // The points table holds every merged point.
  await page.getByTestId('tab-overview').click();
  await expect(page.locator('[data-testid="points-table"] tbody tr')).toHaveCount(sub.points, { timeout: 20_000 });
});
