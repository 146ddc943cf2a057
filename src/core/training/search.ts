/**
 * The learning-rate search as an algorithm over candidates, apart from training: a candidate is
 * anything that can train a number of images at its rate and report a validation accuracy (a
 * network in tuning.ts; a synthetic scorer in the tests; a recorded learning curve in
 * scripts/search-curves.ts). Every decision of the search is here, so all three see the same one.
 *
 * Rounds. Round r trains every live candidate L_r = 2 E s 2^r images more (s = `step` images, a
 * whole number of batches; E = `evaluations`): the first half in one go, then E pieces of 2^r s
 * images with a validation evaluation after each. A candidate's score is the mean of those E
 * accuracies: the accuracy the candidate has, on average, over the second half of its round.
 * Why a mean: a rate that makes the weights oscillate (a device whose whole columns swing at every
 * update) has a validation accuracy that jumps by tens of points from one evaluation to the next; a
 * single evaluation at the end of the round would pick whichever rate was lucky at that moment,
 * while the final run's accuracy is one more draw from the same swings. The mean over the second
 * half estimates what the final run can expect; the first half is left out because it still carries
 * the round's start (a slow starter that is climbing would be judged on its past).
 *
 * Elimination (`halving`): the better half (rounded up) of a round continues into the next, which
 * is twice as long, until a round has two candidates or fewer; the best of that last round wins
 * (six candidates: rounds of 6, 3 and 2). `grid`: one round, its best wins. Ranking: score, then
 * the round's mean training loss, then the smaller rate.
 *
 * Edges. When the winner is the largest (smallest) rate tried, the optimum may lie beyond the
 * candidates: one rate a grid step further (the winner times the ratio to its neighbour, e.g. 30 ->
 * 90 after 10, 30) is trained from the start through every round the search had, with the same
 * evaluations, and joins the last round's ranking. This repeats while the winner sits at an edge,
 * at most `maxExtensions` times. The added rates are recorded (`extensions`) and their scores stand in
 * every round with `extension: true`.
 *
 * Deterministic: candidates are visited in increasing rate order and nothing here draws random
 * numbers.
 */

/** One learning rate under trial. */
export interface Candidate {
  /** Train `images` more images at the candidate's rate; returns the mean training loss over them. */
  train(images: number): number;
  /** Live accuracy on the validation split now. */
  validate(): number;
  dispose(): void;
}

export interface CandidateScore {
  learningRate: number;
  /**
   * The candidate's score: the mean of `evaluations` (validation accuracies over the second half of
   * the round). Searches stored before smoothing have a single evaluation at the end of the round here.
   */
  validationAccuracy: number;
  /** Mean training loss over this round's images. */
  trainLoss: number;
  /** The validation accuracies the score is the mean of, in training order (absent in searches stored before smoothing). */
  evaluations?: number[];
  /** A rate added beyond an edge of the candidates (see the header). */
  extension?: boolean;
}

export interface TuningRound {
  /** Images each candidate of this round trained in it (cumulative images = sum over rounds so far). */
  images: number;
  scores: CandidateScore[];
}

export interface SearchPlan {
  readonly method: 'halving' | 'grid';
  /** Candidate rates (any order, duplicates ignored). */
  readonly rates: readonly number[];
  /** Images between two evaluations of the first round; a round's pieces are multiples of it. */
  readonly step: number;
  /** Validation evaluations per candidate and round, spread over the round's second half. */
  readonly evaluations: number;
  /** Rates that may be added beyond an edge, at most. */
  readonly maxExtensions: number;
}

export interface SearchOutcome {
  best: number;
  rates: number[];
  rounds: TuningRound[];
  /** Rates added beyond an edge, in the order they were tried. */
  extensions: number[];
}

/** Rank candidates best first: score, then training loss, then the smaller rate. */
export function rankScores(scores: readonly CandidateScore[]): CandidateScore[] {
  return [...scores].sort(
    (a, b) => b.validationAccuracy - a.validationAccuracy || a.trainLoss - b.trainLoss || a.learningRate - b.learningRate,
  );
}

/** Images of round `r`: 2 E s 2^r. */
export function roundImages(plan: Pick<SearchPlan, 'step' | 'evaluations'>, r: number): number {
  return 2 * plan.evaluations * plan.step * 2 ** r;
}

/** Train one candidate through round `r` and score it (see the header). */
export function scoreRound(c: Candidate, lr: number, plan: Pick<SearchPlan, 'step' | 'evaluations'>, r: number): CandidateScore {
  const piece = plan.step * 2 ** r;
  const half = plan.evaluations * piece;
  let lossSum = c.train(half) * half;
  const evaluations: number[] = [];
  for (let j = 0; j < plan.evaluations; j++) {
    lossSum += c.train(piece) * piece;
    evaluations.push(c.validate());
  }
  const validationAccuracy = evaluations.reduce((a, v) => a + v, 0) / evaluations.length;
  return { learningRate: lr, validationAccuracy, trainLoss: lossSum / (2 * half), evaluations };
}

/** The rate one grid step beyond the winner, or null when it is not at an edge of `tried`. */
export function edgeExtension(best: number, tried: readonly number[]): number | null {
  const sorted = [...tried].sort((a, b) => a - b);
  if (sorted.length < 2) return null;
  const [lo, hi] = [sorted[0]!, sorted[sorted.length - 1]!];
  // Three significant digits keep the added rates readable (0.1 / 3 -> 0.0333).
  const nice = (v: number): number => Number(v.toPrecision(3));
  if (best === hi) return nice(hi * (hi / sorted[sorted.length - 2]!));
  if (best === lo) return nice(lo * (lo / sorted[1]!));
  return null;
}

export interface SearchHooks {
  /** Called after each round of the elimination (progress, logs); extensions report through onExtension. */
  onRound?: (round: TuningRound, index: number) => void;
  onExtension?: (rate: number, scores: CandidateScore[]) => void;
  /** Polled before each candidate's round; throw to stop. */
  checkpoint?: () => void;
}

/** Run the search of `plan` over candidates made by `make` (see the header). */
export function searchRates(plan: SearchPlan, make: (lr: number) => Candidate, hooks: SearchHooks = {}): SearchOutcome {
  const rates = [...new Set(plan.rates)].sort((a, b) => a - b);
  const live = new Map<number, Candidate>();
  const rounds: TuningRound[] = [];
  const extensions: number[] = [];
  const open = (lr: number): Candidate => {
    let c = live.get(lr);
    if (!c) {
      c = make(lr);
      live.set(lr, c);
    }
    return c;
  };
  const drop = (lr: number): void => {
    live.get(lr)?.dispose();
    live.delete(lr);
  };
  try {
    let alive = rates;
    for (let r = 0; ; r++) {
      const scores = alive.map((lr) => {
        hooks.checkpoint?.();
        return scoreRound(open(lr), lr, plan, r);
      });
      const round: TuningRound = { images: roundImages(plan, r), scores };
      rounds.push(round);
      hooks.onRound?.(round, r);
      const keep = Math.ceil(alive.length / 2);
      if (plan.method === 'grid' || alive.length === 1 || keep <= 1) break;
      const next = rankScores(scores)
        .slice(0, keep)
        .map((s) => s.learningRate)
        .sort((a, b) => a - b);
      for (const lr of alive) if (!next.includes(lr)) drop(lr);
      alive = next;
    }
    const last = rounds[rounds.length - 1]!;
    for (const lr of [...live.keys()]) drop(lr);
    let best = rankScores(last.scores)[0]!.learningRate;
    for (let added = 0; added < plan.maxExtensions; added++) {
      const lr = edgeExtension(best, [...rates, ...extensions]);
      if (lr === null || !(lr > 0) || !Number.isFinite(lr)) break;
      const scores = rounds.map((rd, r) => {
        hooks.checkpoint?.();
        const s: CandidateScore = { ...scoreRound(open(lr), lr, plan, r), extension: true };
        rd.scores.push(s);
        return s;
      });
      drop(lr);
      extensions.push(lr);
      hooks.onExtension?.(lr, scores);
      best = rankScores(last.scores)[0]!.learningRate;
    }
    return { best, rates, rounds, extensions };
  } finally {
    for (const lr of [...live.keys()]) drop(lr);
  }
}
