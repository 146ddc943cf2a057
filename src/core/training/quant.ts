/**
 * Tensor versions of the hardware-aware quantisers (conventions and the array versions they share
 * their loops with: quantizers.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { maxAbs, pow2Range, quantizeErrorInPlace, quantizeUnsignedInPlace } from './quantizers';

export * from './quantizers';

/**
 * Tensor version of the signed power-of-two quantiser (errors): S = 2^ceil(log2(max|e|)),
 * D = S / 2^(bits-1), q = D * clip(round(e / D), -max(2^(bits-1) - 1, 1), +max(...)).
 * Computed on the JS side (one read-back and one upload instead of six kernels, which on the wasm
 * and cpu backends cost more than the arithmetic); results equal the tensor expression (tested),
 * except that ties never give -0.
 */
export function quantizeSignedT(e: tf.Tensor, bits: number): tf.Tensor {
  const a = Float32Array.from(e.dataSync() as Float32Array);
  const max = maxAbs(a);
  if (pow2Range(max) === 0) return tf.clone(e);
  quantizeErrorInPlace(a, bits, max);
  return tf.tensor(a, e.shape, 'float32');
}

/**
 * Unsigned activation quantiser on [0, range]: q = round(clip(x, 0, R) * (L / R)) * (R / L),
 * L = 2^bits - 1, in float32 as the tensor expression computes it (each product rounded to float32),
 * on the JS side like quantizeSignedT.
 */
export function quantizeUnsignedT(x: tf.Tensor, bits: number, range: number): tf.Tensor {
  if (!(range > 0)) return tf.zerosLike(x);
  const a = Float32Array.from(x.dataSync() as Float32Array);
  quantizeUnsignedInPlace(a, bits, range);
  return tf.tensor(a, x.shape, 'float32');
}

/**
 * ADC quantiser along the sub-array axis: `p` has shape [S, ...]; each p[s] is quantised between
 * its own min and max with 2^bits levels.
 */
export function adcQuantizeT(p: tf.Tensor, bits: number): tf.Tensor {
  return tf.tidy(() => {
    const s = p.shape[0]!;
    const flat = tf.reshape(p, [s, -1]);
    const lo = tf.min(flat, 1, true);
    const hi = tf.max(flat, 1, true);
    const l = 2 ** bits - 1;
    // Guard a zero range: step 1 keeps the values (they all equal lo).
    const span = tf.sub(hi, lo);
    const step = tf.where(tf.greater(span, 0), tf.div(span, l), tf.onesLike(span));
    const q = tf.add(lo, tf.mul(tf.round(tf.div(tf.sub(flat, lo), step)), step));
    return tf.reshape(q, p.shape);
  });
}

