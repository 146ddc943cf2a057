import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { analysePareto, checkConstraints, defaultReference, type EvaluatedPoint } from '../../../src/core/dse/analysis';
import { expandStudy } from '../../../src/core/dse/expand';
import { configHash } from '../../../src/core/dse/hash';
import { parseStudy } from '../../../src/core/dse/study';
import { summariseStudy } from '../../../src/core/dse/summary';

const objectives = [
  { metric: 'energyPerEpoch', direction: 'min' as const },
  { metric: 'accuracy', direction: 'max' as const },
];

function point(i: number, metrics: Record<string, number> | null, node = 32, reason = 'bad point'): EvaluatedPoint {
  const config = runConfigSchema.parse({ seed: i, circuit: { node } });
  const hash = configHash(config);
  return {
    index: i,
    knobValues: { seed: i },
    config,
    hash,
    role: 'hps',
    twinHash: hash,
    replicate: 0,
    group: hash,
    ok: metrics !== null,
    ...(metrics ? { metrics } : { reason }),
  };
}

describe('checkConstraints', () => {
  it('reports each violated bound with its excess; strict bounds exclude equality; a missing metric violates', () => {
    const c = [
      { metric: 'area', op: '<=' as const, value: 2 },
      { metric: 'accuracy', op: '>' as const, value: 0.8 },
      { metric: 'latencyPerEpoch', op: '<' as const, value: 1 },
    ];
    expect(checkConstraints({ area: 2, accuracy: 0.9, latencyPerEpoch: 0.5 }, c)).toEqual([]);
    const v = checkConstraints({ area: 2.5, accuracy: 0.8 }, c);
    expect(v.map((x) => [x.metric, x.amount])).toEqual([
      ['area', 0.5],
      ['accuracy', 0],
      ['latencyPerEpoch', Infinity],
    ]);
  });
});

describe('analysePareto', () => {
  const pts = [
    point(0, { energyPerEpoch: 1, accuracy: 0.80, area: 1 }), // front
    point(1, { energyPerEpoch: 2, accuracy: 0.90, area: 1 }), // front
    point(2, { energyPerEpoch: 2, accuracy: 0.85, area: 1 }), // dominated by 1
    point(3, { energyPerEpoch: 0.5, accuracy: 0.99, area: 9 }), // would dominate all, but violates area
    point(4, null), // failed design point
    point(5, { energyPerEpoch: 3 }), // missing accuracy
    point(6, { energyPerEpoch: 5, accuracy: 0.1, area: 1 }, 22), // other iso group: alone, so on its own front
  ];
  const a = analysePareto(pts, {
    objectives,
    constraints: [{ metric: 'area', op: '<=', value: 2 }],
    iso: ['circuit.node'],
  });

  it('ranks feasible points within each iso group and keeps infeasible ones off the front', () => {
    expect(a.points.map((p) => p.status)).toEqual(['front', 'front', 'dominated', 'infeasible', 'failed', 'missing-metric', 'front']);
    expect(a.points.map((p) => p.rank)).toEqual([0, 0, 1, null, null, null, 0]);
    expect(a.points[3]!.violations).toEqual([{ constraint: 0, metric: 'area', op: '<=', limit: 2, value: 9, amount: 7 }]);
    expect(a.points[4]!.note).toBe('bad point');
    expect(a.points[5]!.note).toContain('accuracy');
  });

  it('reports one group per iso set with its front (best first objective first), knob values and hypervolume', () => {
    expect(a.groups).toHaveLength(2);
    const g = a.groups[0]!;
    expect(g.iso).toEqual({ 'circuit.node': 32 });
    expect(g.points).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.front.map((f) => f.point)).toEqual([0, 1]);
    expect(g.front.map((f) => f.knobValues)).toEqual([{ seed: 0 }, { seed: 1 }]);
    // Default reference over the ranked points (0, 1, 2): energy worst 2 + 0.1*(2-1) = 2.1;
    // accuracy worst 0.80 - 0.1*(0.90-0.80) = 0.79.
    expect(g.reference![0]).toBeCloseTo(2.1, 12);
    expect(g.reference![1]).toBeCloseTo(0.79, 12);
    // Minimisation: (1,-0.80), (2,-0.90), ref (2.1,-0.79): (2.1-1)*(0.80-0.79) = 0.011 plus
    // (2.1-2)*(0.90-0.80) = 0.01; total 0.021.
    expect(g.hypervolume).toBeCloseTo(0.021, 12);
    expect(a.groups[1]!.front.map((f) => f.point)).toEqual([6]);
  });

  it('uses a given reference point', () => {
    const b = analysePareto(pts.slice(0, 3), { objectives, iso: [], reference: [3, 0.5] });
    // (3-1)*(0.80-0.5) = 0.6 plus (3-2)*(0.90-0.80) = 0.1; total 0.7.
    expect(b.groups[0]!.hypervolume).toBeCloseTo(0.7, 12);
  });

  it('defaultReference handles a zero range', () => {
    expect(defaultReference([[2, 5]], ['min', 'max'])).toEqual([2.2, 4.5]);
  });
});

describe('summariseStudy', () => {
  const study = parseStudy({
    name: 's',
    evaluation: 'cost+accuracy',
    objectives: objectives,
    knobs: [
      { path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000] },
      { path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', 'pcmo'] },
    ],
  });
  const plan = expandStudy(study);
  const metricsFor = (i: number): Record<string, number> =>
    plan[i]!.role === 'baseline'
      ? { energyPerEpoch: 10, latencyPerEpoch: 4, area: 2, accuracy: 0.8 }
      : { energyPerEpoch: 2 + i, latencyPerEpoch: 2, area: 3, accuracy: 0.85 };

  it('gives each HPS point its cost ratios and accuracy difference against its baseline twin', () => {
    const evaluated: EvaluatedPoint[] = plan.map((p, i) => ({ ...p, ok: true, metrics: metricsFor(i) }));
    const s = summariseStudy(evaluated);
    expect(s.comparisons).toHaveLength(4);
    const first = s.comparisons[0]!;
    expect(first.status).toBe('ok');
    expect(first.ratios).toEqual({ energyPerEpoch: 2 / 10, latencyPerEpoch: 0.5, area: 1.5 });
    expect(first.differences.accuracy).toBeCloseTo(0.05, 12);
    const energy = s.perMetric.find((m) => m.metric === 'energyPerEpoch')!;
    // HPS indices are 0, 2, 4, 5 -> energies 2, 4, 6, 7 over baseline 10: geometric mean of 0.2, 0.4, 0.6, 0.7.
    expect(energy.mean).toBeCloseTo(Math.pow(0.2 * 0.4 * 0.6 * 0.7, 1 / 4), 12);
    expect([energy.min, energy.max]).toEqual([0.2, 0.7]);
  });

  it('marks points whose baseline failed or is missing, without ratios', () => {
    const evaluated: EvaluatedPoint[] = plan.map((p, i) =>
      i === 1 ? { ...p, ok: false, reason: 'access transistor wider than the cell' } : { ...p, ok: true, metrics: metricsFor(i) },
    );
    const s = summariseStudy(evaluated.filter((p) => p.index !== 3));
    expect(s.comparisons.map((c) => c.status)).toEqual(['baseline-failed', 'baseline-missing', 'baseline-failed', 'baseline-missing']);
    expect(s.comparisons[0]!.ratios.energyPerEpoch).toBeNull();
    expect(s.perMetric.find((m) => m.metric === 'energyPerEpoch')!.count).toBe(0);
  });
});
