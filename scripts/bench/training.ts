/**
 * Training-speed benchmark (issue 4): one epoch of hardware-aware training (engine, MLP 784-100-10)
 * against plain TF.js training of the same network (tensors + tf.train.sgd minimize, no device
 * model, no quantisation) on the same data, same batch size, same backend, measured side by side in
 * one run. Prints the ratio and images per second. Target: ratio <= 1.5 for the MLP.
 *
 *   npx tsx scripts/bench/training.ts [--images N] [--batch B]
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { runConfigSchema, type RunConfigInput } from '../../src/core/config/schema';
import { NETWORKS } from '../../src/core/networks';
import { createSynapseLayer } from '../../src/core/synapse/builder';
import { createTrainer } from '../../src/core/training/engine';
import { layerScale } from '../../src/core/training/network';
import type { DataSplit } from '../../src/core/training/types';
import { loadDataset } from '../../src/main/datasets';
import { backendInfo, initBackend } from '../../src/main/tf-backend';

function plainEpoch(train: DataSplit, batch: number, lr: number, seed: number): number {
  const net = NETWORKS['mlp-784-100-10'];
  const s = net.layers.map(layerScale);
  const w1 = tf.variable(tf.randomUniform([784, 100], -1, 1, 'float32', seed));
  const w2 = tf.variable(tf.randomUniform([100, 10], -1, 1, 'float32', seed + 1));
  const opt = tf.train.sgd(lr);
  const t0 = Date.now();
  for (let i = 0; i < train.n; i += batch) {
    const m = Math.min(batch, train.n - i);
    const x = tf.tensor2d(train.images.subarray(i * 784, (i + m) * 784), [m, 784]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels.subarray(i, i + m)), 'int32'), 10).toFloat();
    const loss = opt.minimize(() => {
      const h = tf.sigmoid(tf.matMul(x, tf.mul(w1, s[0]!) as tf.Tensor2D));
      return tf.losses.softmaxCrossEntropy(y, tf.matMul(h, tf.mul(w2, s[1]!) as tf.Tensor2D)) as tf.Scalar;
    }, true);
    loss?.dataSync(); // read the loss each batch, as the engine does
    tf.dispose([x, y, loss!]);
  }
  const dt = (Date.now() - t0) / 1000;
  tf.dispose([w1, w2]);
  opt.dispose();
  return dt;
}

function engineEpoch(train: DataSplit, test: DataSplit, batch: number, lr: number, synapse: RunConfigInput['synapse'], quant = true): number {
  const cfg = runConfigSchema.parse({
    workload: { network: 'mlp-784-100-10' },
    synapse,
    training: { epochs: 1000, batchSize: batch, learningRate: lr, evalEveryEpochs: 1000, quant: { enabled: quant } },
  });
  const tr = createTrainer(cfg, { train, test }, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer });
  const t0 = Date.now();
  tr.runEpoch(); // evalEveryEpochs 1000: no test evaluation inside the timed epoch
  const dt = (Date.now() - t0) / 1000;
  tr.dispose();
  return dt;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let images = 3000;
  let batch = 32;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--images') images = Number(argv[++i]);
    else if (argv[i] === '--batch') batch = Number(argv[++i]);
  }
  const backend = await initBackend('node', (m) => console.log(m));
  const info = backendInfo();
  const data = loadDataset({ source: 'bundled', trainLimit: images, testLimit: 10 }, 'mlp-784-100-10');
  console.log(`backend: ${backend}${info?.fallback ? ' (FALLBACK backend: tfjs-node native binding unavailable)' : ''}`);
  console.log(`data: ${data.source}; batch ${batch}`);
  const lr = 10;
  const hps: RunConfigInput['synapse'] = { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4 };
  // Warm-up (kernel compilation, JIT).
  const nw = Math.min(256, data.train.n);
  const warm = { ...data.train, n: nw, images: data.train.images.subarray(0, nw * 784), labels: data.train.labels.subarray(0, nw) };
  plainEpoch(warm, batch, 0.1, 1);
  engineEpoch(warm, data.test, batch, lr, { scheme: 'ideal' });
  const rows: Array<[string, number[]]> = [
    ['plain TF.js (tensors + tf.train.sgd)', []],
    ['hardware-aware, ideal synapses, quant on', []],
    ['hardware-aware, HPS synapses, quant on', []],
    ['hardware-aware, ideal synapses, quant off (float)', []],
  ];
  for (let rep = 0; rep < 3; rep++) {
    rows[0]![1].push(plainEpoch(data.train, batch, 0.1, 1 + rep));
    rows[1]![1].push(engineEpoch(data.train, data.test, batch, lr, { scheme: 'ideal' }));
    rows[2]![1].push(engineEpoch(data.train, data.test, batch, lr, hps));
    rows[3]![1].push(engineEpoch(data.train, data.test, batch, lr, { scheme: 'ideal' }, false));
  }
  const best = rows.map(([, t]) => Math.min(...t));
  console.log('\n| training | epoch s (best of 3) | images/s | ratio to plain |');
  console.log('|---|---|---|---|');
  rows.forEach(([name], k) => console.log(`| ${name} | ${best[k]!.toFixed(2)} | ${(data.train.n / best[k]!).toFixed(0)} | ${(best[k]! / best[0]!).toFixed(2)} |`));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
