/**
 * The trainable network as the crossbar sees it: every layer is one weight matrix of
 * rows = Cin*K*K by cols = Cout (fully connected: K = 1), held by a SynapseLayer in normalised
 * units [-1, 1]. The network uses s_k * W with a fixed per-layer scale s_k (Glorot uniform limit
 * sqrt(6 / (fanIn + fanOut)), fanIn = Cin*K*K, fanOut = Cout*K*K), identical for every scheme, so
 * schemes differ only in their synapses (docs/training.md#weight-scaling).
 *
 * Convolutions are im2col + matMul (the wasm backend has no Conv2D backprop). The im2col row order
 * is (ky, kx, c): row = (ky*K + kx)*Cin + c, the order of a TF [K, K, Cin, Cout] filter reshaped to
 * [K*K*Cin, Cout]. Max pooling is reshape + max (non-overlapping windows), also differentiable on
 * every backend.
 *
 * Hardware-aware forward (each switchable, see TrainingConfig.quant):
 *  - layer inputs quantised to activationBits (straight-through estimator in backward);
 *  - the MAC optionally digitised per sub-array of subArrayRows rows by an adcBits ADC, with
 *    bit-serial inputs optional (straight-through: backward is the float transpose read);
 *  - the error dL/dz entering each layer's backward quantised to errorBits;
 *  - read noise on the weights (READ_NOISE_SIGMA, normalised units) when enabled.
 * The activation-gradient (transposed) read is float apart from the error quantisation.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkSpec } from '../networks';
import { outSize } from '../networks';
import type { QuantOptions } from './crossbar';
import { adcQuantizeT, quantizeSignedT, quantizeUnsignedT } from './quant';

export { FLOAT_QUANT, READ_NOISE_SIGMA, layerScale, type QuantOptions } from './crossbar';

/** im2col plans for the conv layers of a network (null for FC layers); dispose them when done. */
export function im2colPlans(net: NetworkSpec): (Im2colPlan | null)[] {
  return net.layers.map((l) => (l.kind === 'conv' ? new Im2colPlan(l.inH, l.inW, l.inC, l.k, l.pad, l.stride) : null));
}

/**
 * Gather indices of an im2col: for output position (oy, ox) and row (ky, kx, c), the flat input
 * index (y*W + x)*C + c, or the sentinel H*W*C (a zero appended to the input) in the padding.
 * `inverse` lists, for every input element, the K*K patch entries that read it (sentinel
 * Ho*Wo*K*K*C when fewer), so the backward pass (col2im) is a gather + sum as well: gathers are
 * fast on every backend, whereas slice/concat/pad or the gather gradient (unsorted segment sum)
 * are slow on the cpu backend.
 */
export class Im2colPlan {
  readonly ho: number;
  readonly wo: number;
  readonly forwardIdx: tf.Tensor1D;
  readonly inverseIdx: tf.Tensor1D;
  readonly fanIn: number;

  constructor(
    readonly h: number,
    readonly w: number,
    readonly c: number,
    readonly k: number,
    readonly pad: number,
    readonly stride = 1,
    /** Keep the index tensors alive outside tf.tidy (owned plan, call dispose()); false = tracked by the current scope. */
    keep = true,
  ) {
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
    const wo = Math.floor((w + 2 * pad - k) / stride) + 1;
    this.ho = ho;
    this.wo = wo;
    const inSize = h * w * c;
    const kk = k * k * c;
    const nOut = ho * wo * kk;
    const fwd = new Int32Array(nOut);
    const count = new Int32Array(inSize);
    let j = 0;
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++)
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const iy = oy * stride + ky - pad;
            const ix = ox * stride + kx - pad;
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            for (let ci = 0; ci < c; ci++) {
              const src = inside ? (iy * w + ix) * c + ci : inSize;
              fwd[j++] = src;
              if (src < inSize) count[src]!++;
            }
          }
    let maxCount = 0;
    for (let i = 0; i < inSize; i++) maxCount = Math.max(maxCount, count[i]!);
    this.fanIn = Math.max(maxCount, 1);
    const inv = new Int32Array(inSize * this.fanIn).fill(nOut);
    const fill = new Int32Array(inSize);
    for (let t = 0; t < nOut; t++) {
      const src = fwd[t]!;
      if (src < inSize) inv[src * this.fanIn + fill[src]!++] = t;
    }
    this.forwardIdx = tf.tensor1d(fwd, 'int32');
    this.inverseIdx = tf.tensor1d(inv, 'int32');
    if (keep) {
      tf.keep(this.forwardIdx);
      tf.keep(this.inverseIdx);
    }
  }

  dispose(): void {
    this.forwardIdx.dispose();
    this.inverseIdx.dispose();
  }
}

/** Append one zero column to a [B, n] tensor (the gather sentinel). */
function withZero(a: tf.Tensor2D): tf.Tensor2D {
  return tf.concat([a, tf.zeros([a.shape[0], 1])], 1);
}

/**
 * im2col: x [B, H, W, C] -> [B*Ho*Wo, K*K*C], row order (ky, kx, c), zero padding `pad` on each
 * side, stride `stride`. Differentiable (custom gradient = col2im by gather + sum). Pass a plan to
 * reuse its index tensors; without one a temporary plan is built in the current tf.tidy scope.
 */
export function im2col(x: tf.Tensor4D, k: number, pad: number, stride = 1, plan?: Im2colPlan): tf.Tensor2D {
  const [b, h, w, c] = x.shape;
  if (k === 1 && pad === 0 && stride === 1) return tf.reshape(x, [b * h * w, c]);
  // Without a plan, a temporary one lives in the caller's tf.tidy scope (call inside a tidy).
  const p = plan ?? new Im2colPlan(h, w, c, k, pad, stride, false);
  const kk = k * k * c;
  const f = tf.customGrad((xa: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([p.inverseIdx]);
    return {
      value: tf.tidy(() => tf.reshape(tf.gather(withZero(tf.reshape(xa as tf.Tensor, [b, h * w * c])), p.forwardIdx, 1), [b * p.ho * p.wo, kk])),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const d = withZero(tf.reshape(dy, [b, p.ho * p.wo * kk]));
          const g = tf.reshape(tf.gather(d, saved[0]!, 1), [b, h * w * c, p.fanIn]);
          return tf.reshape(tf.sum(g, 2), [b, h, w, c]);
        }),
    };
  });
  return f(x) as tf.Tensor2D;
}

/** Convolution through im2col + matMul; w is the crossbar matrix [K*K*Cin, Cout]. */
export function conv2dIm2col(x: tf.Tensor4D, w: tf.Tensor2D, k: number, pad: number, stride = 1, plan?: Im2colPlan): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, wd] = x.shape;
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
    const wo = Math.floor((wd + 2 * pad - k) / stride) + 1;
    return tf.reshape(tf.matMul(im2col(x, k, pad, stride, plan), w), [b, ho, wo, w.shape[1]]);
  });
}

/** Non-overlapping max pool by reshape + max (H and W must be multiples of p). */
export function maxPool(x: tf.Tensor4D, p: number): tf.Tensor4D {
  if (p <= 1) return x;
  const [b, h, w, c] = x.shape;
  return tf.max(tf.reshape(x, [b, Math.floor(h / p), p, Math.floor(w / p), p, c]), [2, 4]) as tf.Tensor4D;
}

/** Straight-through activation quantiser: forward quantises, backward passes dy. */
function steQuant(x: tf.Tensor, bits: number, range: number): tf.Tensor {
  const f = tf.customGrad((a: tf.Tensor | tf.GradSaveFunc) => ({
    value: quantizeUnsignedT(a as tf.Tensor, bits, range),
    gradFunc: (dy: tf.Tensor) => dy,
  }));
  return f(x);
}

/** Identity forward; backward quantises the error to `bits` (signed, power-of-two range). */
function errorQuant(z: tf.Tensor, bits: number): tf.Tensor {
  const f = tf.customGrad((a: tf.Tensor | tf.GradSaveFunc) => ({
    value: (a as tf.Tensor).clone(),
    gradFunc: (dy: tf.Tensor) => quantizeSignedT(dy, bits),
  }));
  return f(z);
}

/**
 * Crossbar MAC x [N, rows] . w [rows, cols] with ADC quantisation of partial sums per sub-array
 * (and bit-serial inputs: `inputRange` and `inputBits` give the integer input codes).
 */
export function cimMatMul(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  q: QuantOptions,
  inputRange: number,
): tf.Tensor2D {
  const adcBits = q.adcBits;
  if (adcBits === null) return tf.matMul(x, w);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xa = args[0] as tf.Tensor2D;
    const wa = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    save([xa, wa]);
    const value = tf.tidy(() => {
      const [n, rows] = xa.shape;
      const cols = wa.shape[1];
      const r = Math.min(q.subArrayRows, rows);
      const s = Math.ceil(rows / r);
      const padRows = s * r - rows;
      const xp = padRows > 0 ? tf.pad(xa, [[0, 0], [0, padRows]]) : xa;
      const wp = padRows > 0 ? tf.pad(wa, [[0, padRows], [0, 0]]) : wa;
      const w3 = tf.reshape(wp, [s, r, cols]);
      if (q.bitSerialInputs && q.activationBits !== null && inputRange > 0) {
        const bits = q.activationBits;
        const l = 2 ** bits - 1;
        const codes = tf.round(tf.mul(tf.clipByValue(xp, 0, inputRange), l / inputRange));
        const planes: tf.Tensor[] = [];
        for (let i = 0; i < bits; i++) planes.push(tf.mod(tf.floor(tf.div(codes, 2 ** i)), 2));
        // [P, N, S, R] -> [P, S, N, R] -> [P*S, N, R]
        const xs = tf.reshape(tf.transpose(tf.reshape(tf.stack(planes), [bits, n, s, r]), [0, 2, 1, 3]), [bits * s, n, r]);
        const wt = tf.reshape(tf.tile(tf.reshape(w3, [1, s, r, cols]), [bits, 1, 1, 1]), [bits * s, r, cols]);
        const p = adcQuantizeT(tf.matMul(xs, wt), adcBits); // [P*S, N, cols]
        const weightsP = tf.reshape(tf.tensor1d(Array.from({ length: bits }, (_, i) => 2 ** i)), [bits, 1, 1, 1]);
        const summed = tf.sum(tf.mul(tf.reshape(p, [bits, s, n, cols]), weightsP), [0, 1]);
        return tf.mul(summed, inputRange / l) as tf.Tensor2D;
      }
      const x3 = tf.transpose(tf.reshape(xp, [n, s, r]), [1, 0, 2]);
      const p = adcQuantizeT(tf.matMul(x3, w3), adcBits); // [S, N, cols]
      return tf.sum(p, 0) as tf.Tensor2D;
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, ws, false, true), tf.matMul(xs, dy as tf.Tensor2D, true, false)];
      },
    };
  });
  return f(x, w) as tf.Tensor2D;
}

export interface ForwardOptions {
  quant: QuantOptions;
  /** Quantise errors in backward (training); ignored in inference. */
  training: boolean;
}

/**
 * Forward pass of a network. `weights[k]` are the normalised crossbar matrices [rows, cols];
 * returns the logits [B, classes]. Input x is [B, H, W, C] with values in [0, 1].
 */
export function forward(
  net: NetworkSpec,
  x: tf.Tensor4D,
  weights: readonly tf.Tensor2D[],
  scales: readonly number[],
  opt: ForwardOptions,
  plans?: readonly (Im2colPlan | null)[],
): tf.Tensor2D {
  const q = opt.quant;
  let a: tf.Tensor = x;
  let range = 1; // input pixels in [0, 1]
  const b = x.shape[0];
  for (let i = 0; i < net.layers.length; i++) {
    const l = net.layers[i]!;
    const w = tf.mul(weights[i]!, scales[i]!) as tf.Tensor2D;
    if (q.activationBits !== null) a = steQuant(a, q.activationBits, range);
    let x2: tf.Tensor2D;
    if (l.kind === 'fc') x2 = tf.reshape(a, [b, l.inC]);
    else x2 = im2col(tf.reshape(a, [b, l.inH, l.inW, l.inC]), l.k, l.pad, l.stride, plans?.[i] ?? undefined);
    let z: tf.Tensor = cimMatMul(x2, w, q, range);
    if (opt.training && q.errorBits !== null) z = errorQuant(z, q.errorBits);
    if (l.kind === 'conv') {
      const o = outSize(l);
      z = tf.reshape(z, [b, o, o, l.outC]);
    }
    if (l.activation === 'sigmoid') {
      a = tf.sigmoid(z);
      range = 1;
    } else if (l.activation === 'relu') {
      a = tf.relu(z);
      // Dynamic range for unbounded ReLU outputs (one sync per layer; only when quantising).
      range = q.activationBits !== null ? Math.max(tf.max(a).dataSync()[0]!, 1e-12) : 1;
    } else a = z;
    if (l.kind === 'conv' && l.pool > 1) a = maxPool(a as tf.Tensor4D, l.pool);
  }
  return tf.reshape(a, [b, net.classes]);
}

/** Mean loss over the batch: softmax cross-entropy, or SSE 0.5*sum((logits - onehot)^2) (DNN+NeuroSim). */
export function lossFn(kind: 'cross-entropy' | 'sse', logits: tf.Tensor2D, onehot: tf.Tensor2D): tf.Scalar {
  if (kind === 'sse') return tf.mul(tf.mean(tf.sum(tf.square(tf.sub(logits, onehot)), 1)), 0.5) as tf.Scalar;
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
