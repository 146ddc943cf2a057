/**
 * Fair comparisons through the real CLI, worker threads and SQLite: a run that searches its
 * learning rate stores the search and its per-layer diagnostics; replicate runs print their
 * statistics; a sweep prints the study's sanity warnings before it starts; the store keeps
 * diagnostics, searches and replicate statistics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/store/store';
import { MIGRATIONS, LATEST_VERSION } from '../../../src/main/store/migrations';
import { requireBuild, runCli, tempDir } from '../helpers';

const tmp = tempDir('hps-fair-');
beforeAll(() => requireBuild());
afterAll(() => tmp.cleanup());

const runConfig = (over: Record<string, unknown> = {}) => ({
  seed: 3,
  workload: { network: 'mlp-400-100-10', dataset: { source: 'synthetic', trainLimit: 200, testLimit: 60 } },
  synapse: { scheme: 'baseline', device: { preset: 'hps-envm' } },
  training: { epochs: 2, batchSize: 20, tuning: { rates: [1, 10], method: 'grid', images: 100 } },
  ...over,
});

describe('fair comparisons end to end', () => {
  it('hps train searches the rate on a validation split, stores the search and per-layer diagnostics', async () => {
    const data = join(tmp.dir, 'train');
    const cfg = join(tmp.dir, 'run.json');
    writeFileSync(cfg, JSON.stringify(runConfig()));
    const r = await runCli(['train', cfg, '--data-dir', data, '--json'], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { run: { id: string; tuning: { best: number; rounds: { scores: { learningRate: number; extension?: boolean }[] }[]; validationImages: number; extensions: number[] }; diagnostics: { epoch: number; layer: number; data: { layer: string; requested: number } }[] } };
    const scores = out.run.tuning.rounds[0]!.scores;
    expect(scores.filter((s) => !s.extension).map((s) => s.learningRate)).toEqual([1, 10]);
    // Two candidates: the winner is always at an edge, so the search tries a rate beyond it (0.1 or 100, then maybe one more step).
    expect(scores.filter((s) => s.extension).map((s) => s.learningRate)).toEqual(out.run.tuning.extensions);
    expect([[0.1], [0.1, 0.01], [100], [100, 1000]]).toContainEqual(out.run.tuning.extensions);
    expect([1, 10, ...out.run.tuning.extensions]).toContain(out.run.tuning.best);
    expect(out.run.tuning.validationImages).toBe(20);
    expect(out.run.diagnostics.map((d) => [d.epoch, d.data.layer])).toEqual([
      [1, 'fc1'],
      [1, 'fc2'],
      [2, 'fc1'],
      [2, 'fc2'],
    ]);
    const shown = await runCli(['runs', 'show', out.run.id, '--data-dir', data]);
    expect(shown.stdout).toContain(
      `learning rate ${out.run.tuning.best} (normalised convention), chosen by a grid search on 20 validation images carved from the training set ` +
        `(score: mean of 4 validation evaluations over the second half of each round; added beyond an edge of the candidates: ${out.run.tuning.extensions.join(', ')})`,
    );
    expect(shown.stdout).toMatch(/round 1 \(160 images each\): lr 1 [\d.]+ %, lr 10 [\d.]+ %, lr [\d.]+ \(added\)/);
    expect(shown.stdout).toMatch(/update efficacy, epoch 2/);
    expect(shown.stdout).toMatch(/non-volatile, MSB only \(%\)\s+non-volatile, after flush \(%\)/);
    // The point metrics of the run carry the rate it used.
    const s = Store.open(join(data, 'hps-studio.db'));
    try {
      const run = s.getRun(out.run.id);
      expect((run.summary as { learningRate: number }).learningRate).toBe(out.run.tuning.best);
      expect(s.runDiagnostics(run.id)).toHaveLength(4);
    } finally {
      s.close();
    }
  }, 300_000);

  it('seeds: N in a run config trains N runs and prints mean, standard deviation and the 95 % interval', async () => {
    const data = join(tmp.dir, 'seeds');
    const cfg = join(tmp.dir, 'seeds.json');
    writeFileSync(cfg, JSON.stringify(runConfig({ seeds: 2, training: { epochs: 1, batchSize: 20, learningRate: 3 } })));
    const r = await runCli(['train', cfg, '--data-dir', data], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seed 3/);
    expect(r.stdout).toMatch(/seed 4/);
    expect(r.stdout).toMatch(/2 seeds: test accuracy [\d.]+ ± [\d.]+ \(95 % CI [-\d.]+ to [\d.]+\)/);
  }, 300_000);

  it('hps sweep prints sanity warnings before it starts (a knob the cost model ignores under cost-only evaluation)', async () => {
    const study = join(tmp.dir, 'study.json');
    writeFileSync(
      study,
      JSON.stringify({
        name: 'never transfers',
        base: { workload: { network: 'mlp-400-100-10', dataset: { source: 'synthetic', trainLimit: 100, testLimit: 20 } }, synapse: { scheme: 'hps' }, training: { epochs: 1, batchSize: 50 } },
        knobs: [{ path: 'synapse.retention.tau', type: 'numeric', values: [0.001, 1] }],
        objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'latencyPerEpoch', direction: 'min' }],
        evaluation: 'cost',
      }),
    );
    const r = await runCli(['sweep', study, '--data-dir', join(tmp.dir, 'sweep')], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning \(inert-knob, synapse\.retention\.tau\): Knob synapse\.retention\.tau cannot change any objective/);
  }, 180_000);

  const introduced = MIGRATIONS.find((m) => /diagnostics/.test(m.description))!.version;
  for (const m of MIGRATIONS.filter((x) => x.version < introduced)) {
    it(`a version-${m.version} database gains searches, diagnostics and replicate columns and keeps its runs and points`, () => {
      const f = join(tmp.dir, `fair-v${m.version}.db`);
      const old = Store.open(f, { targetVersion: m.version });
      const st = old.createStudy({ name: 'old', spec: {} });
      const run = old.createRun({ studyId: st.id, config: { seed: 2 }, seed: 2 });
      old.db
        .prepare(
          `INSERT INTO points (study_id, hash, idx, role, twin_hash, knobs, status, metrics, reason, run_id, created_at)
           VALUES (?, 'h1', 0, 'hps', 'h2', '{}', 'done', '{"accuracy":0.5}', NULL, ?, '2026-01-01T00:00:00Z')`,
        )
        .run(st.id, run.id);
      old.close();
      const s = Store.open(f);
      try {
        expect(s.version).toBe(LATEST_VERSION);
        expect(s.getRun(run.id).seed).toBe(2);
        expect(s.runTuning(run.id)).toBeNull();
        expect(s.runDiagnostics(run.id)).toEqual([]);
        expect(s.listPoints(st.id)[0]).toMatchObject({ hash: 'h1', metrics: { accuracy: 0.5 }, replicate: 0, group: null });
        s.recordDiagnostics(run.id, 1, [{ layer: 'fc1' }]);
        expect(s.runDiagnostics(run.id)).toHaveLength(1);
        expect(s.integrityCheck()).toBe('ok');
      } finally {
        s.close();
      }
    });
  }

  it('the store keeps searches, diagnostics and replicate statistics, and replaces an epoch\'s diagnostics', () => {
    const s = Store.open(join(tmp.dir, 'store.db'));
    try {
      const st = s.createStudy({ name: 'x', spec: {} });
      const run = s.createRun({ studyId: st.id, config: {}, seed: 1 });
      expect(s.runTuning(run.id)).toBeNull();
      s.setRunTuning(run.id, { best: 3, rounds: [] });
      expect(s.runTuning(run.id)).toEqual({ best: 3, rounds: [] });
      s.recordDiagnostics(run.id, 1, [{ layer: 'fc1', efficacy: 0.5 }, { layer: 'fc2', efficacy: 1 }]);
      s.recordDiagnostics(run.id, 1, [{ layer: 'fc1', efficacy: 0.25 }]);
      expect(s.runDiagnostics(run.id)).toEqual([{ epoch: 1, layer: 0, data: { layer: 'fc1', efficacy: 0.25 } }]);
      s.saveReplicateStats(st.id, [{ group: 'g1', role: 'hps' }, { group: 'g2', role: 'baseline' }]);
      s.saveReplicateStats(st.id, [{ group: 'g3', role: 'hps' }]);
      expect(s.replicateStats(st.id)).toEqual([{ group: 'g3', role: 'hps' }]);
      s.insertPoints([{ studyId: st.id, hash: 'h', idx: 0, role: 'hps', twinHash: null, knobs: {}, status: 'done', metrics: { a: 1 }, reason: null, runId: null, elapsedMs: 1, replicate: 2, group: 'g3' }]);
      expect(s.listPoints(st.id)[0]).toMatchObject({ replicate: 2, group: 'g3' });
    } finally {
      s.close();
    }
  });
});
