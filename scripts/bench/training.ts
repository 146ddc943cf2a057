/**
 * Training-speed benchmark, every row measured side by side in one run (repetitions interleaved, so
 * all rows see the same machine state; ranges over the repetitions). Wall time, and next to it the
 * process's CPU time, which a busy shared machine inflates far less (a thread waiting for a core
 * uses none): rates "per core" are work over CPU time.
 *
 *  1. GEMM rate on the largest VGG-8 layer (conv6 forward at 16 images: [1024 x 4608] . [4608 x 512]):
 *     plain tf.matMul of the active TF.js backend, the tensor kernels' GEMM, NumPy's SGEMM (one BLAS
 *     thread; where python3 with numpy exists).
 *  2. VGG-8 hardware-aware training (HPS synapses, quantisation on, batch 32, synthetic CIFAR-10-shaped
 *     data) on one thread and on every core: images/s and achieved GFLOP/s, FLOPs counted from the
 *     network (forward, weight gradient, input gradient but the first layer's: 3.69 GFLOP an image),
 *     per core next to the matMul rate of section 1.
 *  3. One MLP 784-100-10 epoch on full Fashion-MNIST (batch 100; Debian's dataset-fashion-mnist):
 *     float, ideal synapses with quantisation, HPS, on one thread and on every core, next to the same
 *     computation in NumPy (scripts/bench/mlp_reference.py, one BLAS thread) and plain TF.js
 *     training (tensors + tf.train.sgd, no quantisation, 10,000 images).
 *
 *   npx tsx scripts/bench/training.ts [--reps 3] [--vgg-batch 32] [--skip-vgg] [--skip-mlp]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { runConfigSchema, type RunConfigInput } from '../../src/core/config/schema';
import { crossbarShape, macsPerImage, NETWORKS, type NetworkSpec } from '../../src/core/networks';
import { createSynapseLayer } from '../../src/core/synapse/builder';
import { trainingFlopsPerImage } from '../../src/core/training/compute';
import { layerScale } from '../../src/core/training/crossbar';
import { packedASize, packedBSize, TensorKernel, tensorKernelUnavailable } from '../../src/core/training/kernels/tensor-kernel';
import { syntheticSplit } from '../../src/core/training/synthetic';
import type { DataSplit, Trainer } from '../../src/core/training/types';
import { loadDataset } from '../../src/main/datasets';
import { backendInfo, initBackend } from '../../src/main/tf-backend';
import { createThreadedTrainer } from '../../src/main/training/threads';

const here = dirname(fileURLToPath(import.meta.url));
const HPS: RunConfigInput['synapse'] = { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4 };
const FASHION = '/usr/share/datasets/fashion-mnist';

/** Wall and CPU seconds (this process, every thread) of `fn`. */
function measure(fn: () => void): { wall: number; cpu: number } {
  const t = measureAsync();
  fn();
  return t();
}

const range = (xs: number[], digits = 1): string => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo.toFixed(digits) === hi.toFixed(digits) ? lo.toFixed(digits) : `${lo.toFixed(digits)}-${hi.toFixed(digits)}`;
};

/** The layer with the most multiply-accumulates (ties: the most weights). */
function largestLayer(net: NetworkSpec) {
  return [...net.layers].sort((a, b) => macsPerImage(b) - macsPerImage(a) || crossbarShape(b).rows * crossbarShape(b).cols - crossbarShape(a).rows * crossbarShape(a).cols)[0]!;
}

/**
 * Cores this process actually gets now: `threads` worker threads spin for half a second; their CPU
 * time over the wall time (about `threads` on an idle machine, less when other work shares it). A
 * thread-count speed-up cannot exceed it, so the bench prints it next to the speed-ups.
 */
async function coresAvailable(threads: number): Promise<number> {
  const spin = `const { parentPort } = require('node:worker_threads'); let x = 0; const t = Date.now(); while (Date.now() - t < 500) x += Math.sqrt(x + 1); parentPort.postMessage(x);`;
  const t = measureAsync();
  await Promise.all(Array.from({ length: threads }, () => new Promise((resolve) => new Worker(spin, { eval: true }).once('message', resolve))));
  const r = t();
  return r.cpu / r.wall;
}

function measureAsync(): () => { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  };
}

function python(args: string[], env: Record<string, string> = {}): Record<string, unknown> | null {
  const r = spawnSync('python3', [join(here, 'mlp_reference.py'), ...args], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', ...env } });
  if (r.error || r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  return out.skipped ? null : out;
}

interface Rates {
  wall: number[];
  cpu: number[];
}

/** GFLOP/s (over wall and CPU time) of one [m x k] . [k x n] product: tf.matMul, the tensor kernels (packing included), NumPy. */
function gemmRates(m: number, k: number, n: number, reps: number): { tf: Rates; kernels: Rates; numpy: Rates } {
  const gflop = (2 * m * k * n) / 1e9;
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  const kern = TensorKernel.create();
  const at = kern?.alloc(m * k) ?? 0;
  const bt = kern?.alloc(k * n) ?? 0;
  const ap = kern?.alloc(packedASize(m, k)) ?? 0;
  const bp = kern?.alloc(packedBSize(k, n)) ?? 0;
  const c = kern?.alloc(m * n) ?? 0;
  kern?.view(at, m * k).set(a.dataSync());
  kern?.view(bt, k * n).set(b.dataSync());
  const out = { tf: { wall: [], cpu: [] } as Rates, kernels: { wall: [], cpu: [] } as Rates, numpy: { wall: [], cpu: [] } as Rates };
  const add = (r: Rates, t: { wall: number; cpu: number }): void => {
    r.wall.push(gflop / t.wall);
    r.cpu.push(gflop / t.cpu);
  };
  for (let r = 0; r <= reps; r++) {
    const tTf = measure(() => {
      const prod = tf.matMul(a, b);
      prod.dataSync(); // not through tf.tidy: it would walk the returned array looking for tensors
      prod.dispose();
    });
    const tK = measure(() => {
      kern?.packARows(at, k, m, k, ap);
      kern?.packBRows(bt, n, k, n, bp);
      kern?.gemm(ap, bp, c, n, m, n, k, false);
    });
    const np = python(['--sgemm', String(m), String(k), String(n)]);
    if (r === 0) continue; // warm-up
    add(out.tf, tTf);
    if (kern) add(out.kernels, tK);
    if (np) add(out.numpy, { wall: np.seconds as number, cpu: np.cpuSeconds as number });
  }
  tf.dispose([a, b]);
  return out;
}

async function vggTrainer(threads: number, batch: number, data: DataSplit): Promise<Trainer> {
  const cfg = runConfigSchema.parse({ workload: { network: 'vgg8' }, synapse: HPS, training: { epochs: 1000, batchSize: batch, imagesPerEpoch: batch, evalEveryEpochs: 1000 } });
  return createThreadedTrainer(cfg, { train: data, test: data }, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer }, threads);
}

async function mlpTrainer(threads: number, data: { train: DataSplit; test: DataSplit }, synapse: RunConfigInput['synapse'], quant: boolean): Promise<Trainer> {
  const cfg = runConfigSchema.parse({ workload: { network: 'mlp-784-100-10' }, synapse, training: { epochs: 1000, batchSize: 100, learningRate: 10, evalEveryEpochs: 1000, quant: { enabled: quant } } });
  return createThreadedTrainer(cfg, data, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer }, threads);
}

/** Seconds of one epoch of plain TF.js training of the MLP (tensors + tf.train.sgd, float, no device model). */
function plainEpoch(train: DataSplit, batch: number, images: number): number {
  const s = NETWORKS['mlp-784-100-10'].layers.map(layerScale);
  const w1 = tf.variable(tf.randomUniform([784, 100], -1, 1, 'float32', 1));
  const w2 = tf.variable(tf.randomUniform([100, 10], -1, 1, 'float32', 2));
  const opt = tf.train.sgd(0.1);
  const t0 = performance.now();
  for (let i = 0; i < images; i += batch) {
    const m = Math.min(batch, images - i);
    const x = tf.tensor2d(train.images.subarray(i * 784, (i + m) * 784), [m, 784]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels.subarray(i, i + m)), 'int32'), 10).toFloat();
    const loss = opt.minimize(() => {
      const h = tf.sigmoid(tf.matMul(x, tf.mul(w1, s[0]!) as tf.Tensor2D));
      return tf.losses.softmaxCrossEntropy(y, tf.matMul(h, tf.mul(w2, s[1]!) as tf.Tensor2D)) as tf.Scalar;
    }, true);
    loss?.dataSync(); // the loss is read every batch, as the engine does
    tf.dispose([x, y, loss!]);
  }
  const dt = (performance.now() - t0) / 1000;
  tf.dispose([w1, w2]);
  opt.dispose();
  return dt;
}


async function vggSection(reps: number, batch: number, cores: number, matMulCpu: number): Promise<void> {
  const net = NETWORKS.vgg8;
  const gflop = trainingFlopsPerImage(net) / 1e9;
  const data = syntheticSplit(batch, 32, 32, 3, 1);
  const counts = [...new Set([1, cores])];
  const trainers = await Promise.all(counts.map((t) => vggTrainer(t, batch, data)));
  for (const tr of trainers) tr.runEpoch(); // warm-up: first touch of every buffer
  const times = counts.map(() => [] as Array<{ wall: number; cpu: number }>);
  const available: number[] = [];
  for (let r = 0; r < reps; r++) {
    trainers.forEach((tr, i) => times[i]!.push(measure(() => tr.runEpoch())));
    available.push(await coresAvailable(cores));
  }
  console.log(`\n## VGG-8 hardware-aware training (HPS hps-envm + cap-3t1c, quantisation on, batch ${batch}; ${gflop.toFixed(2)} GFLOP an image)\n`);
  console.log('| threads | passes | images/s | GFLOP/s | GFLOP/s per core (CPU time) | per core / tf.matMul (CPU time) | speed-up over 1 thread |');
  console.log('|---|---|---|---|---|---|---|');
  const ips = times.map((ts) => ts.map((t) => batch / t.wall));
  counts.forEach((t, i) => {
    const perCore = times[i]!.map((x) => (batch * gflop) / x.cpu);
    const speedup = ips[i]!.map((v, r) => v / ips[0]![r]!);
    console.log(
      `| ${t} | ${trainers[i]!.compute.description} | ${range(ips[i]!, 2)} | ${range(ips[i]!.map((v) => v * gflop))} | ${range(perCore)} | ` +
        `${range(perCore.map((v) => v / matMulCpu), 2)} | ${t === 1 ? '-' : range(speedup, 2)} |`,
    );
  });
  console.log(`\ncores available to this process after each repetition (${cores} spinning threads' CPU time over wall time), next to that repetition's speed-up:`);
  available.forEach((a, r) => console.log(`- repetition ${r + 1}: ${a.toFixed(2)} cores; ${counts.map((t, i) => `${ips[i]![r]!.toFixed(2)} images/s on ${t}`).join(', ')}`));
  for (const tr of trainers) tr.dispose();
}

async function mlpSection(reps: number, cores: number): Promise<void> {
  if (!existsSync(FASHION)) {
    console.log(`\n## MLP epoch: skipped (${FASHION} missing; apt-get install dataset-fashion-mnist)`);
    return;
  }
  const data = loadDataset({ source: 'fashion-mnist' }, 'mlp-784-100-10');
  const n = data.train.n;
  const settings: Array<[string, RunConfigInput['synapse'], boolean, string]> = [
    ['float (quantisation off), ideal synapses', { scheme: 'ideal' }, false, 'float'],
    ['ideal synapses, quantisation on', { scheme: 'ideal' }, true, 'ideal'],
    ['hardware-aware: HPS, quantisation on', HPS, true, 'hps'],
  ];
  const counts = [...new Set([1, cores])];
  const label = (t: number): string => `${t} thread${t > 1 ? 's' : ''}`;
  console.log(`\n## MLP 784-100-10, one epoch of ${n} Fashion-MNIST images, batch 100 (seconds, range over ${reps} repetitions; ratios of the fastest)\n`);
  console.log(`| setting | ${counts.map((t) => `this app, ${label(t)}`).join(' | ')} | NumPy, 1 BLAS thread | ${counts.map((t) => `app ${label(t)} / NumPy`).join(' | ')} | CPU s: app 1 thread, NumPy | CPU ratio |`);
  console.log(`|---|${counts.map(() => '---|').join('')}---|${counts.map(() => '---|').join('')}---|---|`);
  for (const [name, synapse, quant, mode] of settings) {
    const trainers = await Promise.all(counts.map((t) => mlpTrainer(t, data, synapse, quant)));
    const times = counts.map(() => [] as Array<{ wall: number; cpu: number }>);
    const np: Array<{ wall: number; cpu: number }> = [];
    for (let r = 0; r < reps; r++) {
      trainers.forEach((tr, i) => times[i]!.push(measure(() => tr.runEpoch())));
      const ref = python(['--mode', mode, '--data', FASHION, '--batch', '100', '--lr', '10']);
      if (ref) np.push({ wall: ref.seconds as number, cpu: ref.cpuSeconds as number });
    }
    for (const tr of trainers) tr.dispose();
    const best = (xs: number[]): number => Math.min(...xs);
    const npWall = np.map((t) => t.wall);
    const npCpu = np.map((t) => t.cpu);
    const ratio = (xs: number[], ref: number[]): string => (ref.length > 0 ? (best(xs) / best(ref)).toFixed(2) : 'no numpy');
    const walls = times.map((ts) => ts.map((t) => t.wall));
    const cpu1 = times[0]!.map((t) => t.cpu);
    console.log(
      `| ${name} | ${walls.map((w) => range(w, 2)).join(' | ')} | ${np.length > 0 ? range(npWall, 2) : '-'} | ${walls.map((w) => ratio(w, npWall)).join(' | ')} | ` +
        `${range(cpu1, 2)}, ${np.length > 0 ? range(npCpu, 2) : '-'} | ${ratio(cpu1, npCpu)} |`,
    );
  }
  const plainImages = Math.min(10000, n);
  plainEpoch(data.train, 100, 1000); // warm-up
  const plain = Array.from({ length: reps }, () => plainEpoch(data.train, 100, plainImages));
  console.log(`\nplain TF.js (tensors + tf.train.sgd, float, no device model), ${plainImages} images: ${range(plain.map((s) => plainImages / s), 0)} images/s`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let reps = 3;
  let vggBatch = 32;
  let skipVgg = false;
  let skipMlp = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reps') reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--vgg-batch') vggBatch = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--skip-vgg') skipVgg = true;
    else if (argv[i] === '--skip-mlp') skipMlp = true;
  }
  const backend = await initBackend('node', (m) => console.log(m));
  const cores = availableParallelism();
  const numpy = python(['--sgemm', '8', '8', '8']);
  console.log(`TF.js backend: ${backend}${backendInfo()?.fallback ? ' (fallback: tfjs-node unavailable)' : ''}; tensor kernels: ${tensorKernelUnavailable() || 'wasm-simd'}; cores ${cores}; load average at start ${loadavg().map((v) => v.toFixed(1)).join(' ')}; cores available to this process ${(await coresAvailable(cores)).toFixed(2)}`);
  console.log(`NumPy: ${numpy ? `${String(numpy.numpy)} (${String(numpy.blas)}), one BLAS thread` : 'not available (python3 with numpy): NumPy rows skipped'}`);

  const layer = largestLayer(NETWORKS.vgg8);
  const { rows, cols } = crossbarShape(layer);
  const m = 16 * macsPerImage(layer) / (rows * cols);
  const g = gemmRates(m, rows, cols, reps);
  console.log(`\n## GEMM, largest VGG-8 layer (${layer.name} forward at 16 images: [${m} x ${rows}] . [${rows} x ${cols}]), one thread\n`);
  console.log('| product | GFLOP/s (wall) | GFLOP/s (CPU time) |');
  console.log('|---|---|---|');
  console.log(`| tf.matMul (${backend} backend) | ${range(g.tf.wall)} | ${range(g.tf.cpu)} |`);
  if (g.kernels.wall.length) console.log(`| tensor kernels (packing included) | ${range(g.kernels.wall)} | ${range(g.kernels.cpu)} |`);
  if (g.numpy.wall.length) console.log(`| NumPy SGEMM (one BLAS thread) | ${range(g.numpy.wall)} | ${range(g.numpy.cpu)} |`);
  const matMulCpu = Math.max(...g.tf.cpu);

  if (!skipVgg) await vggSection(reps, vggBatch, cores, matMulCpu);
  if (!skipMlp) await mlpSection(reps, cores);
  console.log(`\nload average at end ${loadavg().map((v) => v.toFixed(1)).join(' ')}; cores available to this process ${(await coresAvailable(cores)).toFixed(2)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0), // slice threads are unreferenced, but TF.js keeps handles open
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
