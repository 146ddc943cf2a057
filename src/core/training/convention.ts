/**
 * Learning-rate conventions: what one number `lr` means per layer (the schema's training.lrConvention).
 *
 * The crossbar holds normalised weights W_n in [-1, 1]; the network uses W = s_k W_n with a fixed
 * per-layer scale s_k (network.ts). By the chain rule dL/dW_n = s_k dL/dW.
 *
 *  - normalised (NeuroSim's convention): dW_n = -lr dL/dW_n. On the effective weights this is
 *    dW = s_k dW_n = -lr s_k^2 dL/dW: layers with a larger s_k take larger steps.
 *  - effective (standard SGD on W): dW = -lr dL/dW, i.e. dW_n = dW / s_k = -(lr / s_k^2) dL/dW_n,
 *    so the optimiser runs on W_n with rate lr / s_k^2. With momentum the same factor applies (the
 *    velocity is linear in the gradient). Adam's step lr m / sqrt(v) does not scale with the
 *    gradient, so on W it is dW = -lr r and on W_n dW_n = -(lr / s_k) r: rate lr / s_k.
 * Worked example (MLP 784-100-10): s_1 = sqrt(6 / 884) = 0.08239, s_2 = sqrt(6 / 110) = 0.23355;
 * effective lr 0.1 with SGD gives normalised rates 14.73 and 1.833 (computed by hand).
 */
import type { TrainingConfig } from '../config/schema';

export type LrConvention = TrainingConfig['lrConvention'];

/** Per-layer rate on the normalised weights for `lr` in `convention`, given the layer scales s_k. */
export function layerLearningRates(lr: number, convention: LrConvention, optimizer: TrainingConfig['optimizer'], scales: readonly number[]): number[] {
  if (convention === 'normalised') return scales.map(() => lr);
  return scales.map((s) => (optimizer === 'adam' ? lr / s : lr / (s * s)));
}

/** Default learning-rate candidates of a search, by convention (factor ~3 apart, five-plus decades of step). */
export function defaultRates(convention: LrConvention): number[] {
  return convention === 'normalised' ? [0.1, 0.3, 1, 3, 10, 30] : [0.003, 0.01, 0.03, 0.1, 0.3, 1];
}
