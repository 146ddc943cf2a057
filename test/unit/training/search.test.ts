/**
 * The learning-rate search (core/training/search.ts) on synthetic candidates whose validation
 * accuracy is a known function of the rate and the images trained, so the right answer is known:
 * an oscillating rate, a slow starter, an optimum beyond an edge of the candidates.
 */
import { describe, expect, it } from 'vitest';
import { edgeExtension, roundImages, searchRates, type Candidate, type SearchPlan } from '../../../src/core/training/search';

/** A candidate whose accuracy after `seen` images (and `evals` evaluations so far) is `acc(seen, evals)`. */
function synthetic(acc: (seen: number, evals: number) => number, log?: string[], lr?: number): Candidate {
  let seen = 0;
  let evals = 0;
  return {
    train(images: number): number {
      seen += images;
      return 1;
    },
    validate(): number {
      log?.push(`${lr}@${seen}`);
      return acc(seen, evals++);
    },
    dispose: () => {},
  };
}

const plan = (over: Partial<SearchPlan> = {}): SearchPlan => ({ method: 'halving', rates: [0.1, 0.3, 1, 3, 10, 30], step: 1000, evaluations: 4, maxExtensions: 0, ...over });

describe('learning-rate search: rounds and evaluations', () => {
  it('round r is 2 E s 2^r images; evaluations fall every 2^r s images over its second half', () => {
    expect([0, 1, 2].map((r) => roundImages({ step: 1000, evaluations: 4 }, r))).toEqual([8000, 16000, 32000]);
    const log: string[] = [];
    // Accuracy grows with the rate up to 10: halving keeps 3, 10, 30 then 10, 30.
    const o = searchRates(plan(), (lr) => synthetic(() => (lr <= 10 ? lr / 100 : 0.05), log, lr));
    expect(o.rounds.map((r) => [r.images, r.scores.map((s) => s.learningRate)])).toEqual([
      [8000, [0.1, 0.3, 1, 3, 10, 30]],
      [16000, [3, 10, 30]],
      [32000, [10, 30]],
    ]);
    // lr 10: round 0 (8k) at 5k, 6k, 7k, 8k; round 1 (16k: 8k in one go, then pieces of 2k) at 18k .. 24k;
    // round 2 (32k: 16k, then pieces of 4k) at 44k .. 56k.
    expect(log.filter((l) => l.startsWith('10@')).map((l) => Number(l.slice(3)) / 1000)).toEqual([5, 6, 7, 8, 18, 20, 22, 24, 44, 48, 52, 56]);
    expect(o.best).toBe(10);
    expect(o.extensions).toEqual([]);
  });

  it('deterministic: the same candidates give the same search', () => {
    const make = (lr: number) => synthetic((seen) => Math.sin(lr * seen) * 0.1 + 0.5);
    expect(searchRates(plan(), make)).toEqual(searchRates(plan(), make));
  });
});

describe('learning-rate search: an oscillating rate is not rewarded', () => {
  // lr 3 swings between 30 % and 55 %, and is on a high exactly when the rounds end (8k, 24k and 56k
  // images: a lucky phase); lr 1 holds 45 %; the others sit lower. The final run's accuracy is one
  // more draw from the swing, so lr 1 is the right answer.
  const ends = new Set([8000, 24000, 56000]);
  const acc = (lr: number) => (seen: number) => (lr === 3 ? (ends.has(seen) ? 0.55 : 0.3) : lr === 1 ? 0.45 : 0.2);
  it('one evaluation at the end of each round picks the lucky oscillating rate', () => {
    expect(searchRates(plan({ evaluations: 1, step: 4000 }), (lr) => synthetic(acc(lr))).best).toBe(3);
  });
  it('the mean over the second half of each round picks the steady rate', () => {
    const o = searchRates(plan(), (lr) => synthetic(acc(lr)));
    expect(o.best).toBe(1);
    const last = o.rounds[o.rounds.length - 1]!.scores.find((s) => s.learningRate === 3)!;
    expect(last.evaluations).toEqual([0.3, 0.3, 0.3, 0.55]);
    expect(last.validationAccuracy).toBeCloseTo(0.3625, 12);
  });
});

describe('learning-rate search: an optimum beyond an edge', () => {
  // Accuracy peaks at lr 100 (a bell in log lr): 30 is the best candidate, 90 better, 270 worse.
  const bell = (peak: number) => (lr: number) => synthetic(() => 0.8 - 0.1 * Math.log(lr / peak) ** 2);
  it('adds one grid step beyond the top while the winner sits there, at most maxExtensions times, and records them', () => {
    const o = searchRates(plan({ maxExtensions: 2 }), bell(100));
    expect(o.extensions).toEqual([90, 270]);
    expect(o.best).toBe(90);
    // The added rates train through every round the search had and stand in every round.
    for (const r of o.rounds) expect(r.scores.filter((s) => s.extension).map((s) => s.learningRate)).toEqual([90, 270]);
    const once = searchRates(plan({ maxExtensions: 1 }), bell(100));
    expect([once.extensions, once.best]).toEqual([[90], 90]);
    const never = searchRates(plan({ maxExtensions: 0 }), bell(100));
    expect([never.extensions, never.best]).toEqual([[], 30]);
  });
  it('extends downwards too (0.1 / 3 -> 0.0333, then 0.0111), and stops when the winner is inside', () => {
    const o = searchRates(plan({ maxExtensions: 4 }), bell(0.02));
    expect(o.extensions).toEqual([0.0333, 0.0111]);
    // |ln(0.0333 / 0.02)| = 0.51 < |ln(0.0111 / 0.02)| = 0.59: the first added rate wins, inside the range now.
    expect(o.best).toBe(0.0333);
    expect(searchRates(plan({ maxExtensions: 4 }), bell(5)).extensions).toEqual([]);
  });
  it('grid method: the added rate trains the one round', () => {
    const o = searchRates(plan({ method: 'grid', maxExtensions: 1 }), bell(100));
    expect(o.rounds).toHaveLength(1);
    expect(o.rounds[0]!.scores.map((s) => s.learningRate)).toEqual([0.1, 0.3, 1, 3, 10, 30, 90]);
    expect(o.best).toBe(90);
  });
  it('the step is the ratio of the two outermost rates tried, to three significant digits', () => {
    expect(edgeExtension(30, [0.1, 0.3, 1, 3, 10, 30])).toBe(90);
    expect(edgeExtension(0.1, [0.1, 0.3, 1])).toBe(0.0333);
    expect(edgeExtension(1, [0.1, 0.3, 1, 3])).toBeNull();
    expect(edgeExtension(3, [3])).toBeNull();
  });
});
