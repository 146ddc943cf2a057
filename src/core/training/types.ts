/** Public types of the hardware-aware training engine. */
import type { SynapseConfig } from '../config/schema';
import type { Rng } from '../rng';
import type { SynapseCounts, SynapseLayer, SynapseSnapshot } from '../synapse/types';
import type { OptimizerState } from './optimizer';

/** One split of a data set: N images H x W x C (row-major NHWC), values 0..1, labels 0..classes-1. */
export interface DataSplit {
  images: Float32Array;
  labels: Uint8Array;
  n: number;
  h: number;
  w: number;
  c: number;
}

export type SynapseFactory = (cfg: SynapseConfig, rows: number, cols: number, rng: Rng) => SynapseLayer;

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
  /** Accuracy of the non-volatile weights alone (what survives power-off), null when not evaluated. */
  testAccuracyNonVolatile: number | null;
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
  /** Test accuracy now, live and non-volatile. */
  evaluate(): { live: number; nonVolatile: number };
  checkpoint(): Checkpoint;
  restore(cp: Checkpoint): void;
  /** Cumulative synapse action counts by layer (for the cost model). */
  counts(): { layers: LayerCounts[]; total: SynapseCounts };
  /** Current normalised weights per layer (live or non-volatile). */
  weights(nonVolatile?: boolean): Float32Array[];
  dispose(): void;
}
