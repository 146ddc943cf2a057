/** The training passes on the tensor kernels in the calling thread (the whole batch in one slice). */
import type { ComputeSpec, StepResult, TrainingCompute } from '../compute';
import { EVAL_BATCH } from '../compute';
import { KernelNetwork } from './kernel-network';

export const KERNELS_NAME = 'tensor kernels (wasm-simd)';

/** Null when the kernels cannot run this configuration here. */
export function kernelCompute(spec: ComputeSpec): TrainingCompute | null {
  const kn = KernelNetwork.create(spec.net, spec.quant, spec.loss, spec.batchSize);
  if (!kn) return null;
  const layers = spec.net.layers.map((_, k) => k);
  return {
    description: `${KERNELS_NAME}, 1 thread`,
    threads: 1,
    step(x, y, weights): StepResult {
      kn.setWeights(weights);
      const r = kn.trainSlice(x, y, y.length, y.length);
      kn.scaleGradients();
      return { lossSum: r.lossSum, correct: r.correct, grads: layers.map((k) => kn.gradient(k)) };
    },
    correct(x, y, weights) {
      if (y.length > EVAL_BATCH) throw new Error(`an evaluation batch holds at most ${EVAL_BATCH} images, got ${y.length}`);
      kn.setWeights(weights);
      return kn.evaluate(x, y, y.length);
    },
    dispose() {},
  };
}
