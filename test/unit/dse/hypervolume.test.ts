import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { hypervolume, hypervolumeInclusionExclusion, normalisedHypervolume } from '../../../src/core/dse/hypervolume';

describe('hypervolume: hand-computed cases', () => {
  it('1-D: ref - best', () => {
    // points 3, 1, 2 against ref 5: dominated segment [1, 5] has length 4.
    expect(hypervolume([[3], [1], [2]], [5])).toBe(4);
  });

  it('2-D staircase', () => {
    // (1,3), (2,2), (3,1) against (4,4): slabs x in [1,4] y in [3,4] = 3*1 = 3;
    // x in [2,4] y in [2,3] = 2*1 = 2; x in [3,4] y in [1,2] = 1*1 = 1; total 3 + 2 + 1 = 6.
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
    // A dominated point (3,3) and a point outside the reference (5,0) add nothing.
    expect(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], [4, 4])).toBe(6);
    // A point on the reference boundary (1,4) adds nothing either.
    expect(hypervolume([[1, 4]], [4, 4])).toBe(0);
  });

  it('2-D with a max objective (accuracy up, energy down)', () => {
    // (energy, accuracy): (1, 0.9), (2, 0.95) against ref (3, 0.5), directions min/max.
    // In minimisation: (1,-0.9), (2,-0.95), ref (3,-0.5).
    // (3-1)*(-0.5+0.9) = 2*0.4 = 0.8; plus (3-2)*(-0.9+0.95) = 1*0.05 = 0.05; total 0.85.
    expect(hypervolume([[1, 0.9], [2, 0.95]], [3, 0.5], ['min', 'max'])).toBeCloseTo(0.85, 12);
  });

  it('3-D: two overlapping boxes', () => {
    // (0,0,1) and (1,1,0) against (2,2,2): boxes 2*2*1 = 4 and 1*1*2 = 2, overlap from (1,1,1)
    // to (2,2,2) = 1; union 4 + 2 - 1 = 5.
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2])).toBe(5);
  });

  it('3-D: three points on the unit simplex corners', () => {
    // (1,0,0), (0,1,0), (0,0,1) against (2,2,2): each box 1*2*2 = 4; each pairwise overlap has
    // corner (1,1,0)-like: 1*1*2 = 2 (three pairs); triple overlap corner (1,1,1): 1;
    // union 3*4 - 3*2 + 1 = 7.
    expect(hypervolume([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [2, 2, 2])).toBe(7);
  });

  it('4-D: two points', () => {
    // (0,0,0,1) and (1,1,1,0) against (2,2,2,2): 2*2*2*1 = 8 plus 1*1*1*2 = 2 minus overlap
    // from (1,1,1,1): 1; total 9.
    expect(hypervolume([[0, 0, 0, 1], [1, 1, 1, 0]], [2, 2, 2, 2])).toBe(9);
  });
});

describe('hypervolume: exact N-D slicing equals inclusion-exclusion', () => {
  for (const d of [2, 3, 4]) {
    it(`${d} objectives, 60 seeded random sets of up to 12 points`, () => {
      const rng = new Rng(900 + d);
      for (let t = 0; t < 60; t++) {
        const n = 1 + rng.int(12);
        const pts = Array.from({ length: n }, () => Array.from({ length: d }, () => (t % 3 === 0 ? rng.int(4) : rng.uniform())));
        const ref = new Array<number>(d).fill(t % 3 === 0 ? 4 : 1.1);
        const exact = hypervolumeInclusionExclusion(pts, ref);
        expect(hypervolume(pts, ref)).toBeCloseTo(exact, 10);
      }
    });
  }

  it('is invariant to point order and unchanged by adding dominated points', () => {
    const rng = new Rng(3);
    const pts = Array.from({ length: 200 }, () => [rng.uniform(), rng.uniform(), rng.uniform()]);
    const ref = [1, 1, 1];
    const hv = hypervolume(pts, ref);
    expect(hypervolume([...pts].reverse(), ref)).toBeCloseTo(hv, 12);
    expect(hypervolume([...pts, ...pts.map((p) => p.map((x) => (x + 1) / 2))], ref)).toBeCloseTo(hv, 12);
  });

  it('rejects mismatched dimensions', () => {
    expect(() => hypervolume([[1, 2]], [3, 3, 3])).toThrow(/reference has 3/);
  });
});

describe('normalised hypervolume (share of the ideal-to-reference box)', () => {
  it('staircase (1,3), (2,2), (3,1) against (4,4), both min: HV 6 of the 3 x 3 box = 2/3', () => {
    // HV by hand: slabs x in [1,2) height 4-3 = 1, [2,3) height 2, [3,4) height 3 -> 6. Ideal (1,1).
    const pts = [[1, 3], [2, 2], [3, 1]];
    const hv = hypervolume(pts, [4, 4], ['min', 'min']);
    expect(hv).toBeCloseTo(6, 12);
    const n = normalisedHypervolume(hv, pts, [4, 4], ['min', 'min'])!;
    expect(n.ideal).toEqual([1, 1]);
    expect(n.value).toBeCloseTo(2 / 3, 12);
  });
  it('a max objective: points (1, 0.9), (2, 0.95) min/max against (3, 0.5): HV 0.8 + 0.05 = 0.85 of 2 x 0.45', () => {
    const pts = [[1, 0.9], [2, 0.95]];
    const hv = hypervolume(pts, [3, 0.5], ['min', 'max']);
    expect(hv).toBeCloseTo(2 * 0.4 + 1 * 0.05, 12);
    expect(normalisedHypervolume(hv, pts, [3, 0.5], ['min', 'max'])!.value).toBeCloseTo(0.85 / 0.9, 12);
  });
  it('one point at the ideal corner is 1; no points or an empty box is null', () => {
    expect(normalisedHypervolume(4, [[1, 1]], [3, 3], ['min', 'min'])!.value).toBe(1);
    expect(normalisedHypervolume(0, [], [3, 3], ['min', 'min'])).toBeNull();
    expect(normalisedHypervolume(0, [[3, 1]], [3, 3], ['min', 'min'])).toBeNull();
  });
});
