/**
 * Per-scheme operating point: a seeded learning-rate search on a validation split carved from the
 * training set, so that every synapse scheme is compared at its own best rate rather than at one
 * rate that suits another scheme (device benchmarks tune each design the same way).
 *
 * Procedure (training.tuning in the schema; the search itself is search.ts):
 *  1. split: a seeded permutation of the training images; the first round(f n) are the validation
 *     split, the rest the search's training split. The test split is never an input here.
 *  2. every candidate rate trains the same network from the same seed (same initial weights, data
 *     order and device draws: common random numbers, so candidates differ only in the rate) and is
 *     scored by the mean of E live validation accuracies over the second half of each round.
 *  3. halving or grid over the candidates, one grid step beyond an edge when the winner sits there
 *     (search.ts); the first round is about `images` images: 2 E pieces of a whole number of batches.
 *  4. the caller runs the full training at the best rate on the whole training set.
 * Every round's scores are kept (TuningResult) so reports can show the search.
 */
import type { RunConfig } from '../config/schema';
import { CancelledError, ConfigError } from '../errors';
import { Rng } from '../rng';
import { defaultRates } from './convention';
import { createTrainer } from './engine';
import { formatPercent } from '../format/units';
import { searchRoundLine } from './search-summary';
import { searchRates, type Candidate, type TuningRound } from './search';
import type { DataSplit, Trainer, TrainerOptions } from './types';

/** Images a candidate trains in the first round when the config does not say: one epoch of the run, at most this many. */
export const DEFAULT_SEARCH_IMAGES = 10_000;
/** Validation evaluations per candidate and round when the config does not say. */
export const DEFAULT_SEARCH_EVALUATIONS = 4;
/** Rates a search may add beyond an edge of its candidates when the config does not say. */
export const DEFAULT_SEARCH_EXTENSIONS = 2;

export type { CandidateScore, TuningRound } from './search';

/**
 * A run's learning-rate search as stored with the run. Searches stored before smoothing and edge
 * extension lack `evaluations`, `step`, `extensions` and `maxExtensions` (and the scores'
 * `evaluations`): they scored a candidate by one evaluation at the end of its round and never added
 * a rate. Readers treat a missing field that way; nothing needs rewriting.
 */
export interface TuningResult {
  best: number;
  method: 'halving' | 'grid';
  convention: RunConfig['training']['lrConvention'];
  /** The configured candidates (sorted); added rates are in `extensions`. */
  rates: number[];
  validationImages: number;
  searchTrainImages: number;
  rounds: TuningRound[];
  /** Validation evaluations per candidate and round (the score is their mean); absent: one, at the end of the round. */
  evaluations?: number;
  /** Images between two evaluations of the first round. */
  step?: number;
  /** Rates added beyond an edge, in the order they were tried; absent: none (searches stored before edges were extended). */
  extensions?: number[];
  /** The most rates the search could add. */
  maxExtensions?: number;
}

/** A training split and a validation split carved from it, by a seeded permutation. */
export function splitValidation(train: DataSplit, fraction: number, seed: number): { fit: DataSplit; validation: DataSplit } {
  const nVal = Math.round(fraction * train.n);
  if (nVal < 1 || nVal >= train.n)
    throw new ConfigError(`training.tuning.validationFraction ${fraction} of ${train.n} training images leaves no validation or no training images`);
  const order = new Int32Array(train.n);
  for (let i = 0; i < train.n; i++) order[i] = i;
  new Rng(seed).shuffle(order);
  const size = train.h * train.w * train.c;
  const take = (idx: Int32Array): DataSplit => {
    const images = new Float32Array(idx.length * size);
    const labels = new Uint8Array(idx.length);
    idx.forEach((j, i) => {
      images.set(train.images.subarray(j * size, (j + 1) * size), i * size);
      labels[i] = train.labels[j]!;
    });
    return { images, labels, n: idx.length, h: train.h, w: train.w, c: train.c };
  };
  return { validation: take(order.subarray(0, nVal)), fit: take(order.subarray(nVal)) };
}

/** The config of the full run at rate `lr` (the search settings stay, so the stored config says how the rate was found). */
export function withLearningRate(cfg: RunConfig, lr: number): RunConfig {
  return { ...cfg, training: { ...cfg.training, learningRate: lr } };
}

/** Seed of the validation split: derived from the run seed, distinct from the training streams. */
const splitSeed = (seed: number): number => (seed * 2654435761 + 0x5eed) >>> 0;

/** Options of the search; no `compute`: every candidate makes and disposes its own, so a shared one would be torn down by the first candidate dropped. */
export interface TuneOptions extends Omit<TrainerOptions, 'compute'> {
  /** Called after each round (progress, logs). */
  onRound?: (round: TuningRound, index: number) => void;
  /** Called after a rate added beyond an edge has trained through every round (progress, logs). */
  onExtension?: (rate: number) => void;
  /** Polled between candidates; true stops the search with a CancelledError. */
  cancelled?: () => boolean;
}

/**
 * Images between two evaluations: the first round's `images` split into 2 E pieces, each a whole
 * number of batches (at least one), so that every evaluation falls between batches as in the run.
 */
export function searchStep(images: number, evaluations: number, batchSize: number): number {
  return batchSize * Math.max(1, Math.round(images / (2 * evaluations * batchSize)));
}

/** The search's two splits of a run's training set: `fit` to train candidates, `validation` to score them. */
export function searchSplits(cfg: RunConfig, train: DataSplit): { fit: DataSplit; validation: DataSplit } {
  const tc = cfg.training.tuning;
  if (!tc?.enabled) throw new ConfigError('training.tuning is not enabled for this run');
  return splitValidation(train, tc.validationFraction, splitSeed(cfg.seed));
}

/**
 * A candidate of the search: a trainer at rate `lr` on `data.train` whose "epoch" is one piece of
 * `step` images, scored by live accuracy on `data.test` (the validation split, never the test set).
 */
export function trainerCandidate(cfg: RunConfig, lr: number, step: number, data: { train: DataSplit; test: DataSplit }, opts: TrainerOptions): Candidate {
  const c: RunConfig = {
    ...cfg,
    training: { ...cfg.training, learningRate: lr, imagesPerEpoch: step, epochs: 1_000_000, evalEveryEpochs: 1_000_000, tuning: undefined },
  };
  // Per-piece epoch logs would bury the search's own round lines.
  const tr: Trainer = createTrainer(c, data, { ...opts, evalBeforeTransfer: false, log: () => {} });
  return {
    train(images: number): number {
      const pieces = Math.round(images / step);
      let loss = 0;
      for (let i = 0; i < pieces; i++) loss += tr.runEpoch().trainLoss / pieces;
      return loss;
    },
    validate: () => tr.liveAccuracy(),
    dispose: () => tr.dispose(),
  };
}

/**
 * Search the learning rate of `cfg` on `train` (see the header). Deterministic for a given config
 * and training set. Throws when tuning is not enabled in the config.
 */
export function tuneLearningRate(cfg: RunConfig, train: DataSplit, opts: TuneOptions): TuningResult {
  const { fit, validation } = searchSplits(cfg, train);
  const tc = cfg.training.tuning!;
  const rates = [...new Set(tc.rates ?? defaultRates(cfg.training.lrConvention))].sort((a, b) => a - b);
  const perEpoch = cfg.training.imagesPerEpoch ?? train.n;
  const evaluations = tc.evaluations ?? DEFAULT_SEARCH_EVALUATIONS;
  const maxExtensions = tc.extensions ?? DEFAULT_SEARCH_EXTENSIONS;
  const step = searchStep(tc.images ?? Math.min(DEFAULT_SEARCH_IMAGES, perEpoch), evaluations, cfg.training.batchSize);
  const log = opts.log ?? (() => {});
  const out = searchRates(
    { method: tc.method, rates, step, evaluations, maxExtensions },
    (lr) => trainerCandidate(cfg, lr, step, { train: fit, test: validation }, opts),
    {
      onRound: (round, i) => {
        log(`search ${searchRoundLine(round, i)}`);
        opts.onRound?.(round, i);
      },
      onExtension: (lr, scores) => {
        log(`search: best rate at an edge, tried lr ${lr}: ${scores.map((s) => formatPercent(s.validationAccuracy, 2)).join(', ')} by round`);
        opts.onExtension?.(lr);
      },
      checkpoint: () => {
        if (opts.cancelled?.()) throw new CancelledError();
      },
    },
  );
  return {
    best: out.best,
    method: tc.method,
    convention: cfg.training.lrConvention,
    rates: out.rates,
    validationImages: validation.n,
    searchTrainImages: fit.n,
    rounds: out.rounds,
    evaluations,
    step,
    extensions: out.extensions,
    maxExtensions,
  };
}

/**
 * The configuration a run trains with: its own when tuning is off, else the same at the searched
 * rate (`stored`: a search done before, for a resumed run). Takes the run's data as the training
 * task holds it and reads only `data.train`: the test split is never an input to the search.
 */
export function operatingPoint(
  cfg: RunConfig,
  data: { readonly train: DataSplit; readonly test: DataSplit },
  opts: TuneOptions,
  stored: TuningResult | null = null,
): { config: RunConfig; tuning: TuningResult | null } {
  if (!cfg.training.tuning?.enabled) return { config: cfg, tuning: null };
  const tuning = stored ?? tuneLearningRate(cfg, data.train, opts);
  return { config: withLearningRate(cfg, tuning.best), tuning };
}
