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
  /** Cell footprint in F x F (domain.md section 3 common settings). */
  readonly cellWidthF: number;
  readonly cellHeightF: number;
  /** Volatile cells: capacitance (F), write current (A), supply (V). */
  readonly capacitance?: number;
  readonly writeCurrent?: number;
}
