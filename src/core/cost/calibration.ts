/**
 * The model's only fitted constants: the quantities NeuroSim counts in more detail than this model
 * does. Each is a dimensionless ratio of NeuroSim's layout (or switched capacitance) to the part this
 * model counts, fitted once to the DNN+NeuroSim V2.1 VGG-8 default (FeFET, 32 nm LSTP) and independent
 * of node, supply, clock and device in meaning: every latency and energy scales with the node through
 * circuits.ts, never through these. docs/cost-model-notes.md lists them with their effect; changing one
 * changes the golden regression (test/unit/cost/golden).
 */
export const CALIBRATION = {
  /** ADC layout (references, routing, encoder wiring) over its counted transistors, MLSA or SAR alike. */
  adcArea: 1.16,
  /** Accumulation area over one adder + register per ADC bit: the PE, tile and global adder trees and their registers. */
  accumulationArea: 2.5,
  /** Other logic over the switch matrices, PE / tile registers and global buffer counted: decoders, muxes, drivers, activation, pooling. */
  otherArea: 1,
  /** WG-unit area over its SRAM arrays, ADCs and gradient accumulator adders: switch matrices, precharge, write drivers, shift-adders. */
  wgArea: 0.53,
  /** Fraction of the logic's minimum devices that leak while a tile idles (LSTP). */
  leakageDeviceFraction: 0.06,
} as const;

export type Calibration = typeof CALIBRATION;
