/**
 * Hardware-aware in-situ training engine.
 *
 * Per batch: forward (quantised activations, optional ADC / bit-serial / read noise) -> loss ->
 * backward (quantised errors) -> gradient g = dL/dW_norm on the NORMALISED crossbar weights ->
 * optimiser (sgd / momentum / adam) -> desired change dw -> quantised to gradientBits -> 
 * synapse.update(dw) -> synapse.advance(images, hardwareSecondsPerBatch) (leakage, transfers) ->
 * synapse.read() into the weights the next batch's passes read. The passes run on a compute
 * (compute.ts: the tensor kernels, on one thread or several, or the TF.js graph).
 *
 * Learning-rate convention (training.lrConvention, convention.ts): normalised (NeuroSim),
 * dw_norm = -lr * dL/dW_norm, where the network uses W_eff = s_k * W_norm, so dL/dW_norm =
 * s_k * dL/dW_eff (the effective-weight step is lr * s_k^2 * dL/dW_eff); or effective, where the
 * optimiser runs on W_norm with the per-layer rate lr / s_k^2 (standard SGD on W_eff).
 *
 * Evaluation point: at the end of an epoch, after the last batch's update and advance(), with no
 * forced transfer. `testAccuracy` uses read() (live weights), `testAccuracyNonVolatile` uses
 * readNonVolatile() (what survives power-off: MSB only), `testAccuracyAfterFlush` the non-volatile
 * weights after a transfer of the LSB into the MSB made on a copy of the state. `evalPoint.imagesSinceTransfer` states where in the
 * transfer cycle that is. Optionally (opts.evalBeforeTransfer) live accuracy is also measured just
 * before each HPS transfer, so both ends of the transfer cycle are reported.
 *
 * Random streams (all from the run seed, all checkpointed): synapse initialisation, data order,
 * device stochasticity (update/advance), read noise.
 */
import type { RunConfig } from '../config/schema';
import { ConfigError } from '../errors';
import { crossbarShape, networkOf, type NetworkSpec } from '../networks';
import { Rng } from '../rng';
import { emptyCounts, type SynapseCounts, type SynapseLayer } from '../synapse/types';
import { EVAL_BATCH, computeSpec, type ComputeSpec, type TrainingCompute } from './compute';
import { FLOAT_QUANT, layerScale, withReadNoise, type QuantOptions } from './crossbar';
import { kernelCompute } from './kernels/kernel-compute';
import { KernelNetwork } from './kernels/kernel-network';
import { Optimizer } from './optimizer';
import { layerLearningRates } from './convention';
import { layerDiagnostics } from './diagnostics';
import { quantizeSignedInPlace } from './quant';
import { tfCompute } from './tf-compute';
import { BatchTraceRecorder } from './batch-trace';
import type { Checkpoint, DataSplit, EpochMetrics, LayerCounts, RngSnapshot, Trainer, TrainerOptions } from './types';

export type * from './types';

/** Quantisation options from the config (quant.enabled false = float everywhere). */
export function quantOptions(cfg: RunConfig): QuantOptions & { gradientBits: number | null; readNoise: boolean } {
  const q = cfg.training.quant;
  if (!q.enabled) return { ...FLOAT_QUANT, gradientBits: null, readNoise: false };
  return {
    activationBits: q.activationBits,
    errorBits: q.errorBits,
    adcBits: q.adcBits,
    subArrayRows: q.subArrayRows,
    bitSerialInputs: q.bitSerialInputs,
    gradientBits: q.gradientBits,
    readNoise: q.readNoise,
  };
}

/** The config a checkpoint belongs to: epochs may be extended and the thread count changed on resume. */
function configKey(cfg: RunConfig): string {
  const { threads: _threads, ...training } = cfg.training;
  return JSON.stringify({ ...cfg, training: { ...training, epochs: 0 } });
}

function addCounts(a: SynapseCounts, b: SynapseCounts, sign = 1): SynapseCounts {
  const out = emptyCounts();
  // Counters added after a checkpoint was written are absent from it: they count from 0.
  for (const k of Object.keys(out) as (keyof SynapseCounts)[]) out[k] = (a[k] ?? 0) + sign * (b[k] ?? 0);
  return out;
}

/** The network a run trains, layer by layer as its passes see them (every compute is built from it). */
export function runNetwork(cfg: RunConfig): NetworkSpec {
  return networkOf(cfg.workload.network, cfg.workload.hiddenActivation);
}

/** What the passes of a run are built for (a compute the caller builds, e.g. across threads, must use it). */
export function runComputeSpec(cfg: RunConfig): ComputeSpec {
  return computeSpec(cfg, runNetwork(cfg), quantOptions(cfg));
}

/**
 * The compute the trainer runs its passes on: the caller's, or the tensor kernels where they run
 * (logging why not when they do not), else the TF.js graph.
 */
function chooseCompute(cfg: RunConfig, q: QuantOptions, opts: TrainerOptions, log: (msg: string) => void): TrainingCompute {
  const c = opts.compute ?? 'auto';
  if (typeof c === 'object') return c;
  const spec = runComputeSpec(cfg);
  if (c === 'tfjs') return tfCompute(spec);
  const k = kernelCompute(spec);
  if (k) return k;
  const why = KernelNetwork.unsupported(spec.net, q);
  if (c === 'kernels') throw new ConfigError(`the tensor kernels cannot run this configuration here: ${why}`);
  log(`the tensor kernels do not run this configuration (${why}): TF.js graph instead`);
  return tfCompute(spec);
}

function rngSnap(r: Rng): RngSnapshot {
  const s = r.state();
  return { words: [...s.words], spare: s.spare };
}

function rngFrom(s: RngSnapshot): Rng {
  return Rng.fromState(s.words, s.spare);
}

export function createTrainer(cfg: RunConfig, data: { train: DataSplit; test: DataSplit }, opts: TrainerOptions): Trainer {
  const net = runNetwork(cfg);
  const log = opts.log ?? (() => {});
  const t = cfg.training;
  const q = quantOptions(cfg);
  for (const [name, d] of [['train', data.train], ['test', data.test]] as const) {
    if (d.h !== net.input.h || d.w !== net.input.w || d.c !== net.input.c)
      throw new ConfigError(`dataset ${name} split is ${d.h}x${d.w}x${d.c} but network ${net.id} expects ${net.input.h}x${net.input.w}x${net.input.c}`);
    if (d.images.length !== d.n * d.h * d.w * d.c || d.labels.length !== d.n)
      throw new ConfigError(`dataset ${name} split: array sizes do not match n=${d.n}`);
  }
  if (!(opts.hardwareSecondsPerBatch >= 0) || !Number.isFinite(opts.hardwareSecondsPerBatch))
    throw new ConfigError(`hardwareSecondsPerBatch must be a finite number >= 0, got ${opts.hardwareSecondsPerBatch}`);
  if (q.bitSerialInputs && (q.adcBits === null || q.activationBits === null))
    log('bit-serial inputs have no effect without adcBits and activationBits (the ideal MAC is exact)');

  const master = new Rng(cfg.seed);
  const initRng = master.fork();
  let dataRng = master.fork();
  let deviceRng = master.fork();
  let noiseRng = master.fork();

  const shapes = net.layers.map(crossbarShape);
  const scales = net.layers.map(layerScale);
  const compute = chooseCompute(cfg, q, opts, log);
  // Initial weights: uniform in [-1, 1] normalised (so s_k * W is Glorot uniform), programmed by
  // the scheme's initialize() (a verified initial write, not counted as training pulses).
  const synapses: SynapseLayer[] = shapes.map((s) => {
    const r = initRng.fork();
    const syn = opts.synapseFactory(cfg.synapse, s.rows, s.cols, r, cfg.circuit);
    const w0 = new Float32Array(s.rows * s.cols);
    for (let i = 0; i < w0.length; i++) w0[i] = 2 * r.uniform() - 1;
    syn.initialize(w0, r);
    return syn;
  });
  const sizes = shapes.map((s) => s.rows * s.cols);
  const optimizer = new Optimizer(t.optimizer, layerLearningRates(t.learningRate, t.lrConvention, t.optimizer, scales), t.momentum, sizes);
  const dwBufs = sizes.map((n) => new Float32Array(n));
  let countsOffset: SynapseCounts[] = synapses.map(() => emptyCounts());

  const readWeights = (nonVolatile: boolean): Float32Array[] =>
    synapses.map((s, k) => {
      const a = new Float32Array(sizes[k]!);
      if (nonVolatile) s.readNonVolatile(a);
      else s.read(a);
      return a;
    });
  // The live weights the next forward pass reads, refreshed from the synapses after every update.
  const wLive = sizes.map((n) => new Float32Array(n));
  const refreshWeights = (): void => synapses.forEach((s, k) => s.read(wLive[k]!));
  refreshWeights();

  // Data order: a permutation consumed by a cursor, reshuffled when exhausted.
  const train = data.train;
  const test = data.test;
  const order = new Int32Array(train.n);
  for (let i = 0; i < train.n; i++) order[i] = i;
  dataRng.shuffle(order);
  let cursor = 0;
  let epoch = 0;
  let totalImages = 0;
  let totalHw = 0;
  let imagesSinceTransfer = 0;
  // HPS with an image-based interval: the engine can tell which batch triggers a transfer.
  const transferImages = cfg.synapse.scheme === 'hps' && cfg.synapse.transfer.everySeconds === undefined ? cfg.synapse.transfer.everyImages : null;
  const inSize = net.input.h * net.input.w * net.input.c;
  const imagesPerEpoch = t.imagesPerEpoch ?? train.n;

  const nextIndices = (m: number): Int32Array => {
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      if (cursor >= train.n) {
        dataRng.shuffle(order);
        cursor = 0;
      }
      out[i] = order[cursor++]!;
    }
    return out;
  };

  // One batch's images and labels, in buffers reused by every batch (a step consumes them at once).
  const xBuf = new Float32Array(t.batchSize * inSize);
  const yBuf = new Int32Array(t.batchSize);
  const gather = (split: DataSplit, idx: ArrayLike<number>): { x: Float32Array; y: Int32Array } => {
    const x = xBuf.subarray(0, idx.length * inSize);
    const y = yBuf.subarray(0, idx.length);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i]!;
      x.set(split.images.subarray(j * inSize, (j + 1) * inSize), i * inSize);
      y[i] = split.labels[j]!;
    }
    return { x, y };
  };

  // Read noise: one draw per weight and forward pass (noiseRng reseeds a stream per layer).
  const wNoisy = q.readNoise ? sizes.map((n) => new Float32Array(n)) : null;
  const noisy = (ws: readonly Float32Array[]): readonly Float32Array[] => {
    if (!wNoisy) return ws;
    ws.forEach((w, k) => withReadNoise(w, wNoisy[k]!, noiseRng));
    return wNoisy;
  };

  /** One training step: loss summed over the batch, correct count and gradients dL/dW_norm. */
  const step = (x: Float32Array, y: Int32Array) => compute.step(x, y, noisy(wLive));

  const accuracy = (ws: readonly Float32Array[]): number => {
    let correct = 0;
    for (let s = 0; s < test.n; s += EVAL_BATCH) {
      const m = Math.min(EVAL_BATCH, test.n - s);
      correct += compute.correct(test.images.subarray(s * inSize, (s + m) * inSize), Int32Array.from(test.labels.subarray(s, s + m)), noisy(ws));
    }
    return test.n > 0 ? correct / test.n : Number.NaN;
  };

  /**
   * Non-volatile accuracy after a flush: every layer transfers its LSB into the MSB now, the
   * non-volatile weights are read, and the synapses (and their counters) are put back as they
   * were, so the flush changes nothing in the run. Its random draws come from a generator of its
   * own (seed and epoch), not from the training streams.
   */
  const afterFlushWeights = (): Float32Array[] => {
    const snaps = synapses.map((s) => s.snapshot());
    const before = synapses.map((s) => s.counts());
    const flushRng = new Rng(((cfg.seed * 1000003) ^ (epoch + 1)) >>> 0);
    for (const s of synapses) s.transfer(flushRng);
    const ws = readWeights(true);
    synapses.forEach((s, k) => {
      s.restore(snaps[k]!);
      countsOffset[k] = addCounts(countsOffset[k]!, addCounts(s.counts(), before[k]!, -1), -1);
    });
    return ws;
  };

  const evaluate = (): { live: number; nonVolatile: number; afterFlush: number } => {
    const live = accuracy(wLive);
    const nonVolatile = accuracy(readWeights(true));
    // Only a hybrid synapse holds anything a flush could move.
    const hybrid = cfg.synapse.scheme === 'hps' || cfg.synapse.scheme === 'fefet-2t1f';
    const afterFlush = hybrid ? accuracy(afterFlushWeights()) : nonVolatile;
    return { live, nonVolatile, afterFlush };
  };

  const rawCounts = (): SynapseCounts[] => synapses.map((s, k) => addCounts(s.counts(), countsOffset[k]!));
  const sumCounts = (cs: SynapseCounts[]): SynapseCounts => cs.reduce((a, c) => addCounts(a, c), emptyCounts());

  const runEpoch = (): EpochMetrics => {
    const t0 = Date.now();
    const layerBefore = rawCounts();
    const before = sumCounts(layerBefore);
    let lossSum = 0;
    let correct = 0;
    let images = 0;
    let transfers = 0;
    let hw = 0;
    let beforeTransfer: number | null = null;
    const trace = new BatchTraceRecorder(imagesPerEpoch);
    while (images < imagesPerEpoch) {
      const m = Math.min(t.batchSize, imagesPerEpoch - images);
      const { x, y } = gather(train, nextIndices(m));
      const r = step(x, y);
      lossSum += r.lossSum;
      correct += r.correct;
      trace.add(r.lossSum, r.correct, m);
      optimizer.beginStep();
      for (let k = 0; k < synapses.length; k++) {
        const dw = dwBufs[k]!;
        const max = optimizer.delta(k, r.grads[k]!, dw);
        if (q.gradientBits !== null) quantizeSignedInPlace(dw, q.gradientBits, max);
        synapses[k]!.update(dw, deviceRng);
      }
      if (opts.evalBeforeTransfer && transferImages !== null && imagesSinceTransfer + m >= transferImages) {
        refreshWeights();
        beforeTransfer = accuracy(wLive);
      }
      let tr = 0;
      for (const s of synapses) tr = Math.max(tr, s.advance(m, opts.hardwareSecondsPerBatch, deviceRng));
      transfers += tr;
      if (tr === 0) imagesSinceTransfer += m;
      else imagesSinceTransfer = transferImages !== null ? Math.max(0, imagesSinceTransfer + m - tr * transferImages) : 0;
      hw += opts.hardwareSecondsPerBatch;
      images += m;
      refreshWeights();
    }
    epoch++;
    totalImages += images;
    totalHw += hw;
    const doEval = epoch % t.evalEveryEpochs === 0 || epoch >= t.epochs;
    const acc = doEval ? evaluate() : null;
    const layerAfter = rawCounts();
    const delta = addCounts(sumCounts(layerAfter), before, -1);
    const metrics: EpochMetrics = {
      epoch,
      trainLoss: lossSum / images,
      trainAccuracy: correct / images,
      testAccuracy: acc ? acc.live : null,
      testAccuracyNonVolatile: acc ? acc.nonVolatile : null,
      testAccuracyAfterFlush: acc ? acc.afterFlush : null,
      testAccuracyBeforeTransfer: beforeTransfer,
      evalPoint: { when: 'end-of-epoch', imagesSinceTransfer },
      pulses: {
        envmUp: delta.envmPulsesUp,
        envmDown: delta.envmPulsesDown,
        lsbUp: delta.lsbPulsesUp,
        lsbDown: delta.lsbPulsesDown,
        transfer: delta.transferPulses,
      },
      transfers,
      wallSeconds: (Date.now() - t0) / 1000,
      hardwareSeconds: hw,
      images,
      diagnostics: synapses.map((s, k) => layerDiagnostics(net.layers[k]!.name, layerBefore[k]!, layerAfter[k]!, s.stateStats(), sizes[k]!)),
      batches: trace.done(),
    };
    log(
      `epoch ${epoch}: loss ${metrics.trainLoss.toFixed(4)} train ${(100 * metrics.trainAccuracy).toFixed(2)} %` +
        (acc ? ` test ${(100 * acc.live).toFixed(2)} % (MSB only ${(100 * acc.nonVolatile).toFixed(2)} %, after flush ${(100 * acc.afterFlush).toFixed(2)} %)` : '') +
        (beforeTransfer !== null ? ` [before last transfer ${(100 * beforeTransfer).toFixed(2)} %]` : '') +
        ` transfers ${transfers} ${metrics.wallSeconds.toFixed(1)} s`,
    );
    return metrics;
  };

  const checkpoint = (): Checkpoint => ({
    version: 1,
    configKey: configKey(cfg),
    epoch,
    images: totalImages,
    hardwareSeconds: totalHw,
    imagesSinceTransfer,
    order: order.slice(),
    cursor,
    rng: { data: rngSnap(dataRng), device: rngSnap(deviceRng), noise: rngSnap(noiseRng) },
    optimizer: optimizer.state(),
    synapses: synapses.map((s) => s.snapshot()),
    counts: rawCounts(),
  });

  const restore = (cp: Checkpoint): void => {
    if (cp.version !== 1) throw new ConfigError(`checkpoint version ${String(cp.version)} is not supported`);
    if (cp.configKey !== configKey(cfg)) throw new ConfigError('checkpoint was written for a different run configuration');
    if (cp.synapses.length !== synapses.length || cp.order.length !== order.length)
      throw new ConfigError('checkpoint does not match this network or training set');
    epoch = cp.epoch;
    totalImages = cp.images;
    totalHw = cp.hardwareSeconds;
    imagesSinceTransfer = cp.imagesSinceTransfer;
    order.set(cp.order);
    cursor = cp.cursor;
    dataRng = rngFrom(cp.rng.data);
    deviceRng = rngFrom(cp.rng.device);
    noiseRng = rngFrom(cp.rng.noise);
    optimizer.restore(cp.optimizer);
    synapses.forEach((s, k) => s.restore(cp.synapses[k]!));
    countsOffset = synapses.map((s, k) => addCounts(cp.counts[k]!, s.counts(), -1));
    refreshWeights();
  };

  const counts = (): { layers: LayerCounts[]; total: SynapseCounts } => {
    const cs = rawCounts();
    return {
      layers: cs.map((c, k) => ({ name: net.layers[k]!.name, rows: shapes[k]!.rows, cols: shapes[k]!.cols, counts: c })),
      total: sumCounts(cs),
    };
  };

  log(`trainer: ${net.id}, scheme ${cfg.synapse.scheme}, passes on ${compute.description}, quant ${cfg.training.quant.enabled ? 'on' : 'off'}, lr ${t.learningRate} (${t.lrConvention} convention), hidden units ${[...new Set(net.layers.filter((l) => l.activation !== 'none').map((l) => l.activation))].join('/')}, hardware ${opts.hardwareSecondsPerBatch} s/batch`);

  return {
    get epoch() {
      return epoch;
    },
    runEpoch,
    evaluate,
    liveAccuracy: () => accuracy(wLive),
    checkpoint,
    restore,
    counts,
    weights: (nonVolatile = false) => readWeights(nonVolatile),
    compute: { description: compute.description, threads: compute.threads },
    dispose: () => compute.dispose(),
  };
}
