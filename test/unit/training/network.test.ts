import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { cimMatMul, conv2dIm2col, FLOAT_QUANT, im2col, maxPool } from '../../../src/core/training/network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Direct (loop) convolution, NHWC input, crossbar weights [(ky*K+kx)*C + c, co]. */
function directConv(x: Float32Array, b: number, h: number, w: number, c: number, wt: Float32Array, k: number, co: number, pad: number, stride: number): Float32Array {
  const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
  const wo = Math.floor((w + 2 * pad - k) / stride) + 1;
  const out = new Float32Array(b * ho * wo * co);
  for (let n = 0; n < b; n++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++)
        for (let o = 0; o < co; o++) {
          let s = 0;
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * stride + ky - pad;
              const ix = ox * stride + kx - pad;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let ci = 0; ci < c; ci++) s += x[((n * h + iy) * w + ix) * c + ci]! * wt[((ky * k + kx) * c + ci) * co + o]!;
            }
          out[((n * ho + oy) * wo + ox) * co + o] = s;
        }
  return out;
}

function randArray(n: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

describe('im2col convolution', () => {
  const cases = [
    { b: 2, h: 7, w: 7, c: 3, k: 3, co: 4, pad: 1, stride: 1 },
    { b: 1, h: 8, w: 8, c: 2, k: 5, co: 3, pad: 0, stride: 1 },
    { b: 2, h: 9, w: 9, c: 2, k: 3, co: 2, pad: 1, stride: 2 },
  ];
  for (const cs of cases) {
    it(`equals a direct convolution (k=${cs.k}, pad=${cs.pad}, stride=${cs.stride})`, () => {
      const rng = new Rng(7);
      const x = randArray(cs.b * cs.h * cs.w * cs.c, rng);
      const wt = randArray(cs.k * cs.k * cs.c * cs.co, rng);
      const ref = directConv(x, cs.b, cs.h, cs.w, cs.c, wt, cs.k, cs.co, cs.pad, cs.stride);
      const y = tf.tidy(() =>
        conv2dIm2col(tf.tensor4d(x, [cs.b, cs.h, cs.w, cs.c]), tf.tensor2d(wt, [cs.k * cs.k * cs.c, cs.co]), cs.k, cs.pad, cs.stride).dataSync(),
      );
      expect(y.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) expect(y[i]).toBeCloseTo(ref[i]!, 4);
    });
  }

  it('matches tf.conv2d and its row order is the [K,K,Cin,Cout] filter order', () => {
    const rng = new Rng(3);
    const x = randArray(1 * 6 * 6 * 2, rng);
    const wt = randArray(3 * 3 * 2 * 5, rng);
    const a = tf.tidy(() => conv2dIm2col(tf.tensor4d(x, [1, 6, 6, 2]), tf.tensor2d(wt, [18, 5]), 3, 1).dataSync());
    const b = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [1, 6, 6, 2]), tf.tensor4d(wt, [3, 3, 2, 5]), 1, 'same').dataSync());
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 4);
  });

  it('its custom gradient (col2im by gather) equals tf.conv2d gradients for input and weights', () => {
    const rng = new Rng(4);
    const x = randArray(2 * 7 * 7 * 3, rng);
    const wt = randArray(5 * 5 * 3 * 4, rng);
    const r = randArray(2 * 5 * 5 * 4, rng); // pad 1, k 5: 7 + 2 - 5 + 1 = 5
    const [gx, gw, rx, rw] = tf.tidy(() => {
      const xt = tf.tensor4d(x, [2, 7, 7, 3]);
      const rt = tf.tensor4d(r, [2, 5, 5, 4]);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dIm2col(a as tf.Tensor4D, b as tf.Tensor2D, 5, 1), rt));
      const g = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]), rt));
      const [ga, gb] = tf.grads(f)([xt, tf.tensor2d(wt, [75, 4])]);
      const [ha, hb] = tf.grads(g)([xt, tf.tensor4d(wt, [5, 5, 3, 4])]);
      return [ga!.dataSync(), gb!.dataSync(), ha!.dataSync(), hb!.dataSync()];
    });
    for (let i = 0; i < rx.length; i++) expect(gx[i]).toBeCloseTo(rx[i]!, 3);
    for (let i = 0; i < rw.length; i++) expect(gw[i]).toBeCloseTo(rw[i]!, 3);
  });

  it('im2col lays out a known patch', () => {
    // 1x3x3x1 image 1..9, k=2, no pad: first patch rows (ky,kx) = (0,0),(0,1),(1,0),(1,1) -> 1,2,4,5
    const p = tf.tidy(() => im2col(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), 2, 0).arraySync());
    expect(p).toEqual([
      [1, 2, 4, 5],
      [2, 3, 5, 6],
      [4, 5, 7, 8],
      [5, 6, 8, 9],
    ]);
  });

  it('max pool by reshape equals a direct 2x2 max pool', () => {
    const rng = new Rng(5);
    const x = randArray(2 * 4 * 6 * 3, rng);
    const y = tf.tidy(() => maxPool(tf.tensor4d(x, [2, 4, 6, 3]), 2).dataSync());
    let i = 0;
    for (let n = 0; n < 2; n++)
      for (let oy = 0; oy < 2; oy++)
        for (let ox = 0; ox < 3; ox++)
          for (let ch = 0; ch < 3; ch++) {
            let m = -Infinity;
            for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) m = Math.max(m, x[((n * 4 + oy * 2 + dy) * 6 + ox * 2 + dx) * 3 + ch]!);
            expect(y[i++]).toBeCloseTo(m, 6);
          }
  });
});

describe('crossbar MAC with ADC', () => {
  const x = [
    [1, 0, 1, 1],
    [0, 1, 1, 0],
    [1, 1, 0, 1],
  ];
  const w = [[0.1], [0.25], [0.3], [0.4]];

  it('quantises partial sums per sub-array (values worked by hand)', () => {
    // Sub-array rows 0-1: partials [0.1, 0.25, 0.35]; 1-bit ADC between min 0.1 and max 0.35, step 0.25:
    //   (0.25-0.1)/0.25 = 0.6 -> 1 -> 0.35, so [0.1, 0.35, 0.35].
    // Sub-array rows 2-3: partials [0.7, 0.3, 0.4]; step 0.4: (0.4-0.3)/0.4 = 0.25 -> 0 -> 0.3, so [0.7, 0.3, 0.3].
    // Sum: [0.8, 0.65, 0.65] (float MAC would give [0.8, 0.55, 0.75]).
    const q = { ...FLOAT_QUANT, adcBits: 1, subArrayRows: 2 };
    const y = tf.tidy(() => cimMatMul(tf.tensor2d(x), tf.tensor2d(w), q, 1).dataSync());
    expect(Array.from(y).map((v) => +v.toFixed(5))).toEqual([0.8, 0.65, 0.65]);
  });

  it('bit-serial inputs with a fine ADC reproduce the float MAC; gradients are straight-through', () => {
    const rng = new Rng(11);
    const xs = new Float32Array(5 * 6).map(() => Math.round(rng.uniform() * 15) / 15); // 4-bit codes
    const ws = randArray(6 * 3, rng);
    const q = { ...FLOAT_QUANT, adcBits: 16, subArrayRows: 4, bitSerialInputs: true, activationBits: 4 };
    const [yq, yf, gq, gf] = tf.tidy(() => {
      const xt = tf.tensor2d(xs, [5, 6]);
      const wt = tf.tensor2d(ws, [6, 3]);
      const fq = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(cimMatMul(a as tf.Tensor2D, b as tf.Tensor2D, q, 1)));
      const ff = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)));
      return [
        cimMatMul(xt, wt, q, 1).dataSync(),
        tf.matMul(xt, wt).dataSync(),
        tf.grads(fq)([xt, wt])[1]!.dataSync(),
        tf.grads(ff)([xt, wt])[1]!.dataSync(),
      ];
    });
    for (let i = 0; i < yf.length; i++) expect(yq[i]).toBeCloseTo(yf[i]!, 3);
    for (let i = 0; i < gf.length; i++) expect(gq[i]).toBeCloseTo(gf[i]!, 2);
  });

  it('a coarse ADC changes the result (the switch is live)', () => {
    const rng = new Rng(12);
    const xs = new Float32Array(8 * 16).map(() => rng.uniform());
    const ws = randArray(16 * 4, rng);
    const y2 = tf.tidy(() => cimMatMul(tf.tensor2d(xs, [8, 16]), tf.tensor2d(ws, [16, 4]), { ...FLOAT_QUANT, adcBits: 2, subArrayRows: 4 }, 1).dataSync());
    const yf = tf.tidy(() => tf.matMul(tf.tensor2d(xs, [8, 16]), tf.tensor2d(ws, [16, 4])).dataSync());
    let d = 0;
    for (let i = 0; i < yf.length; i++) d = Math.max(d, Math.abs(y2[i]! - yf[i]!));
    expect(d).toBeGreaterThan(0.05);
  });
});
