/**
 * Device vocabulary shared by the device models, the synapse schemes and the cost model.
 * Values are SI (S, V, s, F); `Up` = potentiation (LTP), `Down` = depression (LTD).
 */

/** How a cell is built, which the cost model prices (array cell area, access device, write physics). */
export type CellKind = 'rram-1t1r' | 'pcm-1t1r' | 'fefet' | 'cap-3t1c' | 'fefet-2t1f' | 'sram-8t' | 'ideal';

/** The NeuroSim behavioural model of one device kind. */
export interface DeviceParams {
  readonly gMin: number;
  readonly gMax: number;
  /** Pulses from one end to the other (maxNumLevel), per direction. */
  readonly levelsLtp: number;
  readonly levelsLtd: number;
  /** Nonlinearity labels (NeuroSim convention, signed). 0 = linear. */
  readonly nlLtp: number;
  readonly nlLtd: number;
  /** Cycle-to-cycle sigma as a fraction of (gMax - gMin), per sqrt(pulse). */
  readonly sigmaC2c: number;
  /** Device-to-device sigma of the NL label. */
  readonly sigmaD2d: number;
  readonly writeVoltageLtp: number;
  readonly writeVoltageLtd: number;
  readonly pulseWidthLtp: number;
  readonly pulseWidthLtd: number;
  /**
   * Optional device-to-device spread of Gmin and Gmax: each device draws its own
   * gMin * (1 + N(0, s)) and gMax * (1 + N(0, s)). Absent or 0 = no spread.
   */
  readonly sigmaGRange?: number;
}

/**
 * A measured device as look-up tables (docs/devices.md#measured): conductance
 * normalised to [0, 1] of [gMin, gMax] at integer curve positions P = 0..levels, both curves
 * non-decreasing in P. LTP is read upward from P = 0 (Gmin); LTD downward from P = levels (Gmax).
 */
export interface MeasuredLut {
  readonly ltp: readonly number[];
  readonly ltd: readonly number[];
}

/** Extra facts of the 2T-1FeFET hybrid cell (Sun et al., IEDM 2018; MLP+NeuroSim V3.0 `_2T1F`). */
export interface FefetHybridParams {
  /** Polarisation (MSB) levels. */
  readonly msbLevels: number;
  /** Program voltage of each MSB level above the erased one, V (length msbLevels - 1). */
  readonly msbProgramVoltages: readonly number[];
  /** Erase voltage magnitude, V (applied as a negative gate pulse). */
  readonly eraseVoltage: number;
  /** MSB program / erase pulse width, s. */
  readonly msbPulseWidth: number;
  /** FeFET gate capacitance holding the LSB charge, F. */
  readonly gateCapacitance: number;
}

export interface DevicePreset {
  readonly id: string;
  readonly title: string;
  readonly cell: CellKind;
  readonly params: DeviceParams;
  /** Key into core/bib.ts. */
  readonly citation: string;
  /** Assumptions and missing facts, shown in the UI and reports. */
  readonly notes: readonly string[];
  /** Cell footprint in F x F (docs/devices.md#common-settings). */
  readonly cellWidthF: number;
  readonly cellHeightF: number;
  /** Volatile cells: capacitance (F), write current (A), supply (V). */
  readonly capacitance?: number;
  readonly writeCurrent?: number;
  /** Volatile cells: full voltage swing of the storage node (supply), V. */
  readonly supplyVoltage?: number;
  /** 2T-1FeFET only: the MSB (polarisation) side of the hybrid cell. */
  readonly hybrid?: FefetHybridParams;
  /** Measured devices only: the look-up-table curves the model interpolates. */
  readonly lut?: MeasuredLut;
}
