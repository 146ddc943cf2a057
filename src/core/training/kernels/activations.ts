/**
 * The kernel network's activations (on the tensor kernels) and losses: each gives what the TF.js
 * graph computes (every intermediate rounded to float32 where a tensor op would store it).
 */
import type { LayerSpec } from '../../networks';
import type { TensorKernel } from './tensor-kernel';

export type Activation = LayerSpec['activation'];

/**
 * An activation on the tensor kernels: forward in place on n floats at p (returning the largest
 * output where the next quantiser's range needs it), backward in place (dA -> dZ) from the saved
 * outputs a. `range`: the next layer's activation quantiser works on [0, 1], on [0, batch maximum],
 * or keeps the range it had.
 */
interface ActivationKernel {
  forward(k: TensorKernel, p: number, n: number): number;
  backward(k: TensorKernel, d: number, a: number, n: number): void;
  readonly range: 'unit' | 'max' | 'unchanged';
}

const ACTIVATIONS: Record<Activation, ActivationKernel> = {
  // tf.sigmoid: 1 / (1 + exp(-z)) (within a few float32 ulps, as the wasm backend's); gradient dy * (y * (1 - y)).
  sigmoid: {
    forward(k, p, n) {
      k.sigmoid(p, n);
      return 1;
    },
    backward: (k, d, a, n) => k.sigmoidGradient(d, a, n),
    range: 'unit',
  },
  // tf.relu: max(z, 0); gradient dy * step(z), step(0) = 0 (the output is > 0 exactly where z > 0).
  relu: {
    forward: (k, p, n) => k.relu(p, n),
    backward: (k, d, a, n) => k.reluGradient(d, a, n),
    range: 'max',
  },
  none: {
    forward: () => 0,
    backward() {},
    range: 'unchanged',
  },
};

export function activation(kind: Activation): ActivationKernel {
  return ACTIVATIONS[kind];
}

export type LossKind = 'cross-entropy' | 'sse';

/**
 * Loss of `n` rows of logits (classes each) against labels y, summed over the rows, and its
 * gradient for a batch of `batch` rows in all (the loss is the batch mean) written into `d`:
 * softmax cross-entropy, or SSE 0.5 * sum((logits - onehot)^2) (DNN+NeuroSim). Also counts the rows
 * whose first largest logit is the label (tf.argMax's rule).
 */
export function lossAndGradient(kind: LossKind, logits: Float32Array, y: ArrayLike<number>, n: number, classes: number, batch: number, d: Float32Array): { lossSum: number; correct: number } {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    const label = y[i]!;
    let best = 0;
    let m = logits[o]!;
    for (let c = 1; c < classes; c++) {
      const v = logits[o + c]!;
      if (v > m) {
        m = v;
        best = c;
      }
    }
    if (best === label) correct++;
    if (kind === 'sse') {
      for (let c = 0; c < classes; c++) {
        const e = logits[o + c]! - (c === label ? 1 : 0);
        lossSum += 0.5 * e * e;
        d[o + c] = e / batch;
      }
    } else {
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c]! - m);
      lossSum += Math.log(sum) + m - logits[o + label]!;
      for (let c = 0; c < classes; c++) d[o + c] = (Math.exp(logits[o + c]! - m) / sum - (c === label ? 1 : 0)) / batch;
    }
  }
  return { lossSum, correct };
}

/** Rows of logits whose first largest entry is the label. */
export function countCorrect(logits: Float32Array, y: ArrayLike<number>, n: number, classes: number): number {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[o + c]! > logits[o + best]!) best = c;
    if (best === y[i]) correct++;
  }
  return correct;
}
