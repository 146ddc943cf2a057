/**
 * Where a training step's time goes, part by part, for the TF.js graph and for the tensor kernels
 * (one thread each), on the same network, batch and synapses (HPS hps-envm + cap-3t1c, quantisation
 * on). Not part of `npm run bench`'s default set (it is a diagnosis, not a ratio). The TF.js graph
 * is always timed in wall time (tf.profile's clock); --clock cpu times the kernels in CPU time:
 *
 *   npx tsx scripts/bench/training-profile.ts [--network vgg8|lenet5|mlp-784-100-10|mlp-400-100-10] [--batch B] [--steps N]
 *                                             [--path tfjs|kernels|both] [--clock wall|cpu] [--synapse hps|ideal]
 *
 * Kernels: self time of every tensor-kernel call and network pass part (methods wrapped with timers;
 * a part's time excludes the timed parts it calls). TF.js graph: kernel time by TF.js kernel name
 * (tf.profile), and what the step spends outside the kernels (dispatch, uploads, read-backs, the
 * JavaScript quantisers). Both: the optimiser and the synapse update / read / advance; "other" is
 * the rest of the step (data gathering, gradient quantisation, bookkeeping).
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { networkIds, runConfigSchema, type NetworkId } from '../../src/core/config/schema';
import { NETWORKS } from '../../src/core/networks';
import { createSynapseLayer } from '../../src/core/synapse/builder';
import { HpsSynapse } from '../../src/core/synapse/hps';
import { IdealSynapse } from '../../src/core/synapse/ideal';
import { createTrainer } from '../../src/core/training/engine';
import { KernelNetwork } from '../../src/core/training/kernels/kernel-network';
import { TensorKernel } from '../../src/core/training/kernels/tensor-kernel';
import { Optimizer } from '../../src/core/training/optimizer';
import { syntheticSplit } from '../../src/core/training/synthetic';
import { initBackend } from '../../src/main/tf-backend';

type Clock = () => number;
/** Milliseconds of wall time, or of this process's CPU time (steadier on a shared machine). */
const wallNow: Clock = () => performance.now();
const cpuNow: Clock = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Self-time accumulator: nested timed calls are subtracted from their caller. */
class Parts {
  readonly self = new Map<string, number>();
  private readonly stack: number[] = [];

  constructor(private readonly now: Clock) {}

  wrap(proto: object, method: string, label: string): void {
    const target = proto as Record<string, (...a: unknown[]) => unknown>;
    const original = target[method]!;
    const { self, stack, now } = this;
    target[method] = function (this: unknown, ...args: unknown[]) {
      stack.push(0);
      const t0 = now();
      try {
        return original.apply(this, args);
      } finally {
        const total = now() - t0;
        const inner = stack.pop()!;
        self.set(label, (self.get(label) ?? 0) + total - inner);
        if (stack.length > 0) stack[stack.length - 1]! += total;
      }
    };
  }

  add(label: string, ms: number): void {
    this.self.set(label, (this.self.get(label) ?? 0) + ms);
  }
}

const ENGINE_PARTS: Array<[object, string, string]> = [
  [Optimizer.prototype, 'delta', 'optimizer (desired change, max)'],
  [IdealSynapse.prototype, 'update', 'synapse update (ideal)'],
  [IdealSynapse.prototype, 'read', 'synapse read (weights for the next pass)'],
  [HpsSynapse.prototype, 'update', 'synapse update (device kernel)'],
  [HpsSynapse.prototype, 'read', 'synapse read (weights for the next pass)'],
  [HpsSynapse.prototype, 'advance', 'synapse advance (leakage, transfers)'],
];

const KERNEL_PARTS: Array<[object, string, string]> = [
  [TensorKernel.prototype, 'gemm', 'GEMM'],
  [TensorKernel.prototype, 'packARows', 'pack A'],
  [TensorKernel.prototype, 'packACols', 'pack A (transposed)'],
  [TensorKernel.prototype, 'packBRows', 'pack B'],
  [TensorKernel.prototype, 'packBCols', 'pack B (transposed)'],
  [TensorKernel.prototype, 'im2col', 'im2col'],
  [TensorKernel.prototype, 'col2im', 'col2im'],
  [KernelNetwork.prototype, 'setWeights', 'weights into the kernels'],
  [KernelNetwork.prototype, 'quantizeInput', 'activation quantiser'],
  [KernelNetwork.prototype, 'macWithAdc', 'ADC (range and conversion passes)'],
  [KernelNetwork.prototype, 'activate', 'activation (+ ReLU range)'],
  [KernelNetwork.prototype, 'pool', 'max pool'],
  [KernelNetwork.prototype, 'unpool', 'max pool gradient'],
  [KernelNetwork.prototype, 'activationGradient', 'activation gradient'],
  [KernelNetwork.prototype, 'quantizeErrors', 'error quantiser'],
];

/**
 * One path's profile on `clock`. The TF.js graph's kernel times come from tf.profile, which times
 * in wall time: that path always uses the wall clock.
 */
async function profile(path: 'tfjs' | 'kernels', net: NetworkId, batch: number, steps: number, clock: Clock, synapse: 'hps' | 'ideal'): Promise<void> {
  const now = path === 'tfjs' ? wallNow : clock;
  const spec = NETWORKS[net];
  const data = syntheticSplit(batch * (steps + 1), spec.input.h, spec.input.w, spec.input.c, 1);
  const cfg = runConfigSchema.parse({
    workload: { network: net },
    synapse: synapse === 'hps' ? { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' } } : { scheme: 'ideal' },
    training: { epochs: 1000, batchSize: batch, imagesPerEpoch: batch * steps, evalEveryEpochs: 1000 },
  });
  const tr = createTrainer(cfg, { train: data, test: data }, { hardwareSecondsPerBatch: 1e-5, synapseFactory: createSynapseLayer, compute: path });
  tr.runEpoch(); // warm-up (an epoch is the timed steps)
  const parts = new Parts(now);
  const restore: Array<[Record<string, unknown>, string, unknown]> = [];
  for (const [proto, method, label] of [...ENGINE_PARTS, ...(path === 'kernels' ? KERNEL_PARTS : [])]) {
    restore.push([proto as Record<string, unknown>, method, (proto as Record<string, unknown>)[method]]);
    parts.wrap(proto, method, label);
  }
  let launches = 0;
  const t0 = now();
  if (path === 'tfjs') {
    const p = await tf.profile(() => {
      tr.runEpoch();
    });
    for (const k of p.kernels) {
      // Custom-gradient ops appear as kernels wrapping the kernels they launch: count leaves only.
      if (k.name === 'forward' || k.name.endsWith('__op')) continue;
      parts.add(`TF.js ${k.name}`, (await k.kernelTimeMs) as number);
      launches++;
    }
  } else tr.runEpoch();
  const wall = now() - t0;
  for (const [proto, method, original] of restore) proto[method] = original;
  const rows = [...parts.self];
  const accounted = rows.reduce((a, [, v]) => a + v, 0);
  rows.push([
    path === 'tfjs'
      ? 'outside TF.js kernels and the engine parts (graph dispatch, uploads, read-backs, JS quantisers, data, gradient quantiser)'
      : 'other (data, gradient quantiser, loss, copies, bookkeeping)',
    wall - accounted,
  ]);
  rows.sort((a, b) => b[1] - a[1]);
  console.log(`\n### ${net}, batch ${batch}, ${tr.compute.description}: ${(wall / steps).toFixed(2)} ms a step of ${now === cpuNow ? 'CPU' : 'wall'} time (${steps} steps${path === 'tfjs' ? `, ${Math.round(launches / steps)} TF.js kernel launches a step` : ''})\n`);
  console.log('| part of the step | ms a step | share |');
  console.log('|---|---|---|');
  for (const [label, ms] of rows.slice(0, 14)) console.log(`| ${label} | ${(ms / steps).toFixed(2)} | ${((100 * ms) / wall).toFixed(1)} % |`);
  const shown = rows.slice(0, 14).reduce((a, [, v]) => a + v, 0);
  if (rows.length > 14) console.log(`| (${rows.length - 14} more) | ${((wall - shown) / steps).toFixed(2)} | ${((100 * (wall - shown)) / wall).toFixed(1)} % |`);
  tr.dispose();
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let net: NetworkId = 'vgg8';
  let batch = 0;
  let steps = 2;
  let paths: Array<'tfjs' | 'kernels'> = ['tfjs', 'kernels'];
  let clock = wallNow;
  let synapse: 'hps' | 'ideal' = 'hps';
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--network' && (networkIds as readonly string[]).includes(v ?? '')) net = argv[++i] as NetworkId;
    else if (argv[i] === '--batch') batch = Number(argv[++i]);
    else if (argv[i] === '--steps') steps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--path') paths = argv[++i] === 'both' ? paths : [v as 'tfjs' | 'kernels'];
    else if (argv[i] === '--clock') clock = argv[++i] === 'cpu' ? cpuNow : wallNow;
    else if (argv[i] === '--synapse') synapse = argv[++i] === 'ideal' ? 'ideal' : 'hps';
    else throw new Error(`unknown or invalid argument ${argv[i]}`);
  }
  if (!(batch > 0)) batch = net === 'vgg8' ? 8 : 100;
  const backend = await initBackend('node');
  console.log(`TF.js backend ${backend}; ${net}, batch ${batch}, ${synapse === 'hps' ? 'HPS' : 'ideal'} synapses, quantisation on; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  for (const p of paths) await profile(p, net, batch, steps, clock, synapse);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
