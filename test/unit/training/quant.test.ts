import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adcQuantizeT, maxAbs, pow2Range, quantizeSignedInPlace, quantizeSignedT, quantizeUnsignedScalar, quantizeUnsignedT, roundHalfEven } from '../../../src/core/training/quant';
import { Optimizer } from '../../../src/core/training/optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Conventions: src/core/training/quant.ts header (WAGE, Wu et al. ICLR 2018, power-of-two error
// range; DNN+NeuroSim V2 LinearQuantizeOut for the ADC, rounding instead of floor).
describe('quantisers (values computed by hand)', () => {
  it('round half to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, -3]);
  });

  it('unsigned activations: 2 bits on [0, 1] -> levels 0, 1/3, 2/3, 1', () => {
    // 0.1*3 = 0.3 -> 0; 0.49*3 = 1.47 -> 1; 0.5*3 = 1.5 -> 2 (half-even); 1.2 clips to 1; -0.3 clips to 0
    const want = [0, 1 / 3, 2 / 3, 1, 0];
    const got = tf.tidy(() => quantizeUnsignedT(tf.tensor1d([0.1, 0.49, 0.5, 1.2, -0.3]), 2, 1).dataSync());
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    expect([0.1, 0.49, 0.5, 1.2, -0.3].map((v) => quantizeUnsignedScalar(v, 2, 1))).toEqual(want.map((v) => (v === 1 / 3 ? 1 / 3 : v)));
  });

  it('8-bit activations keep 8-bit pixels exact', () => {
    const px = [0, 1 / 255, 37 / 255, 254 / 255, 1];
    const got = tf.tidy(() => quantizeUnsignedT(tf.tensor1d(px), 8, 1).dataSync());
    px.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });

  it('signed power-of-two quantiser: 3 bits, max 0.45 -> range 0.5, step 0.125, codes clipped to +-3', () => {
    // 0.3/0.125 = 2.4 -> 2 -> 0.25; -0.05 -> -0.4 -> 0; 0.1 -> 0.8 -> 1 -> 0.125; 0.45 -> 3.6 -> 4 -> clip 3 -> 0.375
    const a = Float32Array.from([0.3, -0.05, 0.1, 0, 0.45]);
    const d = quantizeSignedInPlace(a, 3);
    expect(d).toBe(0.125);
    expect(Array.from(a)).toEqual([0.25, 0, 0.125, 0, 0.375]);
    const t = tf.tidy(() => quantizeSignedT(tf.tensor1d([0.3, -0.05, 0.1, 0, 0.45]), 3).dataSync());
    expect(Array.from(t).map((v) => v + 0)).toEqual([0.25, 0, 0.125, 0, 0.375]); // tf.round gives -0
    expect(pow2Range(0.3)).toBe(0.5);
    expect(pow2Range(3)).toBe(4);
  });

  it('signed quantiser rounds exact ties to even and never yields -0 (3 bits, range 0.5, step 0.125)', () => {
    // 0.1875/0.125 = 1.5 -> 2 -> 0.25; 0.0625 -> 0.5 -> 0; -0.1875 -> -1.5 -> -2 -> -0.25;
    // -0.0625 -> -0.5 -> 0 (+0); 0.3125 -> 2.5 -> 2 -> 0.25; max |a| = 0.3125 -> range 0.5.
    const a = Float32Array.from([0.1875, 0.0625, -0.1875, -0.0625, 0.3125]);
    expect(quantizeSignedInPlace(a, 3)).toBe(0.125);
    expect(Array.from(a)).toEqual([0.25, 0, -0.25, 0, 0.25]);
    expect(Object.is(a[3], -0)).toBe(false);
  });

  it('signed quantiser equals the scalar rule D * clip(roundHalfEven(x / D)) on random data, with or without a given max', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) - 0.5;
    const a = Float32Array.from({ length: 5000 }, (_, i) => rnd() * (i % 7 === 0 ? 3 : 0.2));
    for (const bits of [2, 5, 8]) {
      const m = maxAbs(a);
      const d = pow2Range(m) / 2 ** (bits - 1);
      const lim = 2 ** (bits - 1) - 1;
      const want = Array.from(a, (v) => d * Math.min(lim, Math.max(-lim, roundHalfEven(v / d))) + 0);
      const b = a.slice();
      const c = a.slice();
      expect(quantizeSignedInPlace(b, bits)).toBe(d);
      expect(quantizeSignedInPlace(c, bits, m)).toBe(d);
      expect(Array.from(b)).toEqual(want);
      expect(Array.from(c)).toEqual(want);
    }
  });

  it('tensor quantisers (computed on the JS side) equal the tensor expressions they replace, on random data', () => {
    let seed = 99;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296) - 0.5;
    const e = Float32Array.from({ length: 4000 }, (_, i) => rnd() * (i % 9 === 0 ? 7 : 0.03));
    for (const bits of [1, 2, 5, 8]) {
      const got = tf.tidy(() => Array.from(quantizeSignedT(tf.tensor1d(e), bits).dataSync()));
      const want = tf.tidy(() => {
        const t = tf.tensor1d(e);
        const s = pow2Range(tf.max(tf.abs(t)).dataSync()[0]!);
        const d = s / 2 ** (bits - 1);
        const lim = Math.max(2 ** (bits - 1) - 1, 1);
        return Array.from(tf.mul(tf.clipByValue(tf.round(tf.div(t, d)), -lim, lim), d).dataSync());
      });
      expect(got).toEqual(want.map((v) => v + 0)); // tf.round can give -0
      for (const range of [1, 3.7]) {
        const x = e.map((v) => v * 40 + 1);
        const gotU = tf.tidy(() => Array.from(quantizeUnsignedT(tf.tensor1d(x), bits, range).dataSync()));
        const wantU = tf.tidy(() => {
          const l = 2 ** bits - 1;
          return Array.from(tf.mul(tf.round(tf.mul(tf.clipByValue(tf.tensor1d(x), 0, range), l / range)), range / l).dataSync());
        });
        expect(gotU).toEqual(wantU.map((v) => v + 0));
      }
    }
  });

  it('signed quantiser leaves an all-zero array alone', () => {
    const a = new Float32Array(4);
    expect(quantizeSignedInPlace(a, 5)).toBe(0);
    expect(Array.from(a)).toEqual([0, 0, 0, 0]);
  });

  it('ADC: 2 bits between each sub-array min and max', () => {
    // row 0: min 0, max 3, step 1: 2.5 -> 2 (half-even). row 1: min 10, max 12, step 2/3: 10.4 -> 0.6 -> 1 -> 10.667; 11.2 -> 1.8 -> 2 -> 11.333
    const got = tf.tidy(() => adcQuantizeT(tf.tensor2d([[0, 1, 2.5, 3], [10, 10.4, 11.2, 12]]), 2).arraySync()) as number[][];
    expect(got[0]).toEqual([0, 1, 2, 3]);
    [10, 10 + 2 / 3, 10 + 4 / 3, 12].forEach((v, i) => expect(got[1]![i]).toBeCloseTo(v, 4));
  });
});

describe('optimisers (hand values)', () => {
  it('sgd and momentum (v = mu v + g; dw = -lr v)', () => {
    const sgd = new Optimizer('sgd', 0.1, 0.9, [1]);
    const dw = new Float32Array(1);
    sgd.beginStep();
    expect(sgd.delta(0, Float32Array.of(2), dw)).toBe(Math.fround(0.2)); // returns max |dw| as stored
    expect(dw[0]).toBeCloseTo(-0.2, 7);
    const m = new Optimizer('momentum', 0.1, 0.9, [1]);
    m.beginStep();
    m.delta(0, Float32Array.of(1), dw);
    expect(dw[0]).toBeCloseTo(-0.1, 7);
    m.beginStep();
    m.delta(0, Float32Array.of(1), dw);
    expect(dw[0]).toBeCloseTo(-0.19, 6);
  });

  it('adam: the first bias-corrected step is -lr * sign(g)', () => {
    const a = new Optimizer('adam', 0.01, 0, [2]);
    const dw = new Float32Array(2);
    a.beginStep();
    expect(a.delta(0, Float32Array.of(3, -0.5), dw)).toBe(Math.max(Math.abs(dw[0]!), Math.abs(dw[1]!)));
    expect(dw[0]).toBeCloseTo(-0.01, 6);
    expect(dw[1]).toBeCloseTo(0.01, 6);
  });
});
