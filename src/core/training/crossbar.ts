/**
 * What every implementation of the trainable network shares (the TF.js graph in network.ts and the
 * tensor kernels in kernels/): the hardware-aware options of a forward pass and the fixed per-layer
 * weight scale. Free of TensorFlow.js, so worker threads that only run the kernels do not load it.
 */
import { FastStream } from '../devices/stream';
import type { LayerSpec } from '../networks';
import { crossbarShape } from '../networks';
import type { Rng } from '../rng';

/** Standard deviation of read noise, in normalised weight units (assumption: 1 % of the [-1, 1] range = 0.02). */
export const READ_NOISE_SIGMA = 0.02;

export interface QuantOptions {
  /** null = float. */
  activationBits: number | null;
  errorBits: number | null;
  adcBits: number | null;
  subArrayRows: number;
  bitSerialInputs: boolean;
}

export const FLOAT_QUANT: QuantOptions = {
  activationBits: null,
  errorBits: null,
  adcBits: null,
  subArrayRows: 128,
  bitSerialInputs: false,
};

/** Fixed per-layer scale s_k (Glorot uniform limit). */
export function layerScale(l: LayerSpec): number {
  const { rows } = crossbarShape(l);
  return Math.sqrt(6 / (rows + l.outC * l.k * l.k));
}

/**
 * Weights as one forward pass reads them with read noise: out = clip(w + N(0, READ_NOISE_SIGMA), -1, 1)
 * in float32, the deviates from a stream seeded by four words of `rng`.
 */
export function withReadNoise(w: Float32Array, out: Float32Array, rng: Rng): void {
  const z = new FastStream(rng);
  const sigma = Math.fround(READ_NOISE_SIGMA);
  const f = Math.fround;
  for (let i = 0, n = w.length; i < n; i++) {
    const v = f(w[i]! + f(sigma * f(z.normal())));
    out[i] = v > 1 ? 1 : v < -1 ? -1 : v;
  }
}
