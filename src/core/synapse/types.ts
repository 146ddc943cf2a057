/**
 * The contract between synapse schemes (devices issue) and the training engine / cost model.
 *
 * A SynapseLayer holds one crossbar weight matrix of `rows` x `cols` synapses (row = input,
 * column = output, row-major, the way the crossbar sees it: Cin*K*K rows x Cout columns).
 * Weights are normalised to [-1, 1]; the training engine multiplies by its fixed per-layer scale.
 * All state lives in typed arrays; every stochastic step takes the caller's Rng.
 */
import type { Rng } from '../rng';

export type SchemeId = 'ideal' | 'baseline' | 'hps' | 'fefet-2t1f';

/** Action counts the cost model prices. Monotone counters since the last `resetCounts()`. */
export interface SynapseCounts {
  /** Update calls (batches) seen. */
  updates: number;
  /** Synapses asked to change (a non-zero desired change), summed over updates (update-efficacy diagnostics). */
  cellsRequested: number;
  /** Synapses whose requested change produced at least one pulse, summed over updates. */
  cellsWritten: number;
  /** Rows that had at least one cell written, summed over updates (row-by-row programming). */
  rowsWritten: number;
  /** Sum over updates and rows of the largest potentiation (Up) pulse count in that row. */
  rowMaxPulsesUp: number;
  /** Sum over updates and rows of the largest depression (Down) pulse count in that row. */
  rowMaxPulsesDown: number;
  /** Pulses applied to the non-volatile devices (eNVM / FeFET polarisation), by direction. */
  envmPulsesUp: number;
  envmPulsesDown: number;
  /** Pulses applied to the volatile LSB cell (capacitor / FeFET gate), by direction. */
  lsbPulsesUp: number;
  lsbPulsesDown: number;
  /** HPS transfers performed (whole-array events). */
  transfers: number;
  /** LSB cells read during transfers. */
  transferReads: number;
  /** eNVM pulses applied during transfers (included in envmPulses* too). */
  transferPulses: number;
  /** Sum over transfers and rows of (max Up + max Down pulses in the row): the transfer's row-by-row program time in pulses. */
  transferRowMaxPulses: number;
  /** Extra verify reads of closed-loop programming. */
  verifyReads: number;
  /** LSB cells found at a rail (fully charged or empty) when transfers read them, summed over transfers. */
  transferLsbAtRail: number;
  /** Overflow events (erase both eNVMs and re-program the net weight). */
  overflows: number;
  /** Erase operations (overflow resets, 2T-1FeFET erase). */
  erases: number;
}

export interface SynapseLayer {
  readonly scheme: SchemeId;
  readonly rows: number;
  readonly cols: number;
  /** Assumptions and derived facts of this layer's devices and scheme, for reports. */
  readonly notes: readonly string[];
  /**
   * Program initial weights `w` (normalised, clipped to [-1, 1]) into the non-volatile devices,
   * snapped to the nearest state the device can hold; the volatile LSB is set to its reference.
   * Models a verified initial programming: no noise, and not counted in counts().
   */
  initialize(w: Float32Array, rng: Rng): void;
  /** Write the effective normalised weights, in [-1, 1], into `out` (length rows*cols). */
  read(out: Float32Array): void;
  /** Weights held by the non-volatile part only (what survives power-off); equals read() for non-hybrid schemes. */
  readNonVolatile(out: Float32Array): void;
  /**
   * Apply a desired weight change `dw` (normalised units, length rows*cols) as pulses.
   * Returns nothing; the achieved change is whatever the device model allows.
   */
  update(dw: Float32Array, rng: Rng): void;
  /** Let `seconds` of hardware time pass with no training (capacitor leakage only). No-op for non-volatile schemes. */
  elapse(seconds: number): void;
  /**
   * A training batch of `images` images took `seconds` of hardware time: the scheme first lets that
   * time pass (it calls elapse(seconds): the LSB leaks), then a hybrid scheme transfers when its
   * interval (images or seconds) is reached. Callers must not call elapse() for the same time again.
   * Returns transfers done.
   */
  advance(images: number, seconds: number, rng: Rng): number;
  /** Force a transfer now (hybrid schemes; no-op otherwise). */
  transfer(rng: Rng): void;
  counts(): SynapseCounts;
  resetCounts(): void;
  /**
   * Where the devices sit now (one pass over the arrays: for diagnostics once an epoch, not per
   * batch): non-volatile devices at Gmin and at Gmax, and volatile LSB cells at either rail.
   */
  stateStats(): SynapseStateStats;
  /** Full state as plain typed arrays and numbers, for checkpoints. */
  snapshot(): SynapseSnapshot;
  restore(s: SynapseSnapshot): void;
}

export interface SynapseStateStats {
  /** Non-volatile devices (both devices of a pair; 0 for the ideal synapse). */
  devices: number;
  /** Of those, devices at Gmin and at Gmax. */
  railLow: number;
  railHigh: number;
  /** Volatile LSB cells (0 for non-hybrid schemes) and those at either rail. */
  lsbCells: number;
  lsbAtRail: number;
}

export interface SynapseSnapshot {
  scheme: SchemeId;
  rows: number;
  cols: number;
  arrays: Record<string, Float32Array | Int32Array | Uint8Array>;
  scalars: Record<string, number>;
}

export function emptyCounts(): SynapseCounts {
  return {
    updates: 0,
    cellsRequested: 0,
    cellsWritten: 0,
    rowsWritten: 0,
    rowMaxPulsesUp: 0,
    rowMaxPulsesDown: 0,
    envmPulsesUp: 0,
    envmPulsesDown: 0,
    lsbPulsesUp: 0,
    lsbPulsesDown: 0,
    transfers: 0,
    transferReads: 0,
    transferPulses: 0,
    transferRowMaxPulses: 0,
    verifyReads: 0,
    transferLsbAtRail: 0,
    overflows: 0,
    erases: 0,
  };
}
