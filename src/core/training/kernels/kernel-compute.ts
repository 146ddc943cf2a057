/** The training passes on the tensor kernels in the calling thread (the whole batch in one slice). */
import type { ComputeSpec, StepResult, TrainingCompute } from '../compute';
import { EVAL_BATCH } from '../compute';
import { layerScale } from '../crossbar';
import { KernelNetwork } from './kernel-network';

export const KERNELS_NAME = 'tensor kernels (wasm-simd)';

/** g[i] = s * g[i] in float32: dL/dW_norm from dL/dW_eff (W_eff = s W_norm), as the tensor product rounds it. */
export function scaleGradient(g: Float32Array, scale: number): void {
  const s = Math.fround(scale);
  for (let i = 0, n = g.length; i < n; i++) g[i] = g[i]! * s;
}

/** Null when the kernels cannot run this configuration here. */
export function kernelCompute(spec: ComputeSpec): TrainingCompute | null {
  const kn = KernelNetwork.create(spec.net, spec.quant, spec.loss, spec.batchSize);
  if (!kn) return null;
  const scales = spec.net.layers.map(layerScale);
  return {
    description: `${KERNELS_NAME}, 1 thread`,
    threads: 1,
    step(x, y, weights): StepResult {
      kn.setWeights(weights);
      const r = kn.trainSlice(x, y, y.length, y.length);
      const grads = scales.map((s, k) => {
        const g = kn.gradient(k);
        scaleGradient(g, s);
        return g;
      });
      return { lossSum: r.lossSum, correct: r.correct, grads };
    },
    correct(x, y, weights) {
      if (y.length > EVAL_BATCH) throw new Error(`an evaluation batch holds at most ${EVAL_BATCH} images, got ${y.length}`);
      kn.setWeights(weights);
      return kn.evaluate(x, y, y.length);
    },
    dispose() {},
  };
}
