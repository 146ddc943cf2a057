/**
 * The training passes as a TF.js graph (network.ts) with automatic differentiation, on whatever
 * backend TF.js runs. The engine uses it where the tensor kernels do not run (no WebAssembly SIMD,
 * bit-serial inputs) and tests hold the kernels to it.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeSpec, StepResult, TrainingCompute } from './compute';
import { countCorrect } from './kernels/activations';
import { forward, im2colPlans, layerScale, lossFn } from './network';

export function tfCompute(spec: ComputeSpec): TrainingCompute {
  const { net, quant } = spec;
  const scales = net.layers.map(layerScale);
  const plans = im2colPlans(net);
  const inShape = (b: number): [number, number, number, number] => [b, net.input.h, net.input.w, net.input.c];
  const tensors = (ws: readonly Float32Array[]): tf.Tensor2D[] =>
    ws.map((w, k) => tf.tensor2d(w, [net.layers[k]!.inC * net.layers[k]!.k * net.layers[k]!.k, net.layers[k]!.outC]));

  /** One-hot targets built on the JS side (one upload instead of three kernels). */
  const oneHot = (y: Int32Array): Float32Array => {
    const o = new Float32Array(y.length * net.classes);
    for (let i = 0; i < y.length; i++) o[i * net.classes + y[i]!] = 1;
    return o;
  };

  const step = (x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): StepResult => {
    const b = y.length;
    let logitsKept: tf.Tensor2D | null = null;
    const res = tf.tidy(() => {
      const xt = tf.tensor4d(x, inShape(b));
      const onehot = tf.tensor2d(oneHot(y), [b, net.classes]);
      const f = (...ws: tf.Tensor[]): tf.Scalar => {
        const logits = forward(net, xt, ws as tf.Tensor2D[], scales, { quant, training: true }, plans);
        logitsKept = tf.keep(logits);
        return lossFn(spec.loss, logits, onehot);
      };
      const { value, grads } = tf.valueAndGrads(f)(tensors(weights));
      return { lossT: tf.keep(value), gradsT: grads.map((g) => tf.keep(g)) };
    });
    const loss = res.lossT.dataSync()[0]!;
    const logits = logitsKept as tf.Tensor2D | null;
    const correct = logits ? countCorrect(logits.dataSync() as Float32Array, y, b, net.classes) : 0;
    const grads = res.gradsT.map((g) => g.dataSync() as Float32Array);
    res.lossT.dispose();
    for (const g of res.gradsT) g.dispose();
    logits?.dispose();
    return { lossSum: loss * b, correct, grads };
  };

  const correct = (x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): number => {
    const m = y.length;
    const c = tf.tidy(() => {
      const logits = forward(net, tf.tensor4d(x, inShape(m)), tensors(weights), scales, { quant, training: false }, plans);
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(y, 'int32')), 'float32'));
    });
    const n = c.dataSync()[0]!;
    c.dispose();
    return n;
  };

  return {
    description: `TF.js graph (${tf.getBackend()} backend)`,
    threads: 1,
    step,
    correct,
    dispose: () => {
      for (const p of plans) p?.dispose();
    },
  };
}
