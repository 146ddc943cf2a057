/**
 * How many training images make one epoch of a run. One rule for the training engine's default, the
 * cost model's per-epoch figures and the study checks, so a run's "per epoch" cost prices the epoch
 * it trains: `training.imagesPerEpoch` when set, else the training split of the configured dataset
 * (capped by `dataset.trainLimit`).
 */
import type { RunConfig } from './schema';

/** Training images of each dataset source: the standard splits; the bundled subset ships 3,000; the
 * synthetic set is generated with `trainLimit` images (1,000 when unset). */
export const TRAIN_IMAGES: Readonly<Record<RunConfig['workload']['dataset']['source'], number>> = {
  bundled: 3000,
  'fashion-mnist': 60000,
  mnist: 60000,
  cifar10: 50000,
  synthetic: 1000,
};

/** Training images per epoch of a run (see the module comment). */
export function trainImagesPerEpoch(cfg: RunConfig): number {
  const d = cfg.workload.dataset;
  const full = TRAIN_IMAGES[d.source];
  const split = d.source === 'synthetic' ? (d.trainLimit ?? full) : Math.min(full, d.trainLimit ?? full);
  return cfg.training.imagesPerEpoch ?? split;
}
