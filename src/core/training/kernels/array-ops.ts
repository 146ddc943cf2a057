/**
 * SIMD versions of the per-weight loops that run on ordinary arrays once a batch's gradients exist:
 * the optimiser's SGD step, the gradient quantiser and the ideal synapse's update. The arrays pass
 * through the memory of one shared kernel instance: a copy is a memcpy, several times cheaper than
 * the scalar loop it replaces (on the MLP these loops cost as much as a third of the matrix products).
 * Each gives the bits of its JavaScript loop (tested); each returns null where WebAssembly SIMD is
 * missing, and the caller runs its loop.
 */
import { TensorKernel } from './tensor-kernel';

let shared: TensorKernel | null | undefined;
let forced: 'auto' | 'js' = 'auto';

/** Choose the implementation: 'auto' (SIMD when available) or 'js' (the callers' loops; tests). */
export function setArrayOps(which: 'auto' | 'js'): void {
  forced = which;
}

/** The shared instance with room for `floats` floats at the returned byte offset. */
function room(floats: number): { k: TensorKernel; at: number } | null {
  if (forced === 'js') return null;
  shared ??= TensorKernel.create();
  return shared ? { k: shared, at: shared.scratch(floats) } : null;
}

/** Byte offset of the second of two arrays of n floats in a room (16-byte aligned). */
const second = (at: number, n: number): number => at + 16 * Math.ceil(n / 4);

/** dw = float32(-lr g), the product in float64; returns max |dw| as stored (NaN ignored). */
export function sgdStep(g: Float32Array, dw: Float32Array, lr: number): number | null {
  const n = g.length;
  const r = room(2 * n + 4);
  if (!r) return null;
  const d = second(r.at, n);
  r.k.view(r.at, n).set(g);
  const max = r.k.sgdDelta(r.at, d, n, lr);
  dw.set(r.k.view(d, n));
  return max;
}

/** a = d clip(round(a / d), -lim, lim) in place, d a power of two whose inverse is finite in float32. */
export function roundToStepsSimd(a: Float32Array, d: number, lim: number): boolean {
  const r = Math.fround(1 / d) < Infinity ? room(a.length) : null;
  if (!r) return false;
  const v = r.k.view(r.at, a.length);
  v.set(a);
  r.k.roundToSteps(r.at, a.length, 1 / d, d, lim);
  a.set(v);
  return true;
}

/** w = clip(w + dw, -1, 1) for a rows x cols layer; counts of cells with dw != 0 and rows holding one. */
export function idealUpdate(w: Float32Array, dw: Float32Array, rows: number, cols: number): { cells: number; rows: number } | null {
  const n = w.length;
  const r = room(2 * n + 4);
  if (!r) return null;
  const d = second(r.at, n);
  const wv = r.k.view(r.at, n);
  wv.set(w);
  r.k.view(d, n).set(dw);
  const t = r.k.idealUpdate(r.at, d, rows, cols);
  w.set(wv);
  return t;
}
