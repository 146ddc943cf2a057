/**
 * A stored learning-rate search in words, the same for the run view, `hps runs show` and the PDF.
 * Reads searches stored before smoothing and edge extension too: without `evaluations` a candidate
 * was scored by one evaluation at the end of its round, and no rate was added.
 */

/** The fields of a stored search (core/training/tuning.ts TuningResult, shared/contract.ts TuningView) that are described. */
export interface StoredSearch {
  best: number;
  method: 'halving' | 'grid';
  validationImages: number;
  rounds: { images: number; scores: { learningRate: number; validationAccuracy: number; extension?: boolean }[] }[];
  evaluations?: number;
  extensions?: number[];
}

import { formatPercent } from '../format/units';

const percent = (v: number): string => formatPercent(v, 2);

/** How a candidate was scored and which rates were added, e.g. "score: mean of 4 validation evaluations over the second half of each round; added beyond an edge: 90". */
export function searchScoring(t: StoredSearch): string {
  const e = t.evaluations;
  const scoring = e === undefined ? 'score: one validation evaluation at the end of each round' : `score: mean of ${e} validation evaluation${e === 1 ? '' : 's'} over the second half of each round`;
  const added = t.extensions?.length ? `; added beyond an edge of the candidates: ${t.extensions.join(', ')}` : '';
  return scoring + added;
}

/** Round i of a search: "round 2 (20800 images each): lr 3 67.00 %, lr 10 70.72 %, lr 90 (added) 68.10 %". */
export function searchRoundLine(rd: StoredSearch['rounds'][number], i: number, pct: (v: number) => string = percent): string {
  return `round ${i + 1} (${rd.images} images each): ${rd.scores.map((s) => `lr ${s.learningRate}${s.extension ? ' (added)' : ''} ${pct(s.validationAccuracy)}`).join(', ')}`;
}

/** One line per round (searchRoundLine). */
export function searchRoundLines(t: StoredSearch, pct: (v: number) => string = percent): string[] {
  return t.rounds.map((rd, i) => searchRoundLine(rd, i, pct));
}
