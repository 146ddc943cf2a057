import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { gridSample, knobAxisValues, lhsSample, lhsUnit, randomSample, sampleStudy } from '../../../src/core/dse/samplers';
import type { Knob } from '../../../src/core/dse/study';

const lin: Knob = { path: 'training.learningRate', type: 'numeric', min: 0.01, max: 0.5, scale: 'linear' };
const log: Knob = { path: 'synapse.retention.tau', type: 'numeric', min: 1e-6, max: 1e2, scale: 'log' };
const int: Knob = { path: 'circuit.adcBits', type: 'integer', min: 3, max: 8, scale: 'linear' };
const intLog: Knob = { path: 'synapse.transfer.everyImages', type: 'integer', min: 100, max: 64000, scale: 'log' };
const cat: Knob = { path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', 'pcmo', 'epiram'], scale: 'linear' };

describe('grid', () => {
  it('spaces log axes geometrically and hits both ends exactly', () => {
    expect(knobAxisValues({ ...log, steps: 9 })).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100]);
    expect(knobAxisValues({ ...lin, min: 0, max: 1, steps: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('rounds integer axes and drops duplicates', () => {
    expect(knobAxisValues({ ...int, steps: 11 })).toEqual([3, 4, 5, 6, 7, 8]);
    const t = knobAxisValues({ ...intLog, steps: 10 })!;
    expect(t[0]).toBe(100);
    expect(t.at(-1)).toBe(64000);
    expect(t.every((v) => Number.isInteger(v))).toBe(true);
  });

  it('covers every combination exactly once (cartesian product, first knob slowest)', () => {
    const knobs = [{ ...int, steps: 6 }, cat, { ...log, steps: 3 }];
    const pts = gridSample(knobs);
    expect(pts).toHaveLength(6 * 3 * 3);
    const keys = new Set(pts.map((p) => JSON.stringify(p)));
    expect(keys.size).toBe(54);
    for (const a of [3, 4, 5, 6, 7, 8])
      for (const b of cat.values!)
        for (const c of [1e-6, 0.01, 100])
          expect(keys.has(JSON.stringify({ 'circuit.adcBits': a, 'synapse.device.preset': b, 'synapse.retention.tau': c }))).toBe(true);
    expect(pts[0]).toEqual({ 'circuit.adcBits': 3, 'synapse.device.preset': 'ag-a-si', 'synapse.retention.tau': 1e-6 });
    expect(pts[1]).toEqual({ 'circuit.adcBits': 3, 'synapse.device.preset': 'ag-a-si', 'synapse.retention.tau': 0.01 });
  });

  it('refuses a continuous range without steps', () => {
    expect(() => gridSample([lin])).toThrow(/without steps/);
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one sample in each of the n strata of every dimension (unit cube)', () => {
    for (const [n, d, seed] of [[1, 3, 1], [7, 2, 2], [50, 5, 3], [257, 4, 4]] as const) {
      const rows = lhsUnit(n, d, new Rng(seed));
      expect(rows).toHaveLength(n);
      for (let j = 0; j < d; j++) {
        const strata = rows.map((r) => Math.floor(r[j]! * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        for (const r of rows) {
          expect(r[j]!).toBeGreaterThanOrEqual(0);
          expect(r[j]!).toBeLessThan(1);
        }
      }
    }
  });

  it('stratifies linear axes linearly and log axes in log space', () => {
    const n = 40;
    const pts = lhsSample([lin, log], n, new Rng(11));
    const linStrata = pts.map((p) => Math.floor((((p[lin.path] as number) - 0.01) / (0.5 - 0.01)) * n)).sort((a, b) => a - b);
    const logStrata = pts
      .map((p) => Math.floor(((Math.log(p[log.path] as number) - Math.log(1e-6)) / (Math.log(1e2) - Math.log(1e-6))) * n))
      .sort((a, b) => a - b);
    const all = Array.from({ length: n }, (_, i) => i);
    expect(linStrata).toEqual(all);
    expect(logStrata).toEqual(all);
  });

  it('spreads categorical knobs evenly (each value n/k times when k divides n)', () => {
    const pts = lhsSample([cat], 30, new Rng(5));
    for (const v of cat.values!) expect(pts.filter((p) => p[cat.path] === v)).toHaveLength(10);
  });
});

describe('random and LHS: bounds, types, seeds', () => {
  const knobs = [lin, log, int, intLog, cat];
  for (const kind of ['random', 'lhs'] as const) {
    const draw = (seed: number, n = 500) => (kind === 'random' ? randomSample(knobs, n, new Rng(seed)) : lhsSample(knobs, n, new Rng(seed)));

    it(`${kind}: respects bounds, rounds integers, picks only listed categories`, () => {
      for (const p of draw(3)) {
        for (const k of [lin, log, int, intLog]) {
          const v = p[k.path] as number;
          expect(v).toBeGreaterThanOrEqual(k.min!);
          expect(v).toBeLessThanOrEqual(k.max!);
        }
        expect(Number.isInteger(p[int.path])).toBe(true);
        expect(Number.isInteger(p[intLog.path])).toBe(true);
        expect(cat.values).toContain(p[cat.path]);
      }
    });

    it(`${kind}: same seed gives the same points, another seed other points`, () => {
      expect(draw(42, 50)).toEqual(draw(42, 50));
      expect(draw(43, 50)).not.toEqual(draw(42, 50));
    });

    it(`${kind}: log axes are uniform in log space (about half the draws below the geometric mean)`, () => {
      const pts = draw(9, 2000);
      const below = pts.filter((p) => (p[log.path] as number) < 1e-2).length / pts.length;
      expect(below).toBeGreaterThan(0.45);
      expect(below).toBeLessThan(0.55);
    });

    it(`${kind}: integer knobs reach both ends`, () => {
      const vals = new Set(draw(13, 400).map((p) => p[int.path]));
      expect([...vals].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    });
  }
});

describe('sampleStudy', () => {
  it('returns a single empty sample when there are no knobs', () => {
    expect(sampleStudy({ knobs: [], sampler: { kind: 'lhs', samples: 5, seed: 1 } })).toEqual([{}]);
  });
  it('uses the sampler seed', () => {
    const a = sampleStudy({ knobs: [lin], sampler: { kind: 'random', samples: 5, seed: 1 } });
    const b = sampleStudy({ knobs: [lin], sampler: { kind: 'random', samples: 5, seed: 2 } });
    expect(a).toHaveLength(5);
    expect(a).not.toEqual(b);
  });
});
