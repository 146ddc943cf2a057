/**
 * The tensor kernels of the training fast path (tensor-kernel.wat): a float32 GEMM on packed
 * operands, the packing routines that give it every transpose, and im2col / col2im. One instance
 * owns one WebAssembly memory; callers allocate their buffers in it up front (`alloc`), then take
 * views, which stay valid because the memory never grows after that.
 *
 * The GEMM's summation order is fixed by the shapes (tensor-kernel.wat): each output adds its
 * products in increasing kk, one multiply and one add at a time, so a product is bit-identical on
 * every machine and thread count, and equal to any other float32 GEMM that sums in that order.
 */
import { compileSimdModule, wasmApi, WASM_PAGE } from '../../wasm';
import { TENSOR_KERNEL_WASM_BASE64 } from './tensor-kernel.wasm';

interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  gemm(ap: number, strideA: number, bp: number, strideB: number, c: number, ldc: number, m: number, n: number, k: number, acc: number, tmp: number): void;
  pack_a_rows(src: number, lda: number, m: number, k: number, dst: number): void;
  pack_a_cols(src: number, lda: number, m: number, k: number, dst: number): void;
  pack_b_rows(src: number, ldb: number, k: number, n: number, dst: number, scale: number): void;
  pack_b_cols(src: number, ldb: number, k: number, n: number, dst: number, scale: number): void;
  patches(x: number, h: number, w: number, c: number, k: number, pad: number, stride: number, ho: number, wo: number, p0: number, count: number, dst: number, add: number): void;
  add(dst: number, src: number, count: number): void;
  quantize_unsigned(p: number, n: number, r: number, up: number, down: number): void;
  sgd_delta(g: number, dw: number, n: number, neglr: number): number;
  ideal_update(w: number, dw: number, rows: number, cols: number, out: number): void;
  max_abs(p: number, n: number): number;
  round_steps(p: number, n: number, inv: number, d: number, lim: number): void;
  scale(p: number, n: number, s: number): void;
  relu(p: number, n: number): number;
  sigmoid(p: number, n: number): void;
  pool_max(a: number, out: number, dA: number, n: number, h: number, w: number, c: number, p: number, grad: number): void;
  relu_grad(d: number, a: number, n: number): void;
  sigmoid_grad(d: number, a: number, n: number): void;
}

/** Geometry of a convolution as im2col sees it (a fully connected layer is H = W = K = 1). */
export interface PatchGeometry {
  h: number;
  w: number;
  c: number;
  k: number;
  pad: number;
  stride: number;
  ho: number;
  wo: number;
}

/** Floats of a packed A (m x k) and of a packed B (k x n). */
export const packedASize = (m: number, k: number): number => 4 * Math.ceil(m / 4) * k;
export const packedBSize = (k: number, n: number): number => 8 * Math.ceil(n / 8) * k;

let compiled: { module: object | null; reason: string } | undefined;

function module(): object | null {
  compiled ??= compileSimdModule(TENSOR_KERNEL_WASM_BASE64, 'the tensor kernel');
  return compiled.module;
}

/** Why the tensor kernels cannot run here ('' when they can). */
export function tensorKernelUnavailable(): string {
  module();
  return compiled!.reason;
}

export class TensorKernel {
  private readonly ex: Exports;
  /** Next free byte; the first 128 bytes are the GEMM's edge-tile scratch. */
  private top = 128;

  private constructor(mod: object) {
    this.ex = new wasmApi!.Instance(mod, {}).exports as Exports;
  }

  /** A new instance with its own memory, or null where WebAssembly SIMD is missing. */
  static create(): TensorKernel | null {
    const m = module();
    return m ? new TensorKernel(m) : null;
  }

  /** Bytes in use. */
  get bytes(): number {
    return this.top;
  }

  /** Reserve `floats` float32 values (16-byte aligned, plus 16 bytes of slack); returns the byte offset. */
  alloc(floats: number): number {
    const at = this.top;
    this.top += 4 * Math.ceil(floats / 4) * 4 + 16;
    const mem = this.ex.memory;
    if (mem.buffer.byteLength < this.top) mem.grow(Math.ceil((this.top - mem.buffer.byteLength) / WASM_PAGE));
    return at;
  }

  /**
   * Byte offset of room for `floats` floats past everything allocated (the memory grows to hold
   * them); the next scratch call may hand out the same room.
   */
  scratch(floats: number): number {
    const end = this.top + 4 * Math.ceil(floats / 4) * 4 + 16;
    const mem = this.ex.memory;
    if (mem.buffer.byteLength < end) mem.grow(Math.ceil((end - mem.buffer.byteLength) / WASM_PAGE));
    return this.top;
  }

  /** A view of `count` floats at byte offset `at` (valid until the next alloc). */
  view(at: number, count: number): Float32Array {
    return new Float32Array(this.ex.memory.buffer, at, count);
  }

  /** A(i, kk) = src[i lda + kk] packed (m x k). */
  packARows(src: number, lda: number, m: number, k: number, dst: number): void {
    this.ex.pack_a_rows(src, lda, m, k, dst);
  }

  /** A(i, kk) = src[kk lda + i] packed (m x k): A is the transpose of the source. */
  packACols(src: number, lda: number, m: number, k: number, dst: number): void {
    this.ex.pack_a_cols(src, lda, m, k, dst);
  }

  /** B(kk, j) = scale * src[kk ldb + j] packed (k x n), each product rounded to float32. */
  packBRows(src: number, ldb: number, k: number, n: number, dst: number, scale = 1): void {
    this.ex.pack_b_rows(src, ldb, k, n, dst, scale);
  }

  /** B(kk, j) = scale * src[j ldb + kk] packed (k x n): B is the (scaled) transpose of the source. */
  packBCols(src: number, ldb: number, k: number, n: number, dst: number, scale = 1): void {
    this.ex.pack_b_cols(src, ldb, k, n, dst, scale);
  }

  /**
   * C[m x n] (+)= A . B on packed operands over kk in [k0, k0 + k) of panels packed with `kPacked`
   * values of kk (k0 = 0, k = kPacked for a whole product). `accumulate` adds to C.
   */
  gemm(ap: number, bp: number, c: number, ldc: number, m: number, n: number, k: number, accumulate: boolean, kPacked = k, k0 = 0): void {
    this.ex.gemm(ap + 16 * k0, 16 * kPacked, bp + 32 * k0, 32 * kPacked, c, ldc, m, n, k, accumulate ? 1 : 0, 0);
  }

  /** im2col rows of positions p0 .. p0 + count - 1 of the NHWC input at x into dst. */
  im2col(x: number, g: PatchGeometry, p0: number, count: number, dst: number): void {
    this.ex.patches(x, g.h, g.w, g.c, g.k, g.pad, g.stride, g.ho, g.wo, p0, count, dst, 0);
  }

  /** col2im: add the rows at src (positions p0 .. p0 + count - 1) into the NHWC input gradient at dx. */
  col2im(src: number, g: PatchGeometry, p0: number, count: number, dx: number): void {
    this.ex.patches(dx, g.h, g.w, g.c, g.k, g.pad, g.stride, g.ho, g.wo, p0, count, src, 1);
  }

  /** dst[i] += src[i], i < count. */
  add(dst: number, src: number, count: number): void {
    this.ex.add(dst, src, count);
  }

  // Element-wise kernels: the same float32 results as the JavaScript quantisers and activations.

  /** quantizeUnsignedInPlace of n floats at p. */
  quantizeUnsigned(p: number, n: number, bits: number, range: number): void {
    if (!(range > 0)) {
      this.view(p, n).fill(0);
      return;
    }
    const f = Math.fround;
    const l = 2 ** bits - 1;
    this.ex.quantize_unsigned(p, n, f(range), f(l / range), f(range / l));
  }

  /** maxAbs of n floats at p (NaN ignored). */
  maxAbs(p: number, n: number): number {
    return this.ex.max_abs(p, n);
  }

  /**
   * roundToSteps of n floats at p (step d, a power of two, and its inverse inv, both finite as
   * float32): p = d clip(round(p / d), -lim, lim).
   */
  roundToSteps(p: number, n: number, inv: number, d: number, lim: number): void {
    this.ex.round_steps(p, n, inv, d, lim);
  }

  /** dw = float32(-lr g) (float64 product) for n floats; returns max |dw| (NaN ignored). */
  sgdDelta(g: number, dw: number, n: number, lr: number): number {
    return this.ex.sgd_delta(g, dw, n, -lr);
  }

  /** The ideal synapse's update, w = clip(w + dw, -1, 1) over rows x cols; counts cells and rows with dw != 0. */
  idealUpdate(w: number, dw: number, rows: number, cols: number): { cells: number; rows: number } {
    // The counts land in the GEMM's edge scratch (bytes 0-127), free outside a product.
    this.ex.ideal_update(w, dw, rows, cols, 0);
    const c = new Int32Array(this.ex.memory.buffer, 0, 2);
    return { cells: c[0]!, rows: c[1]! };
  }

  /** p[i] *= s (float32). */
  scale(p: number, n: number, s: number): void {
    this.ex.scale(p, n, s);
  }

  /** Sigmoid in place, within a few float32 ulps of 1 / (1 + exp(-p)) (see the .wat). */
  sigmoid(p: number, n: number): void {
    this.ex.sigmoid(p, n);
  }

  /** maxPool of n images h x w x c at a into out (p x p windows). */
  maxPool(a: number, out: number, n: number, h: number, w: number, c: number, p: number): void {
    this.ex.pool_max(a, out, 0, n, h, w, c, p, 0);
  }

  /** maxPoolBackward: dA (zeroed here) from the pooled gradient dOut. */
  maxPoolBackward(a: number, dOut: number, dA: number, n: number, h: number, w: number, c: number, p: number): void {
    this.view(dA, n * h * w * c).fill(0);
    this.ex.pool_max(a, dOut, dA, n, h, w, c, p, 1);
  }

  /** ReLU in place; returns the largest output (0 when none is positive). */
  relu(p: number, n: number): number {
    return this.ex.relu(p, n);
  }

  /** d[i] = a[i] > 0 ? d[i] : 0. */
  reluGradient(d: number, a: number, n: number): void {
    this.ex.relu_grad(d, a, n);
  }

  /** d[i] *= a[i] (1 - a[i]) for sigmoid outputs a. */
  sigmoidGradient(d: number, a: number, n: number): void {
    this.ex.sigmoid_grad(d, a, n);
  }
}
