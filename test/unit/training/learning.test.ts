import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { createTrainer } from '../../../src/core/training/engine';
import type { EpochMetrics } from '../../../src/core/training/types';
import { config, toySplit } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A short run on a tiny separable set (chance = 10 %) with the real synapse builder.
describe('in-situ training learns on a separable toy set', () => {
  const train = toySplit(240, 20, 20, 1, 21);
  const test = toySplit(100, 20, 20, 1, 22);
  const run = (synapse: Parameters<typeof config>[0]['synapse']): EpochMetrics[] => {
    const cfg = config({ seed: 3, workload: { network: 'mlp-400-100-10' }, synapse, training: { epochs: 2, batchSize: 8, learningRate: 10 } });
    const tr = createTrainer(cfg, { train, test }, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer, evalBeforeTransfer: true });
    const m = [tr.runEpoch(), tr.runEpoch()];
    tr.dispose();
    return m;
  };

  it('ideal synapses', () => {
    const m = run({ scheme: 'ideal' });
    expect(m[1]!.testAccuracy!).toBeGreaterThan(0.6);
    expect(m[1]!.testAccuracyBeforeTransfer).toBeNull(); // no transfers in an ideal scheme
  });

  it('HPS (hps-envm pair + cap-3t1c, F = 4) learns, transfers, and keeps it in the non-volatile part', () => {
    const m = run({ scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4, transfer: { everyImages: 96 } });
    expect(m[1]!.testAccuracy!).toBeGreaterThan(0.35); // chance is 0.1
    expect(m[0]!.transfers + m[1]!.transfers).toBe(5); // 480 images / 96
    expect(m[1]!.evalPoint.imagesSinceTransfer).toBe(0);
    expect(m[1]!.testAccuracyBeforeTransfer!).toBeGreaterThan(0.35);
    expect(m[1]!.testAccuracyNonVolatile!).toBeGreaterThan(0.4);
    expect(m[1]!.pulses.lsbUp + m[1]!.pulses.lsbDown).toBeGreaterThan(0);
    expect(m[1]!.pulses.transfer).toBeGreaterThan(0);
  });
});
