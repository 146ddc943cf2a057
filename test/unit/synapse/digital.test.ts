/**
 * The SRAM synapse as a digital word of circuit.weightBits bits (docs/synapses.md#digital): the grid
 * w = -1 + 2k / (2^b - 1), updates rounded to whole steps (deterministic or stochastic), no noise,
 * one write per changed word in the counters the cost model prices. Values computed by hand.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConfigSchema, synapseSchema } from '../../../src/core/config/schema';
import { statsFromCounts } from '../../../src/core/cost/stats';
import { evaluateCost } from '../../../src/core/cost';
import { Rng } from '../../../src/core/rng';
import { BaselineSynapse, digitalWordDevice } from '../../../src/core/synapse/baseline';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import type { SynapseLayer } from '../../../src/core/synapse/types';
import { createTrainer } from '../../../src/core/training/engine';
import { toySplit } from '../training/helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sram = (over: Record<string, unknown> = {}) => synapseSchema.parse({ scheme: 'baseline', device: { preset: 'sram-8t' }, ...over });
const read = (l: SynapseLayer): number[] => {
  const o = new Float32Array(l.rows * l.cols);
  l.read(o);
  return Array.from(o);
};

describe('SRAM synapse: a circuit.weightBits digital word', () => {
  it('2 bits: the grid is -1, -1/3, 1/3, 1; initial weights snap to the nearest level (0 is not one: 0.5 of the range rounds up to k = 2)', () => {
    const l = createSynapseLayer(sram(), 1, 4, new Rng(1), { weightBits: 2 });
    expect(l).toBeInstanceOf(BaselineSynapse);
    // g = (w + 1) / 2, k = round(3 g): 0 -> k = round(1.5) = 2 -> 1/3; 0.9 -> round(2.85) = 3 -> 1;
    // -0.5 -> round(0.75) = 1 -> -1/3; -0.7 -> round(0.45) = 0 -> -1.
    l.initialize(Float32Array.of(0, 0.9, -0.5, -0.7), new Rng(2));
    read(l).forEach((v, i) => expect(v).toBeCloseTo([1 / 3, 1, -1 / 3, -1][i]!, 6));
  });

  it('deterministic update: k moves by round(dw / (2/3)), clipped at the ends; one write per changed word', () => {
    const l = createSynapseLayer(sram(), 1, 4, new Rng(1), { weightBits: 2 });
    l.initialize(Float32Array.of(0, 0, 0.9, -0.5), new Rng(2)); // k = 2, 2, 3, 1
    // 0.4 / (2/3) = 0.6 -> 1 step (k 3); 0.3 -> 0.45 -> 0 (requested, not written);
    // 2 -> 3 steps, k 3 stays 3 (the top end); -1.1 -> 1.65 -> 2 steps down, k 1 -> 0 (the bottom end).
    l.update(Float32Array.of(0.4, 0.3, 2, -1.1), new Rng(3));
    read(l).forEach((v, i) => expect(v).toBeCloseTo([1, 1 / 3, 1, -1][i]!, 6));
    const c = l.counts();
    expect([c.cellsRequested, c.cellsWritten, c.rowsWritten]).toEqual([4, 3, 1]);
    // Writes, not steps: two words written upwards (1 and 3 steps), one downwards (2 steps).
    expect([c.envmPulsesUp, c.envmPulsesDown, c.rowMaxPulsesUp, c.rowMaxPulsesDown]).toEqual([2, 1, 1, 1]);
    expect(l.stateStats()).toEqual({ devices: 4, railLow: 1, railHigh: 2, lsbCells: 0, lsbAtRail: 0 });
  });

  it('5 bits (the default): 32 levels, step 2/31; k is kept exactly over many updates (no drift off the grid)', () => {
    const l = createSynapseLayer(sram(), 4, 8, new Rng(1), { weightBits: 5 });
    const rng = new Rng(4);
    l.initialize(Float32Array.from({ length: 32 }, () => 2 * rng.uniform() - 1), rng);
    for (let t = 0; t < 2000; t++) l.update(Float32Array.from({ length: 32 }, () => 0.2 * (rng.uniform() - 0.5)), rng);
    for (const w of read(l)) {
      const k = ((w + 1) * 31) / 2;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-5);
    }
    // dw = 0.1 -> 0.1 * 15.5 = 1.55 -> 2 steps of 2/31 = 0.129032 (from k = 16, w = 1/31 = 0.032258).
    const one = createSynapseLayer(sram(), 1, 1, new Rng(1), { weightBits: 5 });
    one.initialize(Float32Array.of(0), new Rng(1));
    expect(read(one)[0]).toBeCloseTo(1 / 31, 6);
    one.update(Float32Array.of(0.1), new Rng(1));
    expect(read(one)[0]).toBeCloseTo(5 / 31, 6);
  });

  it('stochastic rounding: a change of 0.45 steps moves one step with probability 0.45 (mean change = the request)', () => {
    const n = 20000;
    const l = createSynapseLayer(sram({ pulseRounding: 'stochastic' }), 1, n, new Rng(1), { weightBits: 2 });
    l.initialize(new Float32Array(n).fill(-0.5), new Rng(2)); // k = 1, w = -1/3
    l.update(new Float32Array(n).fill(0.3), new Rng(3)); // 0.3 / (2/3) = 0.45 steps
    const moved = read(l).filter((v) => v > 0).length / n;
    // Binomial(20000, 0.45): sd 0.0035; 4 sd.
    expect(moved).toBeGreaterThan(0.45 - 0.014);
    expect(moved).toBeLessThan(0.45 + 0.014);
    expect(l.counts().envmPulsesUp).toBe(Math.round(moved * n));
  });

  it('no device noise or nonlinearity, whatever the preset overrides say; the word holds its sign (differential mapping ignored)', () => {
    const noisy = sram({ device: { preset: 'sram-8t', overrides: { sigmaC2c: 0.2, nlLtp: 3 } }, mapping: 'differential' });
    const a = createSynapseLayer(noisy, 1, 3, new Rng(1), { weightBits: 3 });
    const b = createSynapseLayer(noisy, 1, 3, new Rng(99), { weightBits: 3 });
    for (const l of [a, b]) {
      l.initialize(Float32Array.of(-1, 0, 1), new Rng(1));
      l.update(Float32Array.of(0.3, 0.3, -0.3), new Rng(5)); // 0.3 * 3.5 = 1.05 -> one step of 2/7
    }
    expect(read(a)).toEqual(read(b));
    read(a).forEach((v, i) => expect(v).toBeCloseTo([-5 / 7, 3 / 7, 5 / 7][i]!, 6));
    const d = digitalWordDevice(DEVICE_PRESETS['sram-8t']!, 3);
    expect([d.params.levelsLtp, d.params.nlLtp, d.params.sigmaC2c]).toEqual([7, 0, 0]);
  });

  it('needs its word width and refuses widths the model cannot hold', () => {
    expect(() => createSynapseLayer(sram(), 1, 1, new Rng(1))).toThrow(/circuit\.weightBits/);
    expect(() => digitalWordDevice(DEVICE_PRESETS['sram-8t']!, 0)).toThrow(/weightBits/);
  });

  it('counters match the cost model: one write per changed weight (pulses per cell 1), rows written once per direction', () => {
    const cfg = runConfigSchema.parse({ workload: { network: 'mlp-400-100-10' }, synapse: sram(), circuit: { weightBits: 2 } });
    const layers = [
      [400, 100],
      [100, 10],
    ].map(([r, c]) => {
      const l = createSynapseLayer(cfg.synapse, r!, c!, new Rng(1), cfg.circuit);
      l.initialize(new Float32Array(r! * c!), new Rng(1));
      const rng = new Rng(7);
      for (let t = 0; t < 5; t++) l.update(Float32Array.from({ length: r! * c! }, () => (rng.uniform() < 0.1 ? 2 * rng.uniform() - 1 : 0)), rng);
      return l.counts();
    });
    const st = statsFromCounts(cfg, layers, 500);
    for (const u of st.update) {
      expect(u.pulsesPerCell).toBe(1);
      expect(u.rowMaxUp).toBeLessThanOrEqual(1);
      expect(u.rowMaxDown).toBeLessThanOrEqual(1);
    }
  });

  it('costs the same under either mapping: a signed word is weightBits cells, not a pair of words', () => {
    const base = { workload: { network: 'mlp-400-100-10' }, circuit: { weightBits: 6 } };
    const ref = evaluateCost(runConfigSchema.parse({ ...base, synapse: sram({ mapping: 'reference' }) }));
    const diff = evaluateCost(runConfigSchema.parse({ ...base, synapse: sram({ mapping: 'differential' }) }));
    if (!ref.ok || !diff.ok) throw new Error('cost failed');
    expect(diff.mapping.cellsPerWeight).toBe(6);
    expect(diff.area.total).toBe(ref.area.total);
    expect(diff.energy.total).toBe(ref.energy.total);
  });

  it('trains in the engine at the run\'s circuit.weightBits: after an epoch every weight is on the 3-bit grid and some moved', () => {
    const cfg = runConfigSchema.parse({
      seed: 3,
      workload: { network: 'mlp-400-100-10' },
      // Stochastic rounding: changes far below a step of 2/7 still move some words.
      synapse: sram({ pulseRounding: 'stochastic' }),
      circuit: { weightBits: 3 },
      training: { epochs: 1, batchSize: 20, learningRate: 10 },
    });
    const data = toySplit(200, 20, 20, 1, 3);
    const tr = createTrainer(cfg, { train: data, test: data }, { hardwareSecondsPerBatch: 1e-6, synapseFactory: createSynapseLayer });
    const before = tr.weights().map((w) => w.slice());
    const m = tr.runEpoch();
    const after = tr.weights();
    tr.dispose();
    for (const w of after)
      for (const v of w) {
        const k = ((v + 1) * 7) / 2;
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-5);
      }
    expect(after.some((w, i) => w.some((v, j) => v !== before[i]![j]))).toBe(true);
    expect(m.diagnostics[0]!.written).toBeGreaterThan(0);
  });
});
