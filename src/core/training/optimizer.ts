/**
 * Algorithm-level optimisers on normalised crossbar weights (plain typed arrays, so the state is
 * checkpointed exactly). Each maps a gradient g = dL/dW_norm to the desired weight change dw that
 * the synapses are asked to apply:
 *   sgd:      dw = -lr * g
 *   momentum: v = mu * v + g; dw = -lr * v        (PyTorch SGD momentum, as DNN+NeuroSim V2 uses)
 *   adam:     m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; dw = -lr * m^ / (sqrt(v^) + eps)
 *             (Kingma & Ba 2015; b1 0.9, b2 0.999, eps 1e-8, bias-corrected)
 */
import { sgdStep } from './kernels/array-ops';

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

export interface OptimizerState {
  kind: OptimizerKind;
  /** Steps taken (Adam bias correction). */
  t: number;
  /** Per layer: [] (sgd), [v] (momentum), [m, v] (adam). */
  slots: Float32Array[][];
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPS = 1e-8;

export class Optimizer {
  private st: OptimizerState;
  /** Learning rate of each layer (one value for all, or per layer: training/convention.ts). */
  private readonly lrs: readonly number[];

  constructor(
    readonly kind: OptimizerKind,
    lr: number | readonly number[],
    readonly momentum: number,
    sizes: readonly number[],
  ) {
    this.lrs = typeof lr === 'number' ? sizes.map(() => lr) : [...lr];
    if (this.lrs.length !== sizes.length) throw new Error(`optimizer: ${this.lrs.length} learning rates for ${sizes.length} layers`);
    const nSlots = kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
    this.st = { kind, t: 0, slots: sizes.map((n) => Array.from({ length: nSlots }, () => new Float32Array(n))) };
  }

  /** Start a step (call once per batch before `delta` for each layer). */
  beginStep(): void {
    this.st.t++;
  }

  /**
   * Write the desired change for layer `k` into `dw` from gradient `g`; returns max |dw| (as stored
   * in float32), which the gradient quantiser needs, found in the same pass.
   */
  delta(k: number, g: Float32Array, dw: Float32Array): number {
    const lr = this.lrs[k]!;
    const slots = this.st.slots[k]!;
    const n = g.length;
    let mx = 0;
    if (this.kind === 'sgd') {
      const simd = sgdStep(g, dw, lr);
      if (simd !== null) return simd;
      for (let i = 0; i < n; i++) {
        const d = -lr * g[i]!;
        dw[i] = d;
        const a = Math.abs(d);
        if (a > mx) mx = a; // a branch, not a select: no dependency chain through mx
      }
    } else if (this.kind === 'momentum') {
      const v = slots[0]!;
      const mu = this.momentum;
      for (let i = 0; i < n; i++) {
        const vi = (v[i] = mu * v[i]! + g[i]!);
        const d = -lr * vi;
        dw[i] = d;
        const a = Math.abs(d);
        if (a > mx) mx = a;
      }
    } else {
      const m = slots[0]!;
      const v = slots[1]!;
      const t = this.st.t;
      const c1 = 1 / (1 - ADAM_BETA1 ** t);
      const c2 = 1 / (1 - ADAM_BETA2 ** t);
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const mi = ADAM_BETA1 * m[i]! + (1 - ADAM_BETA1) * gi;
        const vi = ADAM_BETA2 * v[i]! + (1 - ADAM_BETA2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const d = (-lr * (mi * c1)) / (Math.sqrt(vi * c2) + ADAM_EPS);
        dw[i] = d;
        const a = Math.abs(d);
        if (a > mx) mx = a;
      }
    }
    // Rounding to float32 is monotonic, so this is the largest |dw[i]| as stored.
    return Math.fround(mx);
  }

  state(): OptimizerState {
    return { kind: this.st.kind, t: this.st.t, slots: this.st.slots.map((l) => l.map((a) => a.slice())) };
  }

  restore(s: OptimizerState): void {
    if (s.kind !== this.kind || s.slots.length !== this.st.slots.length) throw new Error(`optimizer state: expected ${this.kind} with ${this.st.slots.length} layers, got ${s.kind} with ${s.slots.length}`);
    this.st = { kind: s.kind, t: s.t, slots: s.slots.map((l) => l.map((a) => a.slice())) };
  }
}
