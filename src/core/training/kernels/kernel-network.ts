/**
 * The trainable network (network.ts describes the model) on the tensor kernels instead of the
 * TF.js graph: the same forward pass, hardware-aware quantisers and backward pass, written out by
 * hand, with every buffer in one WebAssembly memory sized once. No tensors, no per-op dispatch, no
 * read-backs: a training step is a handful of kernel calls per layer.
 *
 * Per layer: input quantised to activationBits (straight-through in backward) -> crossbar MAC
 * z = im2col(x) . (s_k W) (optionally digitised per sub-array by the ADC) -> activation -> max pool.
 * Backward: pool and activation gradients -> dL/dz quantised to errorBits -> dL/dW_eff = im2col(x)^T dz
 * and dL/dx = col2im(dz (s_k W)^T).
 *
 * One instance computes one slice of a batch (the whole batch, or one thread's share). Quantisers
 * whose range spans the batch (ReLU output range, error range, ADC conversion range) take it from a
 * BatchReducer, so a batch split across threads quantises exactly as the whole batch does.
 *
 * Not covered (the TF.js graph runs these): bit-serial inputs (an ablation), and networks whose last
 * layer is not fully connected.
 */
import type { LayerSpec, NetworkSpec } from '../../networks';
import { crossbarShape, outSize } from '../../networks';
import type { QuantOptions } from '../crossbar';
import { layerScale } from '../crossbar';
import { adcQuantizeInPlace, pow2Range, quantizeErrorInPlace } from '../quantizers';
import { activation, countCorrect, lossAndGradient, type LossKind } from './activations';
import { packedASize, packedBSize, TensorKernel, tensorKernelUnavailable, type PatchGeometry } from './tensor-kernel';

/** Batch-wide quantities of a batch that may be split across threads. */
export interface BatchReducer {
  /** The largest of every slice's `v`. */
  max(v: number): number;
  /** Element-wise: lo[i] = smallest, hi[i] = largest over every slice, in place. */
  range(lo: Float64Array, hi: Float64Array): void;
}

/** The reducer of a batch computed in one piece. */
export const WHOLE_BATCH: BatchReducer = { max: (v) => v, range: () => {} };

/** Output positions per im2col chunk: rows of the packed operand of one GEMM call. */
const CHUNK = 128;

interface Layer {
  readonly spec: LayerSpec;
  readonly rows: number;
  readonly cols: number;
  /** s_k as float32 (the tensor product s_k * W multiplies by a float32 scalar). */
  readonly scale: number;
  readonly geo: PatchGeometry;
  /** False when the input rows are the patches already (1 x 1, no padding, stride 1). */
  readonly patches: boolean;
  /** Floats per image: layer input, output before pooling, output after pooling. */
  readonly inSize: number;
  readonly outSize: number;
  readonly pooledSize: number;
  /** Output positions per image. */
  readonly positions: number;
  /** ADC sub-arrays (rows per conversion: subRows). */
  readonly subArrays: number;
  readonly subRows: number;
  /** Packed s_k W (B of the forward product) and s_k W^T (B of the input gradient); byte offsets. */
  wp: number;
  wtp: number;
  /** dL/dW_eff of the last training slice, rows x cols. */
  dw: number;
}

/** Where a pass keeps each layer's input and output (byte offsets) for `n` images. */
interface Buffers {
  readonly n: number;
  readonly input: readonly number[];
  readonly output: readonly number[];
}

function toLayer(spec: LayerSpec, q: QuantOptions): Layer {
  const { rows, cols } = crossbarShape(spec);
  const o = outSize(spec);
  const pooled = spec.pool > 1 ? Math.floor(o / spec.pool) : o;
  const subRows = q.adcBits === null ? rows : Math.min(q.subArrayRows, rows);
  return {
    spec,
    rows,
    cols,
    scale: Math.fround(layerScale(spec)),
    geo: { h: spec.inH, w: spec.inW, c: spec.inC, k: spec.k, pad: spec.pad, stride: spec.stride, ho: o, wo: o },
    patches: !(spec.k === 1 && spec.pad === 0 && spec.stride === 1),
    inSize: spec.inH * spec.inW * spec.inC,
    outSize: o * o * cols,
    pooledSize: pooled * pooled * cols,
    positions: o * o,
    subArrays: Math.ceil(rows / subRows),
    subRows,
    wp: 0,
    wtp: 0,
    dw: 0,
  };
}

export class KernelNetwork {
  private readonly layers: Layer[];
  private readonly inSize: number;
  private readonly classes: number;
  private readonly train: Buffers;
  private evalBuffers: Buffers | null = null;
  private readonly grad: [number, number];
  /** im2col rows of a chunk of positions, or their input-gradient rows (CHUNK x the most rows). */
  private readonly scratch: number;
  private readonly maxRows: number;
  private readonly packA: number;
  private readonly packB: number;
  /** One sub-array's partial sums for a chunk of positions (ADC only). */
  private readonly partial: number;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** Called after every chunk of a product (a sign of progress to whoever waits for this thread). */
  onChunk: () => void = () => {};

  /** Why the kernels cannot run this configuration here ('' when they can; see the module comment). */
  static unsupported(net: NetworkSpec, q: QuantOptions): string {
    if (q.bitSerialInputs) return 'bit-serial inputs';
    if (net.layers[net.layers.length - 1]!.kind !== 'fc') return 'a network whose last layer is not fully connected';
    return tensorKernelUnavailable();
  }

  /** Null when the kernels cannot run this configuration here (see unsupported()). */
  static create(net: NetworkSpec, q: QuantOptions, loss: LossKind, trainImages: number): KernelNetwork | null {
    if (KernelNetwork.unsupported(net, q)) return null;
    const k = TensorKernel.create();
    return k ? new KernelNetwork(net, q, loss, trainImages, k) : null;
  }

  private constructor(
    net: NetworkSpec,
    private readonly q: QuantOptions,
    private readonly loss: LossKind,
    trainImages: number,
    private readonly k: TensorKernel,
  ) {
    this.layers = net.layers.map((l) => toLayer(l, q));
    this.inSize = net.input.h * net.input.w * net.input.c;
    this.classes = net.classes;
    const n = Math.max(1, trainImages);
    const L = this.layers;
    let maxRows = 0;
    let maxPack = 0;
    let maxPackB = 0;
    let maxGrad = 0;
    for (const l of L) {
      const pc = Math.min(CHUNK, n * l.positions);
      maxRows = Math.max(maxRows, l.rows);
      maxPack = Math.max(maxPack, packedASize(pc, l.rows), packedASize(l.rows, pc), packedASize(pc, l.cols));
      maxPackB = Math.max(maxPackB, packedBSize(pc, l.cols));
      maxGrad = Math.max(maxGrad, l.inSize, l.outSize);
      l.wp = k.alloc(packedBSize(l.rows, l.cols));
      l.wtp = l === L[0] ? 0 : k.alloc(packedBSize(l.cols, l.rows));
      l.dw = k.alloc(l.rows * l.cols);
    }
    this.train = { n, input: L.map((l) => k.alloc(n * l.inSize)), output: L.map((l) => k.alloc(n * l.outSize)) };
    this.grad = [k.alloc(n * maxGrad), k.alloc(n * maxGrad)];
    this.maxRows = maxRows;
    this.scratch = k.alloc(CHUNK * maxRows);
    this.packA = k.alloc(maxPack);
    this.packB = k.alloc(maxPackB);
    this.partial = q.adcBits !== null ? k.alloc(CHUNK * Math.max(...L.map((l) => l.cols))) : 0;
    const s = Math.max(...L.map((l) => l.subArrays));
    this.lo = new Float64Array(s);
    this.hi = new Float64Array(s);
  }

  /** Bytes of WebAssembly memory in use. */
  get bytes(): number {
    return this.k.bytes;
  }

  private view(at: number, count: number): Float32Array {
    return this.k.view(at, count);
  }

  /**
   * Load normalised crossbar weights (read noise already applied by the caller) for the next
   * passes: packs s_k W and s_k W^T for the GEMMs.
   */
  setWeights(ws: readonly Float32Array[]): void {
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i]!;
      const w = ws[i]!;
      if (w.length !== l.rows * l.cols) throw new Error(`weights of layer ${l.spec.name}: ${w.length} values for ${l.rows} x ${l.cols}`);
      // Stage the weights in the dW buffer (free between passes) and pack from there.
      this.view(l.dw, w.length).set(w);
      this.k.packBRows(l.dw, l.cols, l.rows, l.cols, l.wp, l.scale);
      if (l.wtp) this.k.packBCols(l.dw, l.cols, l.cols, l.rows, l.wtp, l.scale);
    }
  }

  /**
   * Forward and backward pass of `n` images (x: n images, y: their labels) that belong to a batch
   * of `batch` images (the loss is the batch mean). Afterwards `gradient(k)` holds dL/dW_eff of
   * layer k summed over these images (the caller multiplies by s_k once slices are combined).
   */
  trainSlice(x: Float32Array, y: ArrayLike<number>, n: number, batch: number, reduce: BatchReducer = WHOLE_BATCH): { lossSum: number; correct: number } {
    if (n > this.train.n) throw new Error(`slice of ${n} images exceeds the ${this.train.n} this network was sized for`);
    const b = { ...this.train, n };
    this.forward(b, x, reduce);
    const last = this.layers.length - 1;
    const logits = this.view(b.output[last]!, n * this.classes);
    const d = this.view(this.grad[0], n * this.classes);
    const r = lossAndGradient(this.loss, logits, y, n, this.classes, batch, d);
    this.backward(b, reduce);
    return r;
  }

  /** dL/dW_eff of layer k from the last trainSlice (a view into the kernel memory, rows x cols). */
  gradient(k: number): Float32Array {
    const l = this.layers[k]!;
    return this.view(l.dw, l.rows * l.cols);
  }

  /** Forward pass of `n` test images; returns how many are classified as their label. */
  evaluate(x: Float32Array, y: ArrayLike<number>, n: number, reduce: BatchReducer = WHOLE_BATCH): number {
    const b = this.evalBuffersFor(n);
    this.forward(b, x, reduce);
    return countCorrect(this.view(b.output[this.layers.length - 1]!, n * this.classes), y, n, this.classes);
  }

  /** Inference keeps no layer for a backward pass: two buffers, input and output, reused by every layer. */
  private evalBuffersFor(n: number): Buffers {
    if (n <= this.train.n) return { ...this.train, n };
    if (!this.evalBuffers || this.evalBuffers.n < n) {
      const L = this.layers;
      const a = this.k.alloc(n * Math.max(...L.map((l) => l.inSize)));
      const o = this.k.alloc(n * Math.max(...L.map((l) => l.outSize)));
      this.evalBuffers = { n, input: L.map(() => a), output: L.map(() => o) };
    }
    return { ...this.evalBuffers, n };
  }

  // The passes, one small method for each part (a profiler can time each).

  private forward(b: Buffers, x: Float32Array, reduce: BatchReducer): void {
    const { n } = b;
    this.view(b.input[0]!, n * this.inSize).set(x.subarray(0, n * this.inSize));
    let range = 1; // input pixels in [0, 1]
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i]!;
      this.quantizeInput(l, b.input[i]!, n, range);
      if (this.q.adcBits === null) this.mac(l, b.input[i]!, b.output[i]!, n);
      else this.macWithAdc(l, b.input[i]!, b.output[i]!, n, reduce);
      range = this.activate(l, b.output[i]!, n, reduce, range);
      if (i + 1 < this.layers.length) this.pool(l, b.output[i]!, b.input[i + 1]!, n);
    }
  }

  /** The layer input quantised to activationBits on [0, range] (in place). */
  private quantizeInput(l: Layer, input: number, n: number, range: number): void {
    if (this.q.activationBits !== null) this.k.quantizeUnsigned(input, n * l.inSize, this.q.activationBits, range);
  }

  /** The activation in place; returns the range of the next layer's input quantiser. */
  private activate(l: Layer, output: number, n: number, reduce: BatchReducer, range: number): number {
    const act = activation(l.spec.activation);
    const max = act.forward(this.k, output, n * l.outSize);
    if (act.range === 'unit') return 1;
    if (act.range === 'max') return this.q.activationBits !== null ? Math.max(reduce.max(max), 1e-12) : 1;
    return range;
  }

  /** The next layer's input: the max-pooled output (or a copy). */
  private pool(l: Layer, output: number, next: number, n: number): void {
    if (l.spec.pool > 1) this.k.maxPool(output, next, n, l.geo.ho, l.geo.wo, l.cols, l.spec.pool);
    else if (next !== output) this.view(next, n * l.pooledSize).set(this.view(output, n * l.outSize));
  }

  /** The packed im2col rows (A of the forward product) of positions p0 .. p0 + pc - 1. */
  private packPatches(l: Layer, input: number, p0: number, pc: number): void {
    let src = input + 4 * p0 * l.rows;
    if (l.patches) {
      this.k.im2col(input, l.geo, p0, pc, this.scratch);
      src = this.scratch;
    }
    this.k.packARows(src, l.rows, pc, l.rows, this.packA);
    this.onChunk();
  }

  /** z = patches(input) . s_k W into `output` (positions x cols), in chunks of output positions. */
  private mac(l: Layer, input: number, output: number, n: number): void {
    const P = n * l.positions;
    for (let p0 = 0; p0 < P; p0 += CHUNK) {
      const pc = Math.min(CHUNK, P - p0);
      this.packPatches(l, input, p0, pc);
      this.k.gemm(this.packA, l.wp, output + 4 * p0 * l.cols, l.cols, pc, l.cols, l.rows, false);
    }
  }

  /** Partial sums of sub-array s for the packed chunk (pc positions), in the partial buffer. */
  private subArrayPartial(l: Layer, s: number, pc: number): Float32Array {
    const k0 = s * l.subRows;
    this.k.gemm(this.packA, l.wp, this.partial, l.cols, pc, l.cols, Math.min(l.subRows, l.rows - k0), false, l.rows, k0);
    return this.view(this.partial, pc * l.cols);
  }

  /**
   * The MAC through the ADC: each sub-array's partial sums quantised between the batch's minimum
   * and maximum of that sub-array, then summed in sub-array order into `output`. Two passes over
   * the chunks (the range, then the conversion), so memory stays one chunk's partial sums whatever
   * the batch and the number of sub-arrays.
   */
  private macWithAdc(l: Layer, input: number, output: number, n: number, reduce: BatchReducer): void {
    const P = n * l.positions;
    const S = l.subArrays;
    const lo = this.lo.subarray(0, S).fill(Infinity);
    const hi = this.hi.subarray(0, S).fill(-Infinity);
    for (let p0 = 0; p0 < P; p0 += CHUNK) {
      const pc = Math.min(CHUNK, P - p0);
      this.packPatches(l, input, p0, pc);
      for (let s = 0; s < S; s++) {
        const p = this.subArrayPartial(l, s, pc);
        let a = lo[s]!;
        let z = hi[s]!;
        for (let i = 0; i < p.length; i++) {
          const v = p[i]!;
          if (v < a) a = v;
          if (v > z) z = v;
        }
        lo[s] = a;
        hi[s] = z;
      }
    }
    reduce.range(lo, hi);
    const bits = this.q.adcBits!;
    for (let p0 = 0; p0 < P; p0 += CHUNK) {
      const pc = Math.min(CHUNK, P - p0);
      this.packPatches(l, input, p0, pc);
      const out = this.view(output + 4 * p0 * l.cols, pc * l.cols);
      out.fill(0);
      for (let s = 0; s < S; s++) {
        const p = this.subArrayPartial(l, s, pc);
        adcQuantizeInPlace(p, bits, lo[s]!, hi[s]!);
        for (let i = 0; i < p.length; i++) out[i] = Math.fround(out[i]! + p[i]!);
      }
    }
  }

  private backward(b: Buffers, reduce: BatchReducer): void {
    const { n } = b;
    let [d, other] = this.grad;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i]!;
      // d: gradient of the next layer's input (its quantiser passes it straight through), or of the logits.
      if (i < this.layers.length - 1 && l.spec.pool > 1) {
        this.unpool(l, b.output[i]!, d, other, n);
        [d, other] = [other, d];
      }
      this.activationGradient(l, b.output[i]!, d, n);
      this.quantizeErrors(l, d, n, reduce);
      this.weightAndInputGradients(l, b.input[i]!, d, i > 0 ? other : 0, n);
      [d, other] = [other, d];
    }
  }

  private unpool(l: Layer, output: number, dPooled: number, dOut: number, n: number): void {
    this.k.maxPoolBackward(output, dPooled, dOut, n, l.geo.ho, l.geo.wo, l.cols, l.spec.pool);
  }

  private activationGradient(l: Layer, output: number, d: number, n: number): void {
    activation(l.spec.activation).backward(this.k, d, output, n * l.outSize);
  }

  /** dL/dz quantised to errorBits with the batch's largest magnitude. */
  private quantizeErrors(l: Layer, d: number, n: number, reduce: BatchReducer): void {
    const bits = this.q.errorBits;
    if (bits === null) return;
    const count = n * l.outSize;
    const max = reduce.max(this.k.maxAbs(d, count));
    const s = pow2Range(max);
    if (s === 0) return;
    const half = 2 ** (bits - 1);
    // quantizeErrorInPlace's steps; a range so small (near 1e-38) that 1 / step overflows float32 takes its float64 loop.
    if (Math.fround(half / s) === Infinity) quantizeErrorInPlace(this.view(d, count), bits, max);
    else this.k.roundToSteps(d, count, half / s, s / half, Math.max(half - 1, 1));
  }

  /** gradient(k) += src (another slice's gradient of layer k), through the im2col scratch in pieces. */
  addGradient(k: number, src: Float32Array): void {
    const l = this.layers[k]!;
    const room = CHUNK * this.maxRows;
    for (let o = 0; o < src.length; o += room) {
      const len = Math.min(room, src.length - o);
      this.view(this.scratch, len).set(src.subarray(o, o + len));
      this.k.add(l.dw + 4 * o, this.scratch, len);
    }
  }

  /** dL/dW_eff of every layer times its s_k, in place: dL/dW_norm (the tensor product rounds it the same). */
  scaleGradients(): void {
    for (const l of this.layers) this.k.scale(l.dw, l.rows * l.cols, l.scale);
  }

  /** dW_eff = patches(input)^T dz (summed over chunks of positions); dInput = col2im(dz (s_k W)^T) when dInput != 0. */
  private weightAndInputGradients(l: Layer, input: number, dz: number, dInput: number, n: number): void {
    const P = n * l.positions;
    if (dInput && l.patches) this.view(dInput, n * l.inSize).fill(0);
    for (let p0 = 0; p0 < P; p0 += CHUNK) {
      const pc = Math.min(CHUNK, P - p0);
      let src = input + 4 * p0 * l.rows;
      if (l.patches) {
        this.k.im2col(input, l.geo, p0, pc, this.scratch);
        src = this.scratch;
      }
      const dzChunk = dz + 4 * p0 * l.cols;
      this.onChunk();
      this.k.packACols(src, l.rows, l.rows, pc, this.packA);
      this.k.packBRows(dzChunk, l.cols, pc, l.cols, this.packB);
      this.k.gemm(this.packA, this.packB, l.dw, l.cols, l.rows, l.cols, pc, p0 > 0);
      if (!dInput) continue;
      this.k.packARows(dzChunk, l.cols, pc, l.cols, this.packA);
      if (l.patches) {
        this.k.gemm(this.packA, l.wtp, this.scratch, l.rows, pc, l.rows, l.cols, false);
        this.k.col2im(this.scratch, l.geo, p0, pc, dInput);
      } else this.k.gemm(this.packA, l.wtp, dInput + 4 * p0 * l.rows, l.rows, pc, l.rows, l.cols, false);
    }
  }
}
