/**
 * The tensor kernels against the TF.js graph on the wasm backend, where both sum every product in
 * the same order (XNNPACK's float32 GEMM adds a(i, k) b(k, j) for k = 0, 1, ... like the kernels),
 * so a run that is otherwise the same arithmetic must give the same bits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { createTrainer } from '../../../src/core/training/engine';
import { loadDataset } from '../../../src/main/datasets';
import { initBackend } from '../../../src/main/tf-backend';
import { config } from './helpers';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('tensor kernels and the TF.js graph on the wasm backend', () => {
  it('a seeded HPS run of the MLP with quantisation gives the same weights, pulses and accuracies', () => {
    const data = loadDataset({ source: 'bundled', trainLimit: 600, testLimit: 200 }, 'mlp-784-100-10');
    const cfg = config({
      seed: 3,
      workload: { network: 'mlp-784-100-10' },
      synapse: { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, transfer: { everyImages: 250 } },
      training: { epochs: 2, batchSize: 20, imagesPerEpoch: 300 },
    });
    const run = (compute: 'tfjs' | 'kernels') => {
      const tr = createTrainer(cfg, data, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer, compute });
      const m = [tr.runEpoch(), tr.runEpoch()];
      const w = tr.weights();
      tr.dispose();
      return { m, w };
    };
    const graph = run('tfjs');
    const kernels = run('kernels');
    expect(graph.m.reduce((n, e) => n + e.transfers, 0)).toBe(2); // the run crosses HPS transfers
    for (let e = 0; e < 2; e++) {
      const [a, b] = [graph.m[e]!, kernels.m[e]!];
      expect(b.testAccuracy).toBe(a.testAccuracy);
      expect(b.testAccuracyNonVolatile).toBe(a.testAccuracyNonVolatile);
      expect(b.pulses).toEqual(a.pulses);
      expect(b.trainAccuracy).toBe(a.trainAccuracy);
      // The loss is only reported: the kernels sum it in float64, the graph in float32.
      expect(b.trainLoss).toBeCloseTo(a.trainLoss, 5);
    }
    graph.w.forEach((w, k) => expect(kernels.w[k]).toEqual(w));
  });
});
