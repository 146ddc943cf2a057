/**
 * A stored search in words (core/training/search-summary.ts), for a search with smoothing and an
 * added rate and for one stored before either (one evaluation at the end of each round, no field
 * for the evaluations or the added rates).
 */
import { describe, expect, it } from 'vitest';
import { searchRoundLines, searchScoring, type StoredSearch } from '../../../src/core/training/search-summary';

const before: StoredSearch = {
  best: 3,
  method: 'halving',
  validationImages: 6000,
  rounds: [
    { images: 10000, scores: [{ learningRate: 1, validationAccuracy: 0.5 }, { learningRate: 3, validationAccuracy: 0.6 }] },
  ],
};
const now: StoredSearch = {
  ...before,
  best: 90,
  evaluations: 4,
  extensions: [90],
  rounds: [
    { images: 10400, scores: [{ learningRate: 10, validationAccuracy: 0.7 }, { learningRate: 30, validationAccuracy: 0.71 }, { learningRate: 90, validationAccuracy: 0.725, extension: true }] },
  ],
};

describe('stored learning-rate search in words', () => {
  it('a search stored before smoothing: one evaluation at the end of each round, nothing added', () => {
    expect(searchScoring(before)).toBe('score: one validation evaluation at the end of each round');
    expect(searchRoundLines(before)).toEqual(['round 1 (10000 images each): lr 1 50.00 %, lr 3 60.00 %']);
  });
  it('a smoothed search with a rate added beyond the top: the mean of E evaluations, the added rate marked', () => {
    expect(searchScoring(now)).toBe('score: mean of 4 validation evaluations over the second half of each round; added beyond an edge of the candidates: 90');
    expect(searchRoundLines(now, (v) => `${Math.round(1000 * v) / 10}%`)).toEqual(['round 1 (10400 images each): lr 10 70%, lr 30 71%, lr 90 (added) 72.5%']);
    expect(searchScoring({ ...now, evaluations: 1, extensions: [] })).toBe('score: mean of 1 validation evaluation over the second half of each round');
  });
});
