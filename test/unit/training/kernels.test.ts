import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble, MODULES } from '../../../scripts/build-wasm';
import { crossbarShape, NETWORKS } from '../../../src/core/networks';
import { Rng } from '../../../src/core/rng';
import { FLOAT_QUANT, layerScale, type QuantOptions } from '../../../src/core/training/crossbar';
import { KernelNetwork } from '../../../src/core/training/kernels/kernel-network';
import { packedASize, packedBSize, TensorKernel, tensorKernelUnavailable } from '../../../src/core/training/kernels/tensor-kernel';
import { TENSOR_KERNEL_WASM_BASE64 } from '../../../src/core/training/kernels/tensor-kernel.wasm';
import { forward, im2col, im2colPlans, lossFn } from '../../../src/core/training/network';
import { maxAbs, pow2Range, quantizeErrorInPlace, quantizeSignedInPlace, quantizeUnsignedInPlace } from '../../../src/core/training/quantizers';
import { setArrayOps } from '../../../src/core/training/kernels/array-ops';
import { Optimizer } from '../../../src/core/training/optimizer';
import { IdealSynapse } from '../../../src/core/synapse/ideal';
import { syntheticSplit } from '../../../src/core/training/synthetic';
import { decodeBase64 } from '../../../src/core/wasm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randArray(n: number, rng: Rng, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * (2 * rng.uniform() - 1);
  return a;
}

/** C = A B summed as the kernel documents it: per output, 0 + a0 b0 + a1 b1 + ... in float32, multiply then add. */
function referenceGemm(a: (i: number, k: number) => number, b: (k: number, j: number) => number, m: number, n: number, k: number): Float32Array {
  const f = Math.fround;
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) s = f(s + f(a(i, kk) * b(kk, j)));
      c[i * n + j] = s;
    }
  return c;
}

describe('tensor kernel GEMM', () => {
  // Shapes with edges in every dimension (m not a multiple of 4, n not of 8, k odd).
  const shapes = [
    [1, 1, 1],
    [5, 9, 3],
    [13, 17, 37],
    [64, 24, 100],
  ] as const;
  for (const [m, n, k] of shapes) {
    it(`equals a float32 loop summed in order, bit for bit, for every operand layout (${m} x ${k} . ${k} x ${n})`, () => {
      const rng = new Rng(m * 100 + n);
      const A = randArray(m * k, rng);
      const B = randArray(k * n, rng);
      const scale = 0.37;
      const kern = TensorKernel.create()!;
      const aRows = kern.alloc(m * k); // A row-major [m, k]
      const aCols = kern.alloc(m * k); // A^T row-major [k, m]
      const bRows = kern.alloc(k * n); // B row-major [k, n]
      const bCols = kern.alloc(k * n); // B^T row-major [n, k]
      const ap = kern.alloc(packedASize(m, k));
      const bp = kern.alloc(packedBSize(k, n));
      const c = kern.alloc(m * n);
      kern.view(aRows, m * k).set(A);
      kern.view(bRows, k * n).set(B);
      const at = kern.view(aCols, m * k);
      for (let i = 0; i < m; i++) for (let kk = 0; kk < k; kk++) at[kk * m + i] = A[i * k + kk]!;
      const bt = kern.view(bCols, k * n);
      for (let kk = 0; kk < k; kk++) for (let j = 0; j < n; j++) bt[j * k + kk] = B[kk * n + j]!;
      const f = Math.fround;
      const ref = referenceGemm((i, kk) => A[i * k + kk]!, (kk, j) => f(B[kk * n + j]! * f(scale)), m, n, k);
      for (const [packA, packB] of [
        [() => kern.packARows(aRows, k, m, k, ap), () => kern.packBRows(bRows, n, k, n, bp, scale)],
        [() => kern.packACols(aCols, m, m, k, ap), () => kern.packBCols(bCols, k, k, n, bp, scale)],
      ] as const) {
        packA();
        packB();
        kern.gemm(ap, bp, c, n, m, n, k, false);
        expect(Array.from(kern.view(c, m * n))).toEqual(Array.from(ref));
      }
      // Accumulating adds the product to what C holds.
      kern.gemm(ap, bp, c, n, m, n, k, true);
      expect(Array.from(kern.view(c, m * n))).toEqual(Array.from(ref).map((v) => f(v + v)));
    });
  }

  it('a slice of kk (an ADC sub-array) uses only those rows of A and columns of B', () => {
    const [m, n, k, k0, ks] = [6, 10, 20, 7, 5];
    const rng = new Rng(9);
    const A = randArray(m * k, rng);
    const B = randArray(k * n, rng);
    const kern = TensorKernel.create()!;
    const a = kern.alloc(m * k);
    const b = kern.alloc(k * n);
    const ap = kern.alloc(packedASize(m, k));
    const bp = kern.alloc(packedBSize(k, n));
    const c = kern.alloc(m * n);
    kern.view(a, m * k).set(A);
    kern.view(b, k * n).set(B);
    kern.packARows(a, k, m, k, ap);
    kern.packBRows(b, n, k, n, bp);
    kern.gemm(ap, bp, c, n, m, n, ks, false, k, k0);
    const ref = referenceGemm((i, kk) => A[i * k + k0 + kk]!, (kk, j) => B[(k0 + kk) * n + j]!, m, n, ks);
    expect(Array.from(kern.view(c, m * n))).toEqual(Array.from(ref));
  });

  it('the committed module is the assembly of tensor-kernel.wat (run `npm run build:wasm` after editing it)', async () => {
    const bytes = await assemble(MODULES.tensor.wat);
    expect(Array.from(decodeBase64(TENSOR_KERNEL_WASM_BASE64))).toEqual(Array.from(bytes));
  });
});

describe('tensor kernel element-wise quantisers', () => {
  /** Awkward values: ties at every rounding, signed zeros, the clipping edges, NaN, and random ones. */
  function awkward(n: number, scale: number): Float32Array {
    const rng = new Rng(17);
    const special = [0, -0, Number.NaN, 0.5, -0.5, 1.5, -1.5, 2.5, 1, -1, 1e-30, -1e-30, 3.4e38, -3.4e38];
    return Float32Array.from({ length: n }, (_, i) => (i < special.length ? special[i]! : scale * (2 * rng.uniform() - 1)));
  }
  // Bit patterns (so +0 and -0 differ); every NaN counts as one (its sign and payload are the engine's).
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length), (u, i) => (Number.isNaN(a[i]) ? -1 : u));

  it('activation and error quantisers give the bits of the JavaScript ones (ties to even, +0 for -0, NaN kept)', () => {
    const kern = TensorKernel.create()!;
    const n = 1003; // not a multiple of 4: the one-at-a-time tail runs too
    const p = kern.alloc(n);
    for (const [b, range] of [[8, 1], [3, 0.7], [8, 6.25]] as const) {
      const x = awkward(n, 2 * range);
      kern.view(p, n).set(x);
      kern.quantizeUnsigned(p, n, b, range);
      const ref = x.slice();
      quantizeUnsignedInPlace(ref, b, range);
      expect(bits(kern.view(p, n))).toEqual(bits(ref));
    }
    for (const [b, scale] of [[8, 1e-3], [5, 40], [2, 1]] as const) {
      const x = awkward(n, scale);
      kern.view(p, n).set(x);
      const max = kern.maxAbs(p, n);
      expect(max).toBe(maxAbs(x));
      const half = 2 ** (b - 1);
      const s = pow2Range(max);
      kern.roundToSteps(p, n, half / s, s / half, Math.max(half - 1, 1));
      const ref = x.slice();
      quantizeErrorInPlace(ref, b, maxAbs(ref));
      expect(bits(kern.view(p, n))).toEqual(bits(ref));
    }
  });
});

describe('tensor kernel sigmoid', () => {
  it('is within 2 float32 ulps of 1 / (1 + exp(-x)) rounded, exact at 0, 0 and 1 in the far tails, NaN kept', () => {
    const kern = TensorKernel.create()!;
    const n = 200001;
    const p = kern.alloc(n);
    const x = Float32Array.from({ length: n }, (_, i) => -87 + (174 * i) / (n - 1));
    const v = kern.view(p, n);
    v.set(x);
    kern.sigmoid(p, n);
    const got = new Int32Array(v.buffer, v.byteOffset, n);
    const ref = new Int32Array(Float32Array.from(x, (t) => 1 / (1 + Math.exp(-t))).buffer);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!)); // adjacent floats differ by 1 in their bits
    expect(worst).toBeLessThanOrEqual(2);
    v.set([0, -0, 100, -100, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    kern.sigmoid(p, 7);
    expect(Array.from(v.subarray(0, 7))).toEqual([0.5, 0.5, 1, 0, Number.NaN, 1, 0]);
  });
});

describe('tensor kernel im2col / col2im', () => {
  const cases = [
    { b: 2, h: 7, w: 7, c: 3, k: 3, pad: 1, stride: 1 },
    { b: 1, h: 8, w: 8, c: 4, k: 5, pad: 0, stride: 1 },
    { b: 2, h: 9, w: 9, c: 2, k: 3, pad: 1, stride: 2 },
  ];
  for (const cs of cases) {
    const ho = Math.floor((cs.h + 2 * cs.pad - cs.k) / cs.stride) + 1;
    const geo = { h: cs.h, w: cs.w, c: cs.c, k: cs.k, pad: cs.pad, stride: cs.stride, ho, wo: ho };
    const rowLen = cs.k * cs.k * cs.c;
    const P = cs.b * ho * ho;
    it(`im2col equals the TF.js graph's (gather), in chunks; col2im is its exact adjoint (k=${cs.k}, pad=${cs.pad}, stride=${cs.stride})`, () => {
      const rng = new Rng(cs.k * 10 + cs.stride);
      // Small integers: every sum is exact, so the adjoint can be compared bit for bit.
      const x = Float32Array.from({ length: cs.b * cs.h * cs.w * cs.c }, () => rng.int(9) - 4);
      const dy = Float32Array.from({ length: P * rowLen }, () => rng.int(9) - 4);
      const kern = TensorKernel.create()!;
      const xa = kern.alloc(x.length);
      const rows = kern.alloc(P * rowLen);
      const dx = kern.alloc(x.length);
      const dya = kern.alloc(dy.length);
      kern.view(xa, x.length).set(x);
      kern.view(dya, dy.length).set(dy);
      for (let p0 = 0; p0 < P; p0 += 5) kern.im2col(xa, geo, p0, Math.min(5, P - p0), rows + 4 * p0 * rowLen);
      for (let p0 = 0; p0 < P; p0 += 7) kern.col2im(dya + 4 * p0 * rowLen, geo, p0, Math.min(7, P - p0), dx);
      const [ref, refDx] = tf.tidy(() => {
        const xt = tf.tensor4d(x, [cs.b, cs.h, cs.w, cs.c]);
        const cols = im2col(xt, cs.k, cs.pad, cs.stride);
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(im2col(a as tf.Tensor4D, cs.k, cs.pad, cs.stride), tf.tensor2d(dy, [P, rowLen]))))(xt);
        return [cols.dataSync(), g.dataSync()];
      });
      expect(Array.from(kern.view(rows, P * rowLen))).toEqual(Array.from(ref));
      expect(Array.from(kern.view(dx, x.length))).toEqual(Array.from(refDx));
    });
  }
});

describe('kernel network against the TF.js graph (automatic differentiation, cpu backend)', () => {
  const Q8: QuantOptions = { ...FLOAT_QUANT, activationBits: 8, errorBits: 8 };
  const cases = [
    { net: 'mlp-784-100-10' as const, quant: FLOAT_QUANT, loss: 'cross-entropy' as const, b: 12 },
    { net: 'mlp-400-100-10' as const, quant: Q8, loss: 'sse' as const, b: 9 },
    { net: 'lenet5' as const, quant: Q8, loss: 'cross-entropy' as const, b: 5 },
    { net: 'lenet5' as const, quant: { ...Q8, adcBits: 6, subArrayRows: 32 }, loss: 'sse' as const, b: 4 },
  ];
  for (const cs of cases) {
    it(`same loss, predictions and gradients dL/dW (${cs.net}, ${cs.quant.activationBits ? 'quantised' : 'float'}${cs.quant.adcBits ? ', ADC' : ''}, ${cs.loss})`, () => {
      const net = NETWORKS[cs.net];
      const data = syntheticSplit(cs.b, net.input.h, net.input.w, net.input.c, 3);
      const rng = new Rng(5);
      const ws = net.layers.map((l) => {
        const { rows, cols } = crossbarShape(l);
        return randArray(rows * cols, rng);
      });
      const scales = net.layers.map(layerScale);
      const y = Int32Array.from(data.labels);
      const kn = KernelNetwork.create(net, cs.quant, cs.loss, cs.b)!;
      kn.setWeights(ws);
      const r = kn.trainSlice(data.images, y, cs.b, cs.b);
      const got = net.layers.map((_, k) => Float32Array.from(kn.gradient(k), (v) => Math.fround(v * Math.fround(scales[k]!))));
      const correct = kn.evaluate(data.images, y, cs.b);
      // A network sized for fewer training images evaluates in its own inference buffers.
      const small = KernelNetwork.create(net, cs.quant, cs.loss, 2)!;
      small.setWeights(ws);
      const correctSmall = small.evaluate(data.images, y, cs.b);
      const plans = im2colPlans(net);
      const [loss, grads, refCorrect] = tf.tidy(() => {
        const xt = tf.tensor4d(data.images, [cs.b, net.input.h, net.input.w, net.input.c]);
        const onehot = tf.oneHot(tf.tensor1d(y, 'int32'), net.classes).toFloat() as tf.Tensor2D;
        const f = (...w: tf.Tensor[]) => lossFn(cs.loss, forward(net, xt, w as tf.Tensor2D[], scales, { quant: cs.quant, training: true }, plans), onehot);
        const wt = ws.map((w, k) => tf.tensor2d(w, [crossbarShape(net.layers[k]!).rows, crossbarShape(net.layers[k]!).cols]));
        const { value, grads: g } = tf.valueAndGrads(f)(wt);
        const logits = forward(net, xt, wt, scales, { quant: cs.quant, training: false }, plans);
        const c = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(y, 'int32')), 'float32'));
        return [value.dataSync()[0]!, g.map((t) => t.dataSync() as Float32Array), c.dataSync()[0]!] as const;
      });
      for (const p of plans) p?.dispose();
      expect(r.lossSum / cs.b).toBeCloseTo(loss, 5);
      expect(correct).toBe(refCorrect);
      expect(correctSmall).toBe(refCorrect);
      grads.forEach((g, k) => {
        let diff = 0;
        let mag = 0;
        for (let i = 0; i < g.length; i++) {
          diff = Math.max(diff, Math.abs(g[i]! - got[k]![i]!));
          mag = Math.max(mag, Math.abs(g[i]!));
        }
        // Only the float summation order differs (the cpu backend sums products in float64 blocks).
        expect(diff).toBeLessThanOrEqual(1e-5 * mag);
      });
    });
  }
});

describe('SIMD array operations (optimiser step, gradient quantiser, ideal synapse update)', () => {
  /** Run `fn` with the SIMD operations and with the JavaScript loops; both results. */
  function both<T>(fn: () => T): [T, T] {
    const simd = fn();
    setArrayOps('js');
    try {
      return [simd, fn()];
    } finally {
      setArrayOps('auto');
    }
  }
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length), (u, i) => (Number.isNaN(a[i]) ? -1 : u));

  it('give the bits of the JavaScript loops', () => {
    expect(tensorKernelUnavailable()).toBe(''); // the SIMD side does run
    const rng = new Rng(23);
    const n = 1003;
    const g = Float32Array.from({ length: n }, (_, i) => (i < 4 ? [0, -0, Number.NaN, 1e-30][i]! : (rng.uniform() - 0.5) * 1e-3));
    for (const lr of [10, 0.1, 3.7]) {
      const [a, b] = both(() => {
        const opt = new Optimizer('sgd', lr, 0, [n]);
        const dw = new Float32Array(n);
        opt.beginStep();
        const max = opt.delta(0, g, dw);
        const q = dw.slice();
        const step = quantizeSignedInPlace(q, 5, max);
        return { max, dw, q, step };
      });
      expect(a.max).toBe(b.max);
      expect(a.step).toBe(b.step);
      expect(bits(a.dw)).toEqual(bits(b.dw));
      expect(bits(a.q)).toEqual(bits(b.q));
    }
    const [rows, cols] = [17, 59]; // rows of a length that is not a multiple of 4
    const w0 = Float32Array.from({ length: rows * cols }, () => 2 * rng.uniform() - 1);
    const dw = Float32Array.from({ length: rows * cols }, (_, i) => (i % 3 === 0 ? 0 : i % 7 === 0 ? -0 : (rng.uniform() - 0.5) * 0.3));
    dw.fill(0, 2 * cols, 3 * cols); // a row without a write
    const [a, b] = both(() => {
      const syn = new IdealSynapse(rows, cols);
      syn.initialize(w0, rng);
      syn.update(dw, rng);
      syn.update(dw, rng);
      return { w: syn.w.slice(), counts: syn.counts() };
    });
    expect(bits(a.w)).toEqual(bits(b.w));
    expect(a.counts).toEqual(b.counts);
    expect(a.counts.rowsWritten).toBe(2 * (rows - 1));
  });
});

describe('tensor kernel max pooling', () => {
  /** Reference: each window's maximum (m = v when v > m or v is NaN), and TF.js's gradient of a max. */
  function reference(a: Float32Array, n: number, h: number, w: number, c: number, p: number, dOut: Float32Array) {
    const out: number[] = [];
    const dA = new Float32Array(a.length);
    let o = 0;
    for (let b = 0; b < n; b++)
      for (let oy = 0; oy < h / p; oy++)
        for (let ox = 0; ox < w / p; ox++)
          for (let ch = 0; ch < c; ch++) {
            const at = (dy: number, dx: number): number => ((b * h + oy * p + dy) * w + ox * p + dx) * c + ch;
            let m = -Infinity;
            for (let dy = 0; dy < p; dy++) for (let dx = 0; dx < p; dx++) if (a[at(dy, dx)]! > m || Number.isNaN(a[at(dy, dx)])) m = a[at(dy, dx)]!;
            out.push(m);
            for (let dy = 0; dy < p; dy++) for (let dx = 0; dx < p; dx++) if (a[at(dy, dx)] === m) dA[at(dy, dx)] = dOut[o]!;
            o++;
          }
    return { out: Float32Array.from(out), dA };
  }
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length), (u, i) => (Number.isNaN(a[i]) ? -1 : u));

  for (const [c, p] of [[8, 2], [6, 2], [3, 3]] as const) {
    it(`forward and gradient equal the reference bit for bit (c = ${c}, p = ${p}; ties, NaN, signed zeros)`, () => {
      const [n, h, w] = [2, 2 * p, 3 * p];
      const rng = new Rng(c * 10 + p);
      // Few distinct values: many ties inside windows; a NaN and signed zeros among them.
      const a = Float32Array.from({ length: n * h * w * c }, (_, i) => (i === 5 ? Number.NaN : i % 11 === 0 ? -0 : rng.int(4) - 1));
      const pooled = (n * h * w * c) / (p * p);
      const dOut = Float32Array.from({ length: pooled }, () => rng.normal());
      const kern = TensorKernel.create()!;
      const at = kern.alloc(a.length);
      const out = kern.alloc(pooled);
      const dO = kern.alloc(pooled);
      const dA = kern.alloc(a.length);
      kern.view(at, a.length).set(a);
      kern.view(dO, pooled).set(dOut);
      kern.maxPool(at, out, n, h, w, c, p);
      kern.maxPoolBackward(at, dO, dA, n, h, w, c, p);
      const ref = reference(a, n, h, w, c, p, dOut);
      expect(bits(kern.view(out, pooled))).toEqual(bits(ref.out));
      expect(bits(kern.view(dA, a.length))).toEqual(bits(ref.dA));
    });
  }
});
