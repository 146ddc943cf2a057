/**
 * Scale constants of the analytical model that the physics in technology.ts / components.ts does not
 * fix on its own. Each was fitted ONCE to the DNN+NeuroSim V2.1 calibration point (docs/cost.md
 * section 9) and is dimensionless or expressed per F^2 / per clock so it scales with the node, supply
 * and clock. docs/cost-model-notes.md lists them with their effect; changing one changes the golden
 * regression (test/unit/cost/golden).
 */
export const CALIBRATION = {
  /** Area of one MLSA sense amplifier (one reference level), in F^2 of the node: 54.02 mm^2 ADC area over 46,080 6-bit MLSAs. */
  mlsaSenseAmpF2: 17500,
  /** Accumulation area multiplier over shift-add bits (FA + DFF per bit): covers PE/tile/global adder trees and their registers. */
  accumAreaMult: 11.7,
  /** Other logic area multiplier over switch matrices, decoders, muxes, buffers, activation and pooling. */
  otherAreaMult: 9.5,
  /** WG-unit area multiplier over its SRAM arrays, sense amplifiers and shift-adders: covers gradient accumulator and WG buffers. */
  wgAreaMult: 17,
  /** H-tree area: wire tracks (pitch 2 w) of the global bus times this many chip half-perimeters, plus repeaters. */
  htreeLengthChipSides: 14,
  /** Register-file buffer access energy per bit, in units of C_inv Vdd^2. */
  bufferBitEnergyGates: 30,
  /** Effective tile-buffer throughput, bits per clock (FW and AG activation traffic, layer by layer). */
  bufferBitsPerCycle: 30,
  /** Effective H-tree throughput, bits per clock. */
  htreeBitsPerCycle: 32,
  /** H-tree energy per bit: mean path length in chip sides (global + tile levels), with repeaters. */
  htreePathChipSides: 0.8,
  /** Global bus width to the global buffer, bits (weight-gradient traffic to / from DRAM). */
  globalBusBits: 1024,
  /** Accumulation energy multiplier (shift-add + adder trees + tile / global accumulation). */
  accumEnergyMult: 1.0,
  /** Accumulation latency: serial partial-sum accumulation cycles per vector step, multiplier. */
  accumLatencyMult: 1.0,
  /** Adders in the gradient accumulator. */
  gradAccumAdders: 1024,
  /** Fraction of the minimum-device population that leaks while a tile idles (LSTP). */
  leakageDeviceFraction: 0.018,
} as const;

export type Calibration = typeof CALIBRATION;
