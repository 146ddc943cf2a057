/** Public types of the hardware-aware training engine. */
import type { SynapseConfig } from '../config/schema';
import type { Rng } from '../rng';
import type { SynapseCounts, SynapseLayer, SynapseSnapshot } from '../synapse/types';
import type { TrainingCompute } from './compute';
import type { OptimizerState } from './optimizer';
import type { LayerDiagnostics } from './diagnostics';
import type { BatchTrace } from './batch-trace';

/** One split of a data set: N images H x W x C (row-major NHWC), values 0..1, labels 0..classes-1. */
export interface DataSplit {
  images: Float32Array;
  labels: Uint8Array;
  n: number;
  h: number;
  w: number;
  c: number;
}

/** Builds a layer's synapses; `circuit.weightBits` is the word width of digital (SRAM) synapses. */
export type SynapseFactory = (cfg: SynapseConfig, rows: number, cols: number, rng: Rng, circuit: { readonly weightBits: number }) => SynapseLayer;

export interface TrainerOptions {
  /** Hardware time of one training batch, s (drives capacitor leakage and time-based transfers). */
  hardwareSecondsPerBatch: number;
  synapseFactory: SynapseFactory;
  log?: (msg: string) => void;
  /**
   * Also evaluate live test accuracy just before each HPS transfer (after that batch's update;
   * image-based intervals only). Costs one test pass per transfer; consumes the read-noise stream
   * when read noise is on, so it changes noisy runs. Default off.
   */
  evalBeforeTransfer?: boolean;
  /**
   * Where the forward and backward passes run: a compute built by the caller (e.g. one that splits
   * every batch across threads; the trainer disposes it), or 'kernels' / 'tfjs' for the built-in
   * ones. Default 'auto': the tensor kernels where they run this configuration, else the TF.js graph.
   */
  compute?: TrainingCompute | 'auto' | 'kernels' | 'tfjs';
}

/** Pulses applied during the epoch, by kind (from the synapses' counters). */
export interface PulseCounts {
  envmUp: number;
  envmDown: number;
  lsbUp: number;
  lsbDown: number;
  /** eNVM pulses spent in transfers (included in envmUp/envmDown). */
  transfer: number;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  /** Live accuracy (volatile + non-volatile weights), null when not evaluated this epoch. */
  testAccuracy: number | null;
  /** Accuracy of the non-volatile weights alone with the LSB lost (power cut; MSB only), null when not evaluated. */
  testAccuracyNonVolatile: number | null;
  /** Accuracy of the non-volatile weights after the LSB is first transferred into the MSB (flush), null when not evaluated. */
  testAccuracyAfterFlush: number | null;
  /** Live accuracy just before the epoch's last transfer (opts.evalBeforeTransfer), else null. */
  testAccuracyBeforeTransfer: number | null;
  /** Where in the transfer cycle the evaluation happened. */
  evalPoint: { when: 'end-of-epoch'; imagesSinceTransfer: number };
  pulses: PulseCounts;
  transfers: number;
  wallSeconds: number;
  /** Simulated hardware time of this epoch's training batches, s. */
  hardwareSeconds: number;
  images: number;
  /** Update-efficacy diagnostics of every layer over this epoch (diagnostics.ts). */
  diagnostics: LayerDiagnostics[];
  /** Training loss and accuracy within the epoch, in groups of consecutive batches. */
  batches: BatchTrace;
}

export interface LayerCounts {
  name: string;
  rows: number;
  cols: number;
  counts: SynapseCounts;
}

export interface RngSnapshot {
  words: [number, number, number, number];
  spare: number;
}

export interface Checkpoint {
  version: 1;
  /** JSON of the run config, training.epochs excluded (resume may extend a run). */
  configKey: string;
  epoch: number;
  images: number;
  hardwareSeconds: number;
  imagesSinceTransfer: number;
  order: Int32Array;
  cursor: number;
  rng: { data: RngSnapshot; device: RngSnapshot; noise: RngSnapshot };
  optimizer: OptimizerState;
  synapses: SynapseSnapshot[];
  /** Cumulative counts per layer at the checkpoint. */
  counts: SynapseCounts[];
}

export interface Trainer {
  readonly epoch: number;
  runEpoch(): EpochMetrics;
  /** Test accuracy now: live, non-volatile with the LSB lost (MSB only), non-volatile after a flush. */
  evaluate(): { live: number; nonVolatile: number; afterFlush: number };
  /** Live accuracy on the evaluation split now: one pass (what a learning-rate search scores). */
  liveAccuracy(): number;
  checkpoint(): Checkpoint;
  restore(cp: Checkpoint): void;
  /** Cumulative synapse action counts by layer (for the cost model). */
  counts(): { layers: LayerCounts[]; total: SynapseCounts };
  /** Current normalised weights per layer (live or non-volatile). */
  weights(nonVolatile?: boolean): Float32Array[];
  /** What runs the passes (for logs and the run record). */
  readonly compute: { description: string; threads: number };
  dispose(): void;
}
