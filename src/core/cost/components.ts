/**
 * Pricing formulas: energy, latency and area of ONE action of each circuit component at a technology
 * node. No counting here (see counts in model.ts). Each function cites its section of docs/cost.md.
 */
import type { Technology } from './technology';

// ---------------------------------------------------------------------------------------------
// ADC (section 4)

export interface AdcPrice {
  /** Latency of one conversion, s. */
  readonly latency: number;
  /** Energy of one conversion, J. */
  readonly energy: number;
  /** Area of one ADC, m^2. */
  readonly area: number;
}

/** Area of one MLSA sense amplifier (one reference level), in F^2 of the node. Calibrated (calibration.ts). */
export interface AdcCalib {
  readonly mlsaSenseAmpF2: number;
}

/** Energy scale of the 32 nm fits to another node: (C_inv Vdd^2) / (C_inv Vdd^2 at 32 nm, same roadmap). */
export function adcEnergyScale(t: Technology, ref: Technology): number {
  return t.eGate / ref.eGate;
}

/**
 * Flash multi-level sense amplifier (section 4). `rCol` = column resistance seen by the ADC, Ohm.
 * Latency fit valid at 32/45 nm low power; 1 ns for HP or <= 22 nm. Power fit at 32 nm LP / HP.
 */
export function mlsaAdc(t: Technology, bits: number, rCol: number, vRead: number, scale: number, c: AdcCalib): AdcPrice {
  const levels = 2 ** bits;
  const r = (rCol * 0.5) / vRead; // R_col scaled by 0.5 V / V_read
  let latency = 1e-9;
  if (t.roadmap === 'LSTP' && t.node > 22) {
    const ns = 0.0714 * Math.log(r / 1e3) + 0.7651;
    latency = Math.min(10, Math.max(1, ns)) * 1e-9;
  }
  const [a, cc, d] = t.roadmap === 'HP' ? [3.9648, 0.079, 2.313] : [3.0875, 0.0649, 2.297];
  const powerUw = a * (levels - 1) + cc * Math.exp(-d * Math.log10(r));
  const power = powerUw * 1e-6 * (1 + 1.3e-3 * (t.temperature - 300)) * scale;
  const F2 = t.featureSize * t.featureSize;
  // L - 1 sense amplifiers plus a thermometer-to-binary encoder (~ 6 gates a level).
  const area = (levels - 1) * (c.mlsaSenseAmpF2 * F2 + 6 * 4 * t.aMinDevice);
  return { latency, energy: power * latency, area };
}

/** SAR ADC (section 4): latency (log2 L + 1) ns, power (a log2 L + b) uW + c exp(-d log10 R), area from device counts. */
export function sarAdc(t: Technology, bits: number, rCol: number, vRead: number, scale: number): AdcPrice {
  const r = (rCol * 0.5) / vRead;
  const latency = (bits + 1) * 1e-9;
  const powerUw = 1.1294 * bits + 8.8998 + 0.079449 * Math.exp(-2.297 * Math.log10(r));
  const power = powerUw * 1e-6 * (1 + 1.3e-3 * (t.temperature - 300)) * scale;
  const devices = 269 + 109 * (bits - 1) + 209 + 73 * (bits - 1);
  return { latency, energy: power * latency, area: devices * t.aMinDevice };
}

// ---------------------------------------------------------------------------------------------
// Digital logic (section 4: adder widths; section 3: Horowitz delays, standard cells)

/** One full-adder bit operation: energy (J), delay (s), area (m^2). A 28-transistor mirror adder ~ 10 C_inv switched. */
export function fullAdder(t: Technology): { energy: number; delay: number; area: number } {
  return { energy: 10 * t.eGate, delay: 2 * t.fo4, area: 14 * t.aMinDevice };
}

/** One D flip-flop bit (clocked): energy, area. */
export function flipFlop(t: Technology): { energy: number; area: number } {
  return { energy: 6 * t.eGate, area: 12 * t.aMinDevice };
}

/** Ripple-carry adder of `width` bits: latency of one addition. */
export function adderLatency(t: Technology, width: number): number {
  return width * 2 * t.fo4;
}

/** Shift-add width: log2(L) + input bits + cells per synapse + 1 (section 4). */
export function shiftAddWidth(adcBits: number, inputBits: number, cellsPerSynapse: number): number {
  return adcBits + inputBits + cellsPerSynapse + 1;
}

// ---------------------------------------------------------------------------------------------
// Wires and lines (section 3)

/** Energy to charge a line of capacitance c to voltage v: C V^2 (J). */
export function lineEnergy(c: number, v: number): number {
  return c * v * v;
}

/** Elmore delay of a driver of resistance rDrv on a distributed RC line (r, c totals): 0.69 rDrv c + 0.38 r c. */
export function elmoreDelay(rDrv: number, rLine: number, cLine: number): number {
  return 0.69 * rDrv * cLine + 0.38 * rLine * cLine;
}

// ---------------------------------------------------------------------------------------------
// DRAM (section 3)

export const DRAM = {
  HBM2: { bandwidth: 15.2e12, energyPerBit: 3.9e-12 },
  GDDR5: { bandwidth: 4.288e12, energyPerBit: 14e-12 },
} as const;

export function dramCost(kind: keyof typeof DRAM, bits: number): { latency: number; energy: number } {
  const d = DRAM[kind];
  return { latency: bits / d.bandwidth, energy: bits * d.energyPerBit };
}

// ---------------------------------------------------------------------------------------------
// Cell write physics (section 2.4, 5)

/**
 * Energy of one programming pulse into a resistive cell: V_w^2 / ((R_new + R_old)/2) * t_w (section 2.4).
 * With `neurosimVw` the NeuroSim convention V_w = sqrt(V_LTP^2 + V_LTD^2) is used (quirk, section 7).
 */
export function resistivePulseEnergy(vw: number, gOld: number, gNew: number, tw: number): number {
  const rMean = (1 / gOld + 1 / gNew) / 2;
  return ((vw * vw) / rMean) * tw;
}

/** FeFET pulse: polarisation switching 2 P A V / levels plus gate charging C_g V^2 (section 2.4, 5). */
export function fefetPulseEnergy(vw: number, gateArea: number, levels: number, cGate: number, polarisation = 0.2): number {
  return (2 * polarisation * gateArea * vw) / levels + cGate * vw * vw;
}

/** Capacitor (3T1C) LSB pulse: charge pump I t at supply V (docs/devices.md#derived-values: 6.67 uA x 0.5 ns at 1 V). */
export function capacitorPulseEnergy(current: number, tw: number, v: number): number {
  return current * tw * v;
}

/** Read energy of one cell: V^2 G t (sections 2.5 and 4). */
export function cellReadEnergy(v: number, g: number, t: number): number {
  return v * v * g * t;
}
