/**
 * Fair comparisons: learning-rate conventions, the learning-rate search (never reading the test
 * split), update-efficacy diagnostics on layers with known lost updates, non-volatile accuracy
 * MSB-only versus after a flush on a hand-computed layer, and the two event orders of retention.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeNetwork, networkOf } from '../../../src/core/networks';
import { Rng } from '../../../src/core/rng';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { BaselineSynapse } from '../../../src/core/synapse/baseline';
import { HpsSynapse } from '../../../src/core/synapse/hps';
import { deviceModel } from '../../../src/core/devices/envm';
import { createTrainer } from '../../../src/core/training/engine';
import { layerLearningRates } from '../../../src/core/training/convention';
import { epochWarnings, layerDiagnostics } from '../../../src/core/training/diagnostics';
import { Optimizer } from '../../../src/core/training/optimizer';
import { layerScale } from '../../../src/core/training/network';
import { operatingPoint, splitValidation, tuneLearningRate } from '../../../src/core/training/tuning';
import type { DataSplit } from '../../../src/core/training/types';
import { config, idealFactory, toySplit } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quiet = { hardwareSecondsPerBatch: 1e-6 };

describe('learning-rate conventions', () => {
  it('effective convention: per-layer rate lr / s_k^2 (SGD) and lr / s_k (Adam); MLP 784-100-10 by hand', () => {
    const scales = networkOf('mlp-784-100-10').layers.map(layerScale);
    // s_1 = sqrt(6 / 884) = 0.082385, s_2 = sqrt(6 / 110) = 0.233550
    expect(scales[0]).toBeCloseTo(0.082385, 5);
    expect(scales[1]).toBeCloseTo(0.23355, 5);
    const sgd = layerLearningRates(0.1, 'effective', 'sgd', scales);
    expect(sgd[0]).toBeCloseTo(14.733, 2); // 0.1 / 0.0067873
    expect(sgd[1]).toBeCloseTo(1.8333, 3); // 0.1 / 0.054545
    const adam = layerLearningRates(0.1, 'effective', 'adam', scales);
    expect(adam[0]).toBeCloseTo(1.2138, 3);
    expect(adam[1]).toBeCloseTo(0.42817, 4);
    expect(layerLearningRates(10, 'normalised', 'sgd', scales)).toEqual([10, 10]);
  });

  it('the optimiser applies each layer its own rate', () => {
    const o = new Optimizer('sgd', [2, 0.5], 0, [2, 2]);
    const dw = new Float32Array(2);
    o.beginStep();
    o.delta(0, Float32Array.of(1, -1), dw);
    expect(Array.from(dw)).toEqual([-2, 2]);
    o.delta(1, Float32Array.of(1, -1), dw);
    expect(Array.from(dw)).toEqual([-0.5, 0.5]);
  });

  it('hidden activation: ReLU next to the sigmoid of MLP+NeuroSim, the output layer keeps none; no biases is said', () => {
    const relu = networkOf('mlp-784-100-10', 'relu');
    expect(relu.layers.map((l) => l.activation)).toEqual(['relu', 'none']);
    expect(networkOf('mlp-784-100-10').layers.map((l) => l.activation)).toEqual(['sigmoid', 'none']);
    expect(describeNetwork('mlp-784-100-10')).toMatch(/sigmoid.*no biases/);
    expect(describeNetwork('mlp-784-100-10', 'relu')).toMatch(/relu.*no biases/);
  });
});

/** A split whose every field throws when read: proves a function never touched it. */
function untouchable(): DataSplit {
  const boom = (): never => {
    throw new Error('the test split was read');
  };
  return Object.defineProperties({} as DataSplit, {
    images: { get: boom },
    labels: { get: boom },
    n: { get: boom },
    h: { get: boom },
    w: { get: boom },
    c: { get: boom },
  });
}

describe('learning-rate search', () => {
  const train = toySplit(240, 20, 20, 1, 3);
  const cfg = (over: Record<string, unknown> = {}) =>
    config({
      seed: 4,
      workload: { network: 'mlp-400-100-10' },
      synapse: { scheme: 'ideal' },
      training: { epochs: 1, batchSize: 24, tuning: { rates: [0.1, 1, 10, 100], images: 96, ...over } },
    });
  const opts = { ...quiet, synapseFactory: idealFactory };

  it('never reads the test split: the search runs with a test split that throws on any access', () => {
    const r = operatingPoint(cfg(), { train, test: untouchable() }, opts);
    expect(r.tuning).not.toBeNull();
    expect(r.config.training.learningRate).toBe(r.tuning!.best);
    // The full run is the only reader of the test split.
    expect(() => createTrainer(r.config, { train, test: untouchable() }, opts)).toThrow(/test split was read/);
  });

  it('carves a seeded validation split out of the training set (disjoint, 10 %)', () => {
    const { fit, validation } = splitValidation(train, 0.1, 7);
    expect([fit.n, validation.n]).toEqual([216, 24]);
    const key = (s: DataSplit, i: number): string => Array.from(s.images.subarray(i * 400, i * 400 + 16)).join(',');
    const all = new Set(Array.from({ length: train.n }, (_, i) => key(train, i)));
    const seen = new Set<string>();
    for (const s of [fit, validation]) for (let i = 0; i < s.n; i++) seen.add(key(s, i));
    expect(seen.size).toBe(all.size);
    expect(splitValidation(train, 0.1, 7).validation.labels).toEqual(validation.labels);
  });

  it('halving: four candidates for B images, the better two for 2B more, then the best; deterministic', () => {
    // B = 96 images = 4 batches of 24: two evaluations per round, one every 24 images over its second half.
    const a = tuneLearningRate(cfg({ evaluations: 2, extensions: 0 }), train, opts);
    expect([a.step, a.evaluations, a.extensions]).toEqual([24, 2, []]);
    expect(a.rounds.map((r) => [r.images, r.scores.length])).toEqual([
      [96, 4],
      [192, 2],
    ]);
    for (const s of a.rounds.flatMap((r) => r.scores)) {
      expect(s.evaluations).toHaveLength(2);
      expect(s.validationAccuracy).toBeCloseTo((s.evaluations![0]! + s.evaluations![1]!) / 2, 12);
    }
    const winners = [...a.rounds[0]!.scores].sort((x, y) => y.validationAccuracy - x.validationAccuracy || x.trainLoss - y.trainLoss || x.learningRate - y.learningRate);
    expect(a.rounds[1]!.scores.map((s) => s.learningRate).sort()).toEqual(winners.slice(0, 2).map((s) => s.learningRate).sort());
    expect(a.rounds[1]!.scores.map((s) => s.learningRate)).toContain(a.best);
    expect(tuneLearningRate(cfg({ evaluations: 2, extensions: 0 }), train, opts)).toEqual(a);
    const grid = tuneLearningRate(cfg({ method: 'grid', evaluations: 2, extensions: 0 }), train, opts);
    expect(grid.rounds).toHaveLength(1);
    expect(grid.rounds[0]!.scores.map((s) => s.learningRate)).toEqual([0.1, 1, 10, 100]);
  });

  it('defaults: four evaluations per round, up to two rates added beyond an edge, flagged in every round', () => {
    const reported: number[] = [];
    const a = tuneLearningRate(cfg(), train, { ...opts, onExtension: (lr) => reported.push(lr) });
    expect(reported).toEqual(a.extensions);
    expect(reported.length).toBeGreaterThan(0);
    // 96 images over 2 x 4 evaluations is less than a batch: one batch (24 images) per evaluation.
    expect([a.evaluations, a.maxExtensions, a.step, a.rounds[0]!.images]).toEqual([4, 2, 24, 192]);
    expect(a.extensions!.length).toBeLessThanOrEqual(2);
    for (const lr of a.extensions!) expect(lr < 0.1 || lr > 100).toBe(true);
    for (const r of a.rounds) expect(r.scores.filter((s) => s.extension).map((s) => s.learningRate)).toEqual(a.extensions);
    expect([...a.rates, ...a.extensions!]).toContain(a.best);
  });

  it('a run without tuning keeps its own rate and searches nothing', () => {
    const c = config({ workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'ideal' }, training: { learningRate: 3 } });
    expect(operatingPoint(c, { train, test: untouchable() }, opts)).toEqual({ config: c, tuning: null });
  });
});

const hpsEnvm = (over: Record<string, unknown> = {}) =>
  config({
    synapse: {
      scheme: 'hps',
      device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } },
      lsb: { preset: 'cap-3t1c', overrides: { sigmaC2c: 0 } },
      significance: 4,
      transfer: { everyImages: 2, programming: 'open-loop' },
      ...over,
    },
  }).synapse;

describe('update-efficacy diagnostics', () => {
  it('a differential hps-envm layer with known lost updates (1 x 4 by hand): 1 of 3 requested changes pulses', () => {
    const cfg = config({ synapse: { scheme: 'baseline', device: { preset: 'hps-envm', overrides: { sigmaC2c: 0 } }, mapping: 'differential' } }).synapse;
    const syn = createSynapseLayer(cfg, 1, 4, new Rng(1)) as BaselineSynapse;
    syn.initialize(new Float32Array(4), new Rng(2));
    const before = syn.counts();
    // k = 31 / 2 = 15.5 pulses per unit: 0.01 -> floor(0.155 + 0.5) = 0 (lost), 0.1 -> 2 on each
    // device (written), 0 (not requested), -0.02 -> floor(0.31 + 0.5) = 0 (lost).
    syn.update(Float32Array.of(0.01, 0.1, 0, -0.02), new Rng(3));
    const d = layerDiagnostics('fc', before, syn.counts(), syn.stateStats(), 4);
    expect([d.requested, d.written]).toEqual([3, 1]);
    expect(d.efficacy).toBeCloseTo(1 / 3, 12);
    expect(d.meanPulses).toBe(4); // 2 LTP on G+ and 2 LTD on G-, one synapse
    expect([d.railLow, d.railHigh, d.lsbAtRail, d.lsbSaturatedAtTransfer]).toEqual([0, 0, null, null]);
  });

  it('warns when a layer loses more than 95 % of its updates and when the loss is above ln(classes)', () => {
    const layer = (requested: number, written: number) => ({ layer: 'fc1', requested, written, efficacy: written / requested, meanPulses: 1, railLow: 0, railHigh: 0, lsbAtRail: null, lsbSaturatedAtTransfer: null, overflows: 0, transfers: 0 });
    const w = epochWarnings({ epoch: 2, trainLoss: 2.31, diagnostics: [layer(1000, 49), layer(1000, 51)] }, 10);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/layer fc1: 95\.1 % of 1000 requested updates/);
    expect(w[1]).toMatch(/training loss 2\.310 is above ln\(10\) = 2\.303/);
    expect(epochWarnings({ epoch: 2, trainLoss: 2.3, diagnostics: [layer(1000, 51)] }, 10)).toEqual([]);
    expect(epochWarnings({ epoch: 1, trainLoss: 5, diagnostics: [] }, 10, 'sse')).toEqual([]);
  });

  it('the engine reports one diagnostics entry per layer each epoch, from the synapses it trains', () => {
    const cfg = config({ seed: 2, workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'baseline', device: { preset: 'hps-envm' } }, training: { epochs: 1, batchSize: 20, learningRate: 0.01 } });
    const tr = createTrainer(cfg, { train: toySplit(40, 20, 20, 1, 1), test: toySplit(20, 20, 20, 1, 2) }, { ...quiet, synapseFactory: createSynapseLayer });
    const m = tr.runEpoch();
    tr.dispose();
    expect(m.diagnostics.map((d) => d.layer)).toEqual(['fc1', 'fc2']);
    for (const d of m.diagnostics) {
      expect(d.requested).toBeGreaterThan(0);
      expect(d.written).toBeLessThanOrEqual(d.requested);
    }
    // lr 0.01 on 31-level devices: most requested changes are far below half a pulse.
    expect(m.diagnostics[0]!.efficacy!).toBeLessThan(0.05);
  });
});

describe('non-volatile accuracy: MSB only versus after a flush', () => {
  it('hand-computed 1 x 2 HPS layer (hps-envm, F = 4, open-loop, no noise)', () => {
    const syn = createSynapseLayer(hpsEnvm({ transfer: { everyImages: 8000 } }), 1, 2, new Rng(1)) as HpsSynapse;
    syn.initialize(new Float32Array(2), new Rng(1)); // W = 0: G+ = G- = Gmin, LSB at the reference
    syn.lsb.g.set([0.75, 0.25]); // W_LSB = +0.5 and -0.5
    const msbOnly = new Float32Array(2);
    syn.readNonVolatile(msbOnly);
    expect(Array.from(msbOnly)).toEqual([0, 0]); // the LSB is lost: nothing was ever transferred
    // Flush: W_LSB / F = 0.125 -> round(0.125 * 31) = round(3.875) = 4 LTP pulses from Gmin;
    // docs/devices.md#worked-values: hps-envm from G = 0, 4 pulses give 0.4110; read-out F / (F + 1) * (G+ - G-).
    syn.transfer(new Rng(5));
    const flushed = new Float32Array(2);
    syn.readNonVolatile(flushed);
    expect(flushed[0]).toBeCloseTo(0.8 * 0.411, 3);
    expect(flushed[1]).toBeCloseTo(-0.8 * 0.411, 3);
  });

  it('the engine measures after-flush accuracy without changing the run (weights and counts as before)', () => {
    const cfg = config({ seed: 3, workload: { network: 'mlp-400-100-10' }, synapse: { ...hpsEnvm({ transfer: { everyImages: 100000 } }) }, training: { epochs: 1, batchSize: 20, learningRate: 10 } });
    const tr = createTrainer(cfg, { train: toySplit(60, 20, 20, 1, 1), test: toySplit(40, 20, 20, 1, 2) }, { ...quiet, synapseFactory: createSynapseLayer });
    const m = tr.runEpoch();
    expect(m.transfers).toBe(0);
    const w = tr.weights();
    const c = tr.counts().total;
    const e = tr.evaluate();
    expect(tr.weights()).toEqual(w);
    expect(tr.counts().total).toEqual(c);
    expect(e.nonVolatile).toBe(m.testAccuracyNonVolatile);
    expect(e.afterFlush).toBe(m.testAccuracyAfterFlush);
    tr.dispose();
  });
});

describe('retention: order of leak and transfer within a batch', () => {
  // One cell, F = 4, transfer every 2 images, one image per batch, tau chosen so that one batch's
  // hardware time halves the LSB's distance from the reference: dt = tau ln 2, e^(-dt/tau) = 1/2.
  // Start l = 0.9 (W_LSB = 0.8), G+ = G- = 0. By hand:
  //  leak-then-transfer: batch 1 leaks to 0.7; batch 2 leaks to 0.6, then transfers W_LSB = 0.2:
  //    0.2 / 4 = 0.05 -> round(1.55) = 2 pulses -> G+ = 0.2319 (docs/devices.md#worked-values), LSB reset to 0.5.
  //  transfer-then-leak: batch 1 leaks to 0.7; batch 2 transfers W_LSB = 0.4 first: 0.1 -> round(3.1)
  //    = 3 pulses on G+, LSB reset to 0.5, then the leak keeps it at the reference.
  const tau = 1e-3;
  const dt = tau * Math.LN2;
  const run = (order: 'leak-then-transfer' | 'transfer-then-leak'): HpsSynapse => {
    const s = createSynapseLayer(hpsEnvm({ retention: { tau, target: 'reference', order } }), 1, 1, new Rng(1)) as HpsSynapse;
    s.initialize(new Float32Array(1), new Rng(1));
    s.lsb.g[0] = 0.9;
    expect(s.advance(1, dt, new Rng(2))).toBe(0);
    expect(s.lsb.g[0]).toBeCloseTo(0.7, 6);
    expect(s.advance(1, dt, new Rng(3))).toBe(1);
    return s;
  };

  it('leak-then-transfer (the default): the transfer reads the leaked LSB', () => {
    const s = run('leak-then-transfer');
    expect(s.msb.g[0]).toBeCloseTo(0.2319, 4);
    expect(s.lsb.g[0]).toBe(0.5);
  });

  it('transfer-then-leak: the transfer reads the LSB before the batch time passes', () => {
    const s = run('transfer-then-leak');
    const model = deviceModel(s.msb.model.params);
    expect(s.msb.g[0]).toBeCloseTo(model.stepUp(0, 3), 6);
    // g(3) = (1 - e^(-3/A)) / (1 - e^(-31/A)) on the hps-envm LTP curve, between g(2) = 0.2319 and g(4) = 0.4110
    expect(s.msb.g[0]).toBeCloseTo(0.3272, 4);
    expect(s.lsb.g[0]).toBe(0.5);
  });
});
