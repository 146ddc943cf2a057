/**
 * Batches split across real worker threads (the slice threads start from source here, through tsx):
 * the reductions make every slice quantise with the whole batch's ranges, results are deterministic
 * for a thread count, and a run on two threads follows the one-thread run.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { crossbarShape, NETWORKS } from '../../../src/core/networks';
import { Rng } from '../../../src/core/rng';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { computeSpec } from '../../../src/core/training/compute';
import { quantOptions } from '../../../src/core/training/engine';
import { kernelCompute } from '../../../src/core/training/kernels/kernel-compute';
import { syntheticSplit } from '../../../src/core/training/synthetic';
import { availableParallelism } from 'node:os';
import { computeForThreads, createThreadedTrainer, startSliceTeam, threadsFor } from '../../../src/main/training/threads';

const quiet = { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer };

describe('training across threads', () => {
  it('one step on 3 threads equals the whole batch on one (ADC, error and ReLU ranges reduced across slices)', async () => {
    const cfg = runConfigSchema.parse({ workload: { network: 'lenet5' }, training: { batchSize: 7, loss: 'sse', quant: { adcBits: 5, subArrayRows: 16 } } });
    const net = NETWORKS.lenet5;
    const data = syntheticSplit(7, 28, 28, 1, 4);
    const y = Int32Array.from(data.labels);
    const rng = new Rng(2);
    const ws = net.layers.map((l) => Float32Array.from({ length: crossbarShape(l).rows * crossbarShape(l).cols }, () => 2 * rng.uniform() - 1));
    const one = kernelCompute(computeSpec(cfg, net, quantOptions(cfg)))!;
    const a = one.step(data.images, y, ws);
    const aGrads = a.grads.map((g) => g.slice());
    const three = (await computeForThreads(cfg, 3))!;
    expect(three.description).toMatch(/3 threads/);
    try {
      const b = three.step(data.images, y, ws);
      expect(b.correct).toBe(a.correct);
      expect(b.lossSum).toBeCloseTo(a.lossSum, 6);
      b.grads.forEach((g, k) => {
        let diff = 0;
        let mag = 0;
        for (let i = 0; i < g.length; i++) {
          diff = Math.max(diff, Math.abs(g[i]! - aGrads[k]![i]!));
          mag = Math.max(mag, Math.abs(aGrads[k]![i]!));
        }
        expect(diff).toBeLessThanOrEqual(1e-5 * mag); // the summation order of dW is all that differs
      });
      expect(three.correct(data.images, y, ws)).toBe(one.correct(data.images, y, ws));
      // A bad call fails in the calling thread and leaves the team usable.
      expect(() => three.step(data.images, y, [ws[0]!.subarray(1), ...ws.slice(1)])).toThrow();
      expect(three.step(data.images, y, ws).correct).toBe(a.correct);
    } finally {
      three.dispose();
      one.dispose();
    }
  });

  it('a run on two threads is deterministic and follows the run on one thread', async () => {
    const cfg = runConfigSchema.parse({
      seed: 4,
      workload: { network: 'mlp-400-100-10' },
      synapse: { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, transfer: { everyImages: 200 } },
      training: { epochs: 2, batchSize: 16, imagesPerEpoch: 160 },
    });
    const data = { train: syntheticSplit(320, 20, 20, 1, 5), test: syntheticSplit(100, 20, 20, 1, 6) };
    const run = async (threads: number) => {
      const tr = await createThreadedTrainer(cfg, data, quiet, threads);
      expect(tr.compute.threads).toBe(threads);
      const m = [tr.runEpoch(), tr.runEpoch()].map(({ wallSeconds: _w, ...rest }) => rest);
      const w = tr.weights();
      tr.dispose();
      return { m, w };
    };
    const [a, b, single] = [await run(2), await run(2), await run(1)];
    expect(b.m).toEqual(a.m);
    a.w.forEach((w, k) => expect(b.w[k]).toEqual(w));
    for (let e = 0; e < 2; e++) {
      expect(a.m[e]!.trainLoss).toBeCloseTo(single.m[e]!.trainLoss, 2);
      expect(Math.abs(a.m[e]!.testAccuracy! - single.m[e]!.testAccuracy!)).toBeLessThanOrEqual(0.05);
    }
  });

  it('reports a slice thread that cannot start, naming it, instead of waiting for it', async () => {
    const cfg = runConfigSchema.parse({ workload: { network: 'lenet5' }, training: { batchSize: 4 } });
    const net = NETWORKS.lenet5;
    // Convolutions only (no classifier layer): the kernels refuse it in the other thread too.
    const setup = { ...computeSpec(cfg, { ...net, layers: net.layers.slice(0, 2) }, quantOptions(cfg)), threads: 2 };
    await expect(startSliceTeam(setup)).rejects.toThrow(/slice thread 1: the tensor kernels cannot run this configuration/);
  });
});

describe('threads a run gets', () => {
  const cfg = (training: Record<string, unknown>, network: 'mlp-784-100-10' | 'vgg8' = 'mlp-784-100-10') => runConfigSchema.parse({ workload: { network }, training });
  it('follows training.threads, never above the batch size', () => {
    expect(threadsFor(cfg({ threads: 3, batchSize: 32 }))).toBe(3);
    expect(threadsFor(cfg({ threads: 8, batchSize: 2 }))).toBe(2);
  });
  it('unset: the cores shared among concurrent runs, and one when a step is too small to share', () => {
    const cores = availableParallelism();
    // VGG-8 at batch 32: 118 GFLOP a step, worth every core.
    expect(threadsFor(cfg({ batchSize: 32 }, 'vgg8'))).toBe(Math.min(cores, 32));
    expect(threadsFor(cfg({ batchSize: 32 }, 'vgg8'), cores)).toBe(1);
    // MLP 784-100-10 at batch 8: 2.6 MFLOP a step, less than one thread's worthwhile share.
    expect(threadsFor(cfg({ batchSize: 8 }))).toBe(1);
  });
});
