import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import {
  dominates,
  fastNonDominatedSortDeb,
  nonDominatedSort,
  paretoFront,
  type Direction,
} from '../../../src/core/dse/pareto';

/** Brute-force ranks: peel off the non-dominated set repeatedly, O(n^3). */
function bruteRanks(objs: number[][], dirs: Direction[]): number[] {
  const ranks = new Array<number>(objs.length).fill(-1);
  let left = objs.map((_, i) => i);
  for (let r = 0; left.length > 0; r++) {
    const front = left.filter((i) => !left.some((j) => j !== i && dominates(objs[j]!, objs[i]!, dirs)));
    for (const i of front) ranks[i] = r;
    left = left.filter((i) => ranks[i] === -1);
  }
  return ranks;
}

function randomSet(rng: Rng, n: number, m: number, discrete: boolean): number[][] {
  // Discrete values force many ties and duplicates, the hard cases for sort-based algorithms.
  return Array.from({ length: n }, () => Array.from({ length: m }, () => (discrete ? rng.int(6) : rng.uniform())));
}

describe('dominates', () => {
  it('respects directions and treats equal vectors as non-dominating', () => {
    expect(dominates([1, 2], [2, 2])).toBe(true);
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2], ['min', 'max'])).toBe(true);
  });
});

describe('nonDominatedSort against brute force', () => {
  const dirSets: Record<number, Direction[][]> = {
    2: [['min', 'min'], ['min', 'max'], ['max', 'max']],
    3: [['min', 'min', 'min'], ['max', 'min', 'max']],
    4: [['min', 'min', 'min', 'min'], ['min', 'max', 'min', 'max']],
  };
  for (const m of [2, 3, 4]) {
    for (const dirs of dirSets[m]!) {
      it(`${m} objectives (${dirs.join('/')}), continuous and tied values, 40 seeded sets`, () => {
        const rng = new Rng(100 + m);
        for (let t = 0; t < 40; t++) {
          const n = 1 + rng.int(120);
          const objs = randomSet(rng, n, m, t % 2 === 0);
          const expected = bruteRanks(objs, dirs);
          const got = nonDominatedSort(objs, dirs);
          expect(Array.from(got.ranks)).toEqual(expected);
          expect(Array.from(fastNonDominatedSortDeb(objs, dirs).ranks)).toEqual(expected);
          // fronts and ranks agree, and together hold every point once
          expect(got.fronts.flat().sort((a, b) => a - b)).toEqual(objs.map((_, i) => i));
          got.fronts.forEach((f, r) => f.forEach((i) => expect(got.ranks[i]).toBe(r)));
        }
      });
    }
  }

  it('handles 1 objective, empty input, and identical points', () => {
    expect(Array.from(nonDominatedSort([[3], [1], [2], [1]]).ranks)).toEqual([2, 0, 1, 0]);
    expect(nonDominatedSort([]).fronts).toEqual([]);
    expect(Array.from(nonDominatedSort([[1, 1], [1, 1], [1, 1]]).ranks)).toEqual([0, 0, 0]);
  });

  it('rejects NaN and ragged input', () => {
    expect(() => nonDominatedSort([[1, NaN]])).toThrow(/NaN/);
    expect(() => nonDominatedSort([[1, 2], [1]])).toThrow(/objectives/);
  });
});

describe('2-D sort on 100,000 points', () => {
  it('finds the same front as an independent skyline scan and the same ranks as Deb on a subset', () => {
    const rng = new Rng(2024);
    const n = 100_000;
    const objs = Array.from({ length: n }, () => {
      const e = rng.uniform();
      return [e, 1 - e + 0.3 * rng.uniform()]; // trade-off band: many points near the front
    });
    const { ranks, fronts } = nonDominatedSort(objs, ['min', 'min']);
    expect(ranks.length).toBe(n);
    // Skyline: sort by f1 then f2; a point is on the front iff its f2 is below every earlier f2.
    const order = objs.map((_, i) => i).sort((a, b) => objs[a]![0]! - objs[b]![0]! || objs[a]![1]! - objs[b]![1]!);
    const sky: number[] = [];
    let best = Infinity;
    for (const i of order) {
      if (objs[i]![1]! < best) {
        sky.push(i);
        best = objs[i]![1]!;
      }
    }
    expect([...fronts[0]!].sort((a, b) => a - b)).toEqual(sky.sort((a, b) => a - b));
    expect(paretoFront(objs)).toEqual(sky);
    // Every point of rank r > 0 is dominated by some point of rank r - 1 and by none of rank >= r (checked on a sample).
    for (let t = 0; t < 200; t++) {
      const i = rng.int(n);
      const r = ranks[i]!;
      if (r > 0) expect(fronts[r - 1]!.some((j) => dominates(objs[j]!, objs[i]!))).toBe(true);
      expect(fronts[r]!.some((j) => dominates(objs[j]!, objs[i]!))).toBe(false);
    }
    const sub = objs.slice(0, 1500);
    expect(Array.from(nonDominatedSort(sub).ranks)).toEqual(Array.from(fastNonDominatedSortDeb(sub).ranks));
  });
});
