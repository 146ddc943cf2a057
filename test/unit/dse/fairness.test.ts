/**
 * Study-level fairness: sanity warnings, replicates (`seeds`) with their statistics, and the
 * learning-rate switch of cost+accuracy studies.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluatedPoint } from '../../../src/core/dse/analysis';
import { expandStudy } from '../../../src/core/dse/expand';
import { groupMeans, replicateGroups } from '../../../src/core/dse/replicates';
import { studyWarnings } from '../../../src/core/dse/sanity';
import { parseStudy, type StudyInput } from '../../../src/core/dse/study';
import { summariseStudy } from '../../../src/core/dse/summary';
import { metricStats, pairedDifference, t975 } from '../../../src/core/stats/replicates';

const study = (over: Partial<StudyInput>) =>
  parseStudy({
    name: 's',
    base: { workload: { network: 'mlp-784-100-10', dataset: { source: 'bundled' } }, synapse: { scheme: 'hps' }, training: { epochs: 1 } },
    objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'accuracy', direction: 'max' }],
    evaluation: 'cost+accuracy',
    ...over,
  });

const codes = (s: ReturnType<typeof parseStudy>) => studyWarnings(s, expandStudy(s)).map((w) => w.code);

describe('study sanity warnings', () => {
  it('transfer interval longer than the images a run sees (bundled: 3,000 images x 1 epoch)', () => {
    const s = study({ knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 4000, 64000] }] });
    const w = studyWarnings(s, expandStudy(s));
    expect(w.map((x) => x.code)).toEqual(['transfer-never']);
    expect(w[0]!.points).toBe(2);
    expect(w[0]!.message).toMatch(/2 HPS points of 3 never transfer.*3000 images/);
  });

  it('non-volatile accuracy requested while runs never transfer', () => {
    const s = study({
      knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 64000] }],
      objectives: [{ metric: 'accuracyMsbOnly', direction: 'max' }, { metric: 'energyPerEpoch', direction: 'min' }],
    });
    expect(codes(s)).toEqual(['transfer-never', 'nv-no-transfer']);
  });

  it('retention shorter than one batch\'s hardware time (10 us per batch given)', () => {
    const s = study({
      base: { synapse: { scheme: 'hps', transfer: { everyImages: 1000 } }, training: { epochs: 1, hardwareSecondsPerBatch: 1e-5 } },
      knobs: [{ path: 'synapse.retention.tau', type: 'numeric', values: [1e-6, 1e-3] }],
    });
    const w = studyWarnings(s, expandStudy(s));
    expect(w.map((x) => x.code)).toEqual(['retention-below-batch']);
    expect(w[0]!.points).toBe(1);
  });

  it('a knob that cannot change any objective under cost-only evaluation (retention), but not one that can', () => {
    const s = study({
      evaluation: 'cost',
      objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'latencyPerEpoch', direction: 'min' }],
      knobs: [
        { path: 'synapse.retention.tau', type: 'numeric', values: [0.001, 0.1, 10] },
        { path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000] },
      ],
    });
    const w = studyWarnings(s, expandStudy(s));
    expect(w.map((x) => [x.code, x.path])).toEqual([['inert-knob', 'synapse.retention.tau']]);
  });

  it('a clean study has no warning', () => {
    expect(codes(study({ knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [500, 1000] }] }))).toEqual([]);
    // The default interval (8,000 images) is longer than one epoch of the bundled subset.
    expect(codes(study({}))).toEqual(['transfer-never']);
  });
});

describe('replicate statistics', () => {
  it('mean, sample standard deviation and the 95 % t interval, by hand', () => {
    // t(0.975, 2) = 4.302653 (Student's t table); half-width 4.302653 * 0.02 / sqrt(3) = 0.049683.
    expect(t975(2)).toBeCloseTo(4.302653, 5);
    expect(t975(4)).toBeCloseTo(2.776445, 5);
    const s = metricStats([0.7, 0.72, 0.74])!;
    expect(s.mean).toBeCloseTo(0.72, 12);
    expect(s.std).toBeCloseTo(0.02, 12);
    expect(s.ci95![0]).toBeCloseTo(0.72 - 0.049683, 6);
    expect(s.ci95![1]).toBeCloseTo(0.72 + 0.049683, 6);
    expect(metricStats([0.5])).toEqual({ n: 1, mean: 0.5, std: null, ci95: null, values: [0.5] });
    expect(metricStats([Number.NaN])).toBeNull();
    // Paired: differences [0.1, 0.2, 0.3] -> mean 0.2, s = 0.1.
    const d = pairedDifference([0.8, 0.9, 1.0], [0.7, 0.7, 0.7])!;
    expect(d.mean).toBeCloseTo(0.2, 12);
    expect(d.std).toBeCloseTo(0.1, 12);
  });

  it('seeds: N expands every point and its twin into N replicates paired by seed', () => {
    const s = study({ seeds: 3, base: { seed: 10, synapse: { scheme: 'hps' }, training: { epochs: 1 } }, knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 2000] }] });
    const pts = expandStudy(s);
    const hps = pts.filter((p) => p.role === 'hps');
    expect(hps.map((p) => [p.config.seed, p.replicate])).toEqual([[10, 0], [11, 1], [12, 2], [10, 0], [11, 1], [12, 2]]);
    expect(pts.filter((p) => p.role === 'baseline')).toHaveLength(3); // the twins of both intervals coincide
    for (const p of hps) {
      const twin = pts.find((q) => q.hash === p.twinHash)!;
      expect(twin.config.seed).toBe(p.config.seed);
      expect(p.config.seeds).toBeUndefined();
    }
    expect(new Set(hps.map((p) => p.group)).size).toBe(2);
  });

  it('groups carry per-metric statistics and the HPS - baseline difference paired by seed; fronts use the means', () => {
    const s = study({ seeds: 3, knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000] }] });
    const acc: Record<string, number> = {};
    const pts: EvaluatedPoint[] = expandStudy(s).map((p) => {
      const a = (p.role === 'hps' ? 0.7 : 0.6) + 0.01 * p.replicate * (p.role === 'hps' ? 2 : 1);
      acc[p.hash] = a;
      return { ...p, ok: true, metrics: { accuracy: a, energyPerEpoch: 1 + p.replicate } };
    });
    const groups = replicateGroups(pts);
    const h = groups.find((g) => g.role === 'hps')!;
    expect(h.metrics.accuracy!.values).toEqual([0.7, 0.72, 0.74]);
    // Differences by seed: 0.10, 0.11, 0.12 -> mean 0.11, s = 0.01.
    expect(h.differences.accuracy!.mean).toBeCloseTo(0.11, 12);
    expect(h.differences.accuracy!.std).toBeCloseTo(0.01, 12);
    const means = groupMeans(pts);
    expect(means).toHaveLength(2);
    expect(means.find((p) => p.role === 'hps')!.metrics!.accuracy).toBeCloseTo(0.72, 12);
    const sum = summariseStudy(means);
    expect(sum.comparisons[0]!.differences.accuracy).toBeCloseTo(0.11, 12);
  });

  it('cost+accuracy studies tune every run by default; learningRate: fixed switches it off', () => {
    const tuned = expandStudy(study({}));
    expect(tuned.every((p) => p.config.training.tuning?.enabled === true)).toBe(true);
    const fixed = expandStudy(study({ learningRate: 'fixed' }));
    expect(fixed.every((p) => p.config.training.tuning === undefined)).toBe(true);
    const cost = expandStudy(study({ evaluation: 'cost', objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'area', direction: 'min' }] }));
    expect(cost.every((p) => p.config.training.tuning === undefined)).toBe(true);
  });
});
