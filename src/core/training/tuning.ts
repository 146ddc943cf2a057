/**
 * Per-scheme operating point: a seeded learning-rate search on a validation split carved from the
 * training set, so that every synapse scheme is compared at its own best rate rather than at one
 * rate that suits another scheme (device benchmarks tune each design the same way).
 *
 * Procedure (training.tuning in the schema):
 *  1. split: a seeded permutation of the training images; the first round(f n) are the validation
 *     split, the rest the search's training split. The test split is never an input here.
 *  2. every candidate rate trains the same network from the same seed (same initial weights, data
 *     order and device draws: common random numbers, so candidates differ only in the rate) for
 *     `images` images, then is scored by live accuracy on the validation split.
 *  3. halving: the better half (rounded up) continues, each round training twice as many images as
 *     the round before, until a round has two candidates or fewer, whose best wins (six candidates:
 *     6 x B, then 3 x 2B, then 2 x 4B images, B = `images`); grid: one round of B images each. Ties go to the lower
 *     validation loss proxy (the round's training loss), then to the smaller rate.
 *  4. the caller runs the full training at the best rate on the whole training set.
 * Every round's scores are kept (TuningResult) so reports can show the search.
 */
import type { RunConfig } from '../config/schema';
import { CancelledError, ConfigError } from '../errors';
import { Rng } from '../rng';
import { defaultRates } from './convention';
import { createTrainer } from './engine';
import type { DataSplit, Trainer, TrainerOptions } from './types';

/** Images a candidate trains in the first round when the config does not say: one epoch of the run, at most this many. */
export const DEFAULT_SEARCH_IMAGES = 10_000;

export interface CandidateScore {
  learningRate: number;
  /** Live accuracy on the validation split after this round. */
  validationAccuracy: number;
  /** Mean training loss over this round's batches. */
  trainLoss: number;
}

export interface TuningRound {
  /** Images each candidate of this round trained in it (cumulative images = sum over rounds so far). */
  images: number;
  scores: CandidateScore[];
}

export interface TuningResult {
  best: number;
  method: 'halving' | 'grid';
  convention: RunConfig['training']['lrConvention'];
  rates: number[];
  validationImages: number;
  searchTrainImages: number;
  rounds: TuningRound[];
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

/** Rank candidates best first: validation accuracy, then training loss, then the smaller rate. */
function rank(scores: CandidateScore[]): CandidateScore[] {
  return [...scores].sort(
    (a, b) => b.validationAccuracy - a.validationAccuracy || a.trainLoss - b.trainLoss || a.learningRate - b.learningRate,
  );
}

export interface TuneOptions extends TrainerOptions {
  /** Called after each round (progress, logs). */
  onRound?: (round: TuningRound, index: number) => void;
  /** Polled between candidates; true stops the search with a CancelledError. */
  cancelled?: () => boolean;
}

/**
 * Search the learning rate of `cfg` on `train` (see the header). Deterministic for a given config
 * and training set. Throws when tuning is not enabled in the config.
 */
export function tuneLearningRate(cfg: RunConfig, train: DataSplit, opts: TuneOptions): TuningResult {
  const tc = cfg.training.tuning;
  if (!tc?.enabled) throw new ConfigError('training.tuning is not enabled for this run');
  const rates = [...new Set(tc.rates ?? defaultRates(cfg.training.lrConvention))].sort((a, b) => a - b);
  const { fit, validation } = splitValidation(train, tc.validationFraction, splitSeed(cfg.seed));
  const perEpoch = cfg.training.imagesPerEpoch ?? train.n;
  const first = tc.images ?? Math.min(DEFAULT_SEARCH_IMAGES, perEpoch);
  const log = opts.log ?? (() => {});
  const live = new Map<number, Trainer>();
  const make = (lr: number): Trainer => {
    // One "epoch" of the search trainer is `first` images; evaluation is done here, on the validation split.
    const c: RunConfig = {
      ...cfg,
      training: { ...cfg.training, learningRate: lr, imagesPerEpoch: first, epochs: 1_000_000, evalEveryEpochs: 1_000_000, tuning: undefined },
    };
    return createTrainer(c, { train: fit, test: validation }, { ...opts, evalBeforeTransfer: false, log: (m) => log(`[lr ${lr}] ${m}`) });
  };
  const rounds: TuningRound[] = [];
  let alive = rates;
  let epochsThisRound = 1;
  try {
    for (;;) {
      const scores: CandidateScore[] = [];
      for (const lr of alive) {
        if (opts.cancelled?.()) throw new CancelledError();
        let tr = live.get(lr);
        if (!tr) {
          tr = make(lr);
          live.set(lr, tr);
        }
        let loss = 0;
        for (let e = 0; e < epochsThisRound; e++) loss += tr.runEpoch().trainLoss / epochsThisRound;
        scores.push({ learningRate: lr, validationAccuracy: tr.evaluate().live, trainLoss: loss });
      }
      const round: TuningRound = { images: first * epochsThisRound, scores };
      rounds.push(round);
      opts.onRound?.(round, rounds.length - 1);
      const ranked = rank(scores);
      if (tc.method === 'grid' || alive.length === 1) break;
      const keep = Math.ceil(alive.length / 2);
      if (keep <= 1) break; // the best of this round wins
      const next = ranked.slice(0, keep).map((s) => s.learningRate);
      for (const lr of alive)
        if (!next.includes(lr)) {
          live.get(lr)?.dispose();
          live.delete(lr);
        }
      alive = next;
      epochsThisRound *= 2;
    }
  } finally {
    for (const t of live.values()) t.dispose();
  }
  const best = rank(rounds[rounds.length - 1]!.scores)[0]!.learningRate;
  return { best, method: tc.method, convention: cfg.training.lrConvention, rates, validationImages: validation.n, searchTrainImages: fit.n, rounds };
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
