import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../../src/core/networks';
import { createTrainer, quantOptions } from '../../../src/core/training/engine';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/core/training/checkpoint';
import { layerScale } from '../../../src/core/training/network';
import type { EpochMetrics } from '../../../src/core/training/types';
import { config, idealFactory, noisyFactory, toySplit } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quiet = { hardwareSecondsPerBatch: 1e-6 };

describe('hardware-aware engine with ideal synapses', () => {
  it('with quantisation disabled matches plain float TF.js training (full-batch SGD)', () => {
    const n = 48;
    const train = toySplit(n, 20, 20, 1, 1);
    const test = toySplit(20, 20, 20, 1, 2);
    const lr = 3;
    const cfg = config({
      seed: 5,
      workload: { network: 'mlp-400-100-10' },
      synapse: { scheme: 'ideal' },
      training: { epochs: 4, batchSize: n, learningRate: lr, optimizer: 'sgd', quant: { enabled: false } },
    });
    expect(quantOptions(cfg).gradientBits).toBeNull();
    const trainer = createTrainer(cfg, { train, test }, { ...quiet, synapseFactory: idealFactory });
    const w0 = trainer.weights();
    const losses = [0, 1, 2, 3].map(() => trainer.runEpoch().trainLoss);
    const wHw = trainer.weights();
    trainer.dispose();

    // Plain reference, written independently: sigmoid MLP on s_k * W, softmax cross-entropy, W -= lr * dL/dW, clip to [-1, 1].
    const net = NETWORKS['mlp-400-100-10'];
    const s = net.layers.map(layerScale);
    let W = w0.map((w, k) => tf.tensor2d(w, [net.layers[k]!.inC, net.layers[k]!.outC]));
    const x = tf.tensor2d(train.images, [n, 400]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), 'int32'), 10).toFloat();
    const ref: number[] = [];
    for (let e = 0; e < 4; e++) {
      const next = tf.tidy(() => {
        const f = (w1: tf.Tensor, w2: tf.Tensor) => {
          const h = tf.sigmoid(tf.matMul(x, tf.mul(w1, s[0]!) as tf.Tensor2D));
          const logits = tf.matMul(h, tf.mul(w2, s[1]!) as tf.Tensor2D);
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(f)(W);
        ref.push(value.dataSync()[0]!);
        return W.map((w, k) => tf.clipByValue(tf.sub(w, tf.mul(grads[k]!, lr)), -1, 1) as tf.Tensor2D);
      });
      W.forEach((w) => w.dispose());
      W = next;
    }
    const wRef = W.map((w) => w.dataSync());
    losses.forEach((l, i) => expect(l).toBeCloseTo(ref[i]!, 4));
    expect(ref[3]!).toBeLessThan(ref[0]!); // the reference itself learns
    for (let k = 0; k < 2; k++) {
      let d = 0;
      for (let i = 0; i < wRef[k]!.length; i++) d = Math.max(d, Math.abs(wRef[k]![i]! - wHw[k]![i]!));
      expect(d).toBeLessThan(1e-4);
    }
    tf.dispose([...W, x, y]);
  });

  it('quantisation enabled changes the trajectory (the switch is live)', () => {
    const train = toySplit(32, 20, 20, 1, 1);
    const test = toySplit(10, 20, 20, 1, 2);
    const base = { seed: 5, workload: { network: 'mlp-400-100-10' as const }, synapse: { scheme: 'ideal' as const } };
    const run = (enabled: boolean) => {
      const tr = createTrainer(config({ ...base, training: { batchSize: 8, learningRate: 3, quant: { enabled, gradientBits: 3 } } }), { train, test }, { ...quiet, synapseFactory: idealFactory });
      tr.runEpoch();
      const w = tr.weights()[0]!;
      tr.dispose();
      return w;
    };
    const a = run(true);
    const b = run(false);
    let d = 0;
    for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
    expect(d).toBeGreaterThan(1e-3);
  });
});

function strip(m: EpochMetrics): Omit<EpochMetrics, 'wallSeconds'> {
  const { wallSeconds: _w, ...rest } = m;
  return rest;
}

describe('batch size 1 (MLP+NeuroSim style), SSE loss, momentum', () => {
  it('runs image by image and reduces the training loss', () => {
    const train = toySplit(40, 20, 20, 1, 7);
    const cfg = config({
      workload: { network: 'mlp-400-100-10' },
      synapse: { scheme: 'ideal' },
      training: { epochs: 3, batchSize: 1, learningRate: 0.5, loss: 'sse', optimizer: 'momentum', momentum: 0.5 },
    });
    const tr = createTrainer(cfg, { train, test: train }, { ...quiet, synapseFactory: idealFactory });
    const m = [tr.runEpoch(), tr.runEpoch(), tr.runEpoch()];
    tr.dispose();
    expect(m.map((e) => e.images)).toEqual([40, 40, 40]);
    expect(tr.counts().total.updates).toBe(120 * 2); // one update per image per layer
    expect(m[2]!.trainLoss).toBeLessThan(m[0]!.trainLoss);
  });
});

describe('checkpoint and resume', () => {
  it('continues exactly: the same curve with and without an interruption (encoded through bytes)', () => {
    const train = toySplit(40, 20, 20, 1, 3);
    const test = toySplit(16, 20, 20, 1, 4);
    const cfg = config({
      seed: 9,
      workload: { network: 'mlp-400-100-10' },
      synapse: { scheme: 'ideal' },
      training: { epochs: 4, batchSize: 16, imagesPerEpoch: 24, learningRate: 0.5, optimizer: 'adam', quant: { readNoise: true, adcBits: 6, subArrayRows: 32 } },
    });
    const opts = { ...quiet, synapseFactory: noisyFactory };
    const a = createTrainer(cfg, { train, test }, opts);
    const full = [1, 2, 3, 4].map(() => strip(a.runEpoch()));
    const wFull = a.weights();
    const cFull = a.counts().total;
    a.dispose();

    const b = createTrainer(cfg, { train, test }, opts);
    const first = [1, 2].map(() => strip(b.runEpoch()));
    const bytes = encodeCheckpoint(b.checkpoint());
    b.runEpoch(); // diverge on purpose: restore must undo this
    b.dispose();
    const c = createTrainer(cfg, { train, test }, opts);
    c.restore(decodeCheckpoint(bytes));
    expect(c.epoch).toBe(2);
    const rest = [3, 4].map(() => strip(c.runEpoch()));
    expect([...first, ...rest]).toEqual(full);
    const wRes = c.weights();
    for (let k = 0; k < wFull.length; k++) expect(Array.from(wRes[k]!)).toEqual(Array.from(wFull[k]!));
    expect(c.counts().total).toEqual(cFull);
    c.dispose();
  });

  it('refuses a checkpoint from a different configuration', () => {
    const train = toySplit(8, 20, 20, 1, 3);
    const base = { workload: { network: 'mlp-400-100-10' as const }, synapse: { scheme: 'ideal' as const } };
    const a = createTrainer(config({ ...base, seed: 1 }), { train, test: train }, { ...quiet, synapseFactory: idealFactory });
    const cp = a.checkpoint();
    a.dispose();
    const b = createTrainer(config({ ...base, seed: 2 }), { train, test: train }, { ...quiet, synapseFactory: idealFactory });
    expect(() => b.restore(cp)).toThrow(/different run configuration/);
    b.dispose();
  });
});

describe('tensor hygiene (TF.js graph)', () => {
  const cases = [
    { network: 'lenet5' as const, n: 8, quant: { adcBits: 5, subArrayRows: 16, readNoise: true } },
    { network: 'mlp-400-100-10' as const, n: 16, quant: { adcBits: 5, subArrayRows: 64, bitSerialInputs: true, readNoise: true } },
  ];
  for (const cs of cases) {
    it(`tf.memory().numTensors is stable across epochs and returns to the baseline after dispose (${cs.network})`, () => {
      const { h, w } = NETWORKS[cs.network].input;
      const train = toySplit(cs.n, h, w, 1, 3);
      const test = toySplit(4, h, w, 1, 4);
      const before = tf.memory().numTensors;
      const cfg = config({ workload: { network: cs.network }, synapse: { scheme: 'ideal' }, training: { batchSize: 4, quant: cs.quant } });
      const tr = createTrainer(cfg, { train, test }, { ...quiet, synapseFactory: idealFactory, compute: 'tfjs' });
      tr.runEpoch();
      const after1 = tf.memory().numTensors; // im2col plans stay alive for the trainer's lifetime
      tr.runEpoch();
      tr.runEpoch();
      expect(tf.memory().numTensors).toBe(after1);
      tr.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('tensor kernels', () => {
  it('leave no tensors behind (no TF.js tensors at all)', () => {
    const train = toySplit(8, 28, 28, 1, 3);
    const before = tf.memory().numTensors;
    const cfg = config({ workload: { network: 'lenet5' }, synapse: { scheme: 'ideal' }, training: { batchSize: 4, quant: { adcBits: 5, subArrayRows: 16, readNoise: true } } });
    const tr = createTrainer(cfg, { train, test: train }, { ...quiet, synapseFactory: idealFactory, compute: 'kernels' });
    expect(tr.compute.description).toMatch(/tensor kernels/);
    tr.runEpoch();
    expect(tf.memory().numTensors).toBe(before);
    tr.dispose();
  });

  it('refuse a configuration they do not cover when asked for explicitly (bit-serial inputs)', () => {
    const train = toySplit(4, 20, 20, 1, 3);
    const cfg = config({ workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'ideal' }, training: { quant: { adcBits: 5, bitSerialInputs: true } } });
    expect(() => createTrainer(cfg, { train, test: train }, { ...quiet, synapseFactory: idealFactory, compute: 'kernels' })).toThrow(/bit-serial/);
    const auto = createTrainer(cfg, { train, test: train }, { ...quiet, synapseFactory: idealFactory });
    expect(auto.compute.description).toMatch(/TF\.js graph/);
    auto.dispose();
  });
});
