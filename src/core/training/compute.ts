/**
 * Where the training engine's forward and backward passes run. Two implementations of one model
 * (network.ts): the tensor kernels (kernels/, WebAssembly SIMD, one thread or a batch split across
 * threads) and the TF.js graph (tf-compute.ts; any TF.js backend). The engine keeps the synapses,
 * the optimiser and every random stream; a compute only turns weights and a batch into gradients.
 */
import type { RunConfig } from '../config/schema';
import { macsPerImage, type NetworkSpec } from '../networks';
import type { QuantOptions } from './crossbar';
import type { LossKind } from './kernels/activations';

/** Test images per evaluation batch (a ReLU layer's activation range is taken over one such batch). */
export const EVAL_BATCH = 500;

/** What a compute is built for. */
export interface ComputeSpec {
  readonly net: NetworkSpec;
  readonly quant: QuantOptions;
  readonly loss: LossKind;
  /** Largest training batch it will be given. */
  readonly batchSize: number;
}

export interface StepResult {
  /** Loss summed over the batch (the batch mean times its size). */
  lossSum: number;
  /** Images whose prediction equals the label. */
  correct: number;
  /** dL/dW_norm per layer (rows x cols), for the batch mean loss; valid until the next call. */
  grads: Float32Array[];
}

export interface TrainingCompute {
  /** What runs the passes, for logs and the run record (e.g. 'tensor kernels (wasm-simd), 2 threads'). */
  readonly description: string;
  /** Threads the passes use. */
  readonly threads: number;
  /** Forward and backward pass of one batch through `weights` (normalised, read noise applied). */
  step(x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): StepResult;
  /** Forward pass of a test batch (at most EVAL_BATCH images): how many are classified correctly. */
  correct(x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): number;
  dispose(): void;
}

export function computeSpec(cfg: RunConfig, net: NetworkSpec, quant: QuantOptions): ComputeSpec {
  return { net, quant, loss: cfg.training.loss, batchSize: cfg.training.batchSize };
}

/**
 * Floating-point operations of one image's training step as the passes compute them: forward,
 * weight gradient, and input gradient of every layer but the first (2 per multiply-accumulate).
 */
export function trainingFlopsPerImage(net: NetworkSpec): number {
  return net.layers.reduce((s, l, i) => s + 2 * macsPerImage(l) * (i === 0 ? 2 : 3), 0);
}
