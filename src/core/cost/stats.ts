/**
 * Training statistics for the cost model (docs/cost.md#statistics): the defaults measured on
 * synthetic VGG-8 traces, or statistics taken from a training run's SynapseCounts.
 */
import type { RunConfig } from '../config/schema';
import { NETWORKS } from '../networks';
import type { SynapseCounts } from '../synapse/types';
import { costDevice } from './cells';
import type { TrainingStats, WriteStats } from './types';

/** Input activity of VGG-8 layers (section 8). */
export const VGG8_INPUT_ACTIVITY = [0.444, 0.146, 0.129, 0.128, 0.095, 0.094, 0.17, 0.165] as const;
/** Fraction of weights changed per batch (section 8: about 16 %, by one level). */
export const DEFAULT_CHANGE_FRACTION = 0.16;

/**
 * Programming pulses a weight change of one gradient step takes on a device with `levels` levels
 * (NeuroSim's weight-update estimate: the step dW = 2^-gradientBits of the weight range moves the
 * conductance by dW (Gmax - Gmin); the device's smallest step is (Gmax - Gmin) / maxNumLevel; the
 * write takes ceil(dG / dG_min) identical pulses): ceil(levels / 2^gradientBits), at least 1.
 */
export function pulsesPerGradientStep(levels: number, gradientBits: number): number {
  return Math.max(1, Math.ceil(levels / 2 ** gradientBits - 1e-9));
}

/** Gradient precision of the weight update: the training's gradient bits, or the weight bits when it does not quantise gradients. */
export function gradientBitsOf(cfg: RunConfig): number {
  const q = cfg.training.quant;
  return q.enabled && q.gradientBits !== null ? q.gradientBits : cfg.circuit.weightBits;
}

/** Probability that at least one of n independent cells, each with probability q, is selected. */
const anyOf = (q: number, n: number) => 1 - Math.pow(1 - Math.min(1, Math.max(0, q)), n);

/**
 * Expected row maximum of pulse counts when each of `n` cells in a row independently receives
 * `pulses` pulses with probability q (else 0): pulses x P(any).
 */
function randomWrite(q: number, pulses: number, cols: number): WriteStats {
  const half = q / 2; // random sign: half Up, half Down
  return {
    cellFraction: q,
    pulsesPerCell: pulses,
    rowFraction: anyOf(q, cols),
    rowMaxUp: pulses * anyOf(half, cols),
    rowMaxDown: pulses * anyOf(half, cols),
  };
}

/**
 * Defaults. Baseline: 16 % of synapses change by one gradient step per batch, which takes
 * pulsesPerGradientStep() pulses on the device. HPS: the same weight
 * change lands on the LSB, which spans 1/(F+1) of the weight range, so it takes
 * round(levelsLsb (F+1) / levelsEnvm) LSB pulses; at each transfer the accumulated LSB value is taken as
 * uniform on [-1, 1], programmed open loop as n = round(|W_LSB| / F x Pmax) pulses into G+ or G-.
 * 2T-1FeFET: two gate pulses per changed synapse; a synapse crosses an MSB level every 16 LSB levels.
 */
const defaults = new WeakMap<RunConfig['synapse'], Map<string, TrainingStats>>();

export function defaultTrainingStats(cfg: RunConfig): TrainingStats {
  // Memoised per synapse object and the few other fields the defaults read (sweeps share subtrees).
  const q = cfg.training.quant;
  const key = `${cfg.workload.network}|${cfg.circuit.arrayCols}|${cfg.circuit.weightBits}|${q.enabled}|${q.gradientBits}|${cfg.training.batchSize}`;
  let m = defaults.get(cfg.synapse);
  if (!m) {
    m = new Map();
    defaults.set(cfg.synapse, m);
  }
  let st = m.get(key);
  if (!st) {
    st = buildDefaultStats(cfg);
    m.set(key, st);
  }
  return st;
}

function buildDefaultStats(cfg: RunConfig): TrainingStats {
  const net = NETWORKS[cfg.workload.network];
  const nL = net.layers.length;
  const act = net.id === 'vgg8' ? [...VGG8_INPUT_ACTIVITY] : net.layers.map((_, i) => (i === 0 ? VGG8_INPUT_ACTIVITY[0] : VGG8_INPUT_ACTIVITY[1]));
  const s = cfg.synapse;
  const ac = cfg.circuit.arrayCols;
  const colsOf = (i: number) => Math.min(ac, net.layers[i]!.outC);
  const q = DEFAULT_CHANGE_FRACTION;
  const update: WriteStats[] = [];
  const transfer: WriteStats[] = [];
  const assumptions: string[] = ['Training statistics: the defaults of docs/cost.md#statistics (no run supplied).'];
  let transfersPerImage = 0;
  if (s.scheme === 'hps') {
    const envm = costDevice(s.device)?.params;
    const lsb = costDevice(s.lsb)?.params;
    const pEnvm = envm ? 0.5 * (envm.levelsLtp + envm.levelsLtd) : 31;
    const pLsb = lsb ? 0.5 * (lsb.levelsLtp + lsb.levelsLtd) : 32;
    const F = s.significance;
    const lsbPulses = Math.max(1, Math.round((pLsb * (F + 1)) / pEnvm));
    const nMax = pEnvm / F; // |W_LSB| = 1 -> Pmax / F pulses
    const pZero = Math.min(1, 0.5 / nMax); // round(|W| nMax) = 0
    const meanN = Math.max(1, (nMax / 2) / Math.max(1e-9, 1 - pZero));
    for (let i = 0; i < nL; i++) {
      update.push(randomWrite(q, lsbPulses, colsOf(i)));
      const m = colsOf(i) / 2;
      const rowMax = Math.round(nMax * (m / (m + 1)));
      transfer.push({ cellFraction: 1 - pZero, pulsesPerCell: meanN, rowFraction: 1, rowMaxUp: rowMax, rowMaxDown: rowMax });
    }
    transfersPerImage = 1 / s.transfer.everyImages;
  } else if (s.scheme === 'fefet-2t1f') {
    const qx = q * 2 / 16;
    for (let i = 0; i < nL; i++) {
      update.push(randomWrite(q, 2, colsOf(i)));
      transfer.push(randomWrite(qx, 1, colsOf(i)));
    }
    transfersPerImage = 1 / cfg.training.batchSize; // checked every batch
  } else {
    const dev = costDevice(s.device);
    const levels = dev ? Math.max(dev.params.levelsLtp, dev.params.levelsLtd) : 1;
    const gradBits = gradientBitsOf(cfg);
    const pulses = dev?.cell === 'sram-8t' || dev?.cell === 'ideal' ? 1 : pulsesPerGradientStep(levels, gradBits);
    for (let i = 0; i < nL; i++) update.push(randomWrite(q, pulses, colsOf(i)));
    if (dev && dev.cell !== 'sram-8t' && dev.cell !== 'ideal') {
      assumptions.push(
        `Pulses per update: a changed weight moves one ${gradBits}-bit gradient step, ceil(${levels} levels / 2^${gradBits}) = ${pulses} pulse${pulses === 1 ? '' : 's'} on this device (NeuroSim's weight-update estimate).`,
      );
    }
  }
  return {
    source: 'default',
    inputActivity: act,
    errorActivity: act,
    conductanceFraction: 0.5, // weights uniform over the grid
    update,
    transfer,
    transfersPerImage,
    verifyReadsPerCell: 0,
    assumptions,
  };
}

/**
 * Statistics from a run: one SynapseCounts per layer (accumulated over `images` training images),
 * optionally with measured input activities. Hybrid schemes: batch updates are the LSB pulses and
 * transfers the eNVM programming; otherwise the eNVM pulses are the batch updates.
 */
export function statsFromCounts(
  cfg: RunConfig,
  counts: readonly SynapseCounts[],
  images: number,
  inputActivity?: readonly number[],
): TrainingStats {
  const net = NETWORKS[cfg.workload.network];
  const base = defaultTrainingStats(cfg);
  const hybrid = cfg.synapse.scheme === 'hps' || cfg.synapse.scheme === 'fefet-2t1f';
  const update: WriteStats[] = [];
  const transfer: WriteStats[] = [];
  let transfers = 0;
  let verify = 0;
  let trReads = 0;
  net.layers.forEach((l, i) => {
    const cnt = counts[i];
    const weights = l.inC * l.k * l.k * l.outC;
    const rows = l.inC * l.k * l.k;
    if (!cnt || cnt.updates === 0) {
      update.push(base.update[i]!);
      if (hybrid) transfer.push(base.transfer[i]!);
      return;
    }
    const u = cnt.updates;
    const updPulses = hybrid ? cnt.lsbPulsesUp + cnt.lsbPulsesDown : cnt.envmPulsesUp + cnt.envmPulsesDown - cnt.transferPulses;
    const rw = Math.max(1, cnt.rowsWritten);
    update.push({
      cellFraction: cnt.cellsWritten / u / weights,
      pulsesPerCell: cnt.cellsWritten > 0 ? updPulses / cnt.cellsWritten : 0,
      rowFraction: cnt.rowsWritten / u / rows,
      rowMaxUp: cnt.rowMaxPulsesUp / rw,
      rowMaxDown: cnt.rowMaxPulsesDown / rw,
    });
    if (hybrid) {
      const t = Math.max(1, cnt.transfers);
      const cellsT = cnt.transferReads > 0 ? cnt.transferReads / t : weights;
      const rowMax = cnt.transferRowMaxPulses / t / rows;
      transfer.push({
        cellFraction: Math.min(1, cellsT / weights),
        pulsesPerCell: cnt.transferPulses / t / Math.max(1, cellsT),
        rowFraction: 1,
        rowMaxUp: rowMax / 2,
        rowMaxDown: rowMax / 2,
      });
      transfers = Math.max(transfers, cnt.transfers);
      verify += cnt.verifyReads;
      trReads += cnt.transferReads;
    }
  });
  return {
    source: 'measured',
    inputActivity: inputActivity ?? base.inputActivity,
    errorActivity: inputActivity ?? base.errorActivity,
    conductanceFraction: base.conductanceFraction,
    update,
    transfer,
    transfersPerImage: hybrid ? transfers / Math.max(1, images) : 0,
    verifyReadsPerCell: trReads > 0 ? verify / trReads : 0,
    assumptions: ['Training statistics measured on the run (written cells, pulses, row maxima per layer); input activities are the defaults unless measured.'],
  };
}
