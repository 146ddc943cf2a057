/**
 * Pricing formulas: energy, latency and area of ONE action of each circuit component at a technology
 * node. No counting here (see counts in model.ts). Each function cites its section of docs/cost.md.
 */
import { horowitz, memo } from './circuits';
import { drainCap, gateCap, LAYOUT, onResistance, type Technology } from './technology';

// ---------------------------------------------------------------------------------------------
// ADC (section 4; NeuroSim MultilevelSenseAmp, CurrentSenseAmp, MultilevelSAEncoder, SarADC)

export interface AdcPrice {
  /** Latency of one conversion, s (the MLSA's thermometer encoder included). */
  readonly latency: number;
  /** Energy of one conversion, J (encoder included). */
  readonly energy: number;
  /** Area of one ADC, m^2. */
  readonly area: number;
}

export type AdcType = 'mlsa' | 'sar';

/** MLSA latency fit T_max = (a ln(R / 1 kOhm) + b) ns at LSTP nodes >= 32 nm (NeuroSim per-node fits; 45 nm uses the 32 nm one). */
const MLSA_LATENCY_FIT: Readonly<Record<number, readonly [number, number]>> = {
  130: [0.2679, 0.0478],
  90: [0.0586, 1.41],
  65: [0.1239, 0.6642],
  45: [0.0714, 0.7651],
  32: [0.0714, 0.7651],
};

/** Current-mode MLSA power per node: (uW per reference level, c, d) of a (L - 1) + c exp(-d log10 R). */
const MLSA_POWER: Readonly<Record<'HP' | 'LSTP', Readonly<Record<number, readonly [number, number, number]>>>> = {
  LSTP: { 130: [18.09, 0.138, 2.303], 90: [12.612, 0.1023, 2.303], 65: [8.4147, 0.0972, 2.303], 45: [6.3162, 0.075, 2.303], 32: [3.0875, 0.0649, 2.297], 22: [1.7, 0.0631, 2.303], 14: [1.0, 0.0508, 2.303], 10: [0.55, 0.0315, 2.303], 7: [0.35, 0.0235, 2.303] },
  HP: { 130: [19.898, 0.17452, 2.367], 90: [13.09, 0.149, 2.345], 65: [9.9579, 0.1083, 2.321], 45: [7.7017, 0.0754, 2.296], 32: [3.9648, 0.079, 2.313], 22: [1.8939, 0.073, 2.311], 14: [1.2, 0.0584, 2.311], 10: [0.8, 0.0318, 2.311], 7: [0.5, 0.021, 2.311] },
};

/** SAR power per node: (a, b, c, d) of (a log2 L + b) uW + c exp(-d log10 R). */
const SAR_POWER: Readonly<Record<'HP' | 'LSTP', Readonly<Record<number, readonly [number, number, number, number]>>>> = {
  LSTP: { 130: [8.4483, 65.243, 0.16938, 2.303], 90: [5.9869, 37.462, 0.144323, 2.303], 65: [3.7506, 25.844, 0.121272, 2.303], 45: [2.1691, 16.693, 0.100225, 2.303], 32: [1.1294, 8.8998, 0.079449, 2.297], 22: [0.538, 4.3753, 0.072341, 2.303], 14: [0.3132, 2.5681, 0.061085, 2.303], 10: [0.1823, 1.5073, 0.05158, 2.303], 7: [0.1061, 0.8847, 0.043555, 2.303] },
  HP: { 130: [6.4806, 49.047, 0.207452, 2.367], 90: [4.3474, 31.782, 0.1649, 2.345], 65: [2.9503, 22.047, 0.128483, 2.321], 45: [2.1843, 11.931, 0.097754, 2.296], 32: [1.0157, 7.6286, 0.083709, 2.313], 22: [0.7213, 3.3041, 0.084273, 2.311], 14: [0.471, 1.9529, 0.060584, 2.311], 10: [0.3076, 1.1543, 0.049418, 2.311], 7: [0.2008, 0.6823, 0.04031, 2.311] },
};

const tempFactor = (t: Technology) => 1 + 1.3e-3 * (t.temperature - 300);

/** MLSA conversion latency for column resistance rColumn: per-node fit at LSTP >= 32 nm, clamped to [1, 10] ns; 1 ns at HP or <= 22 nm. */
export function mlsaLatency(t: Technology, rColumn: number): number {
  const fit = t.roadmap === 'LSTP' ? MLSA_LATENCY_FIT[t.node] : undefined;
  if (!fit) return 1e-9;
  const ns = fit[0] * Math.log(rColumn / 1e3) + fit[1];
  return Math.min(10, Math.max(1, ns)) * 1e-9;
}

/** Thermometer-to-binary encoder of an L-level MLSA: INV, NAND2 and a ceil(L/2)-input NAND per output (NeuroSim MultilevelSAEncoder). */
export function mlsaEncoder(t: Technology, levels: number): { latency: number; energy: number; area: number } {
  return memo(t, `enc|${levels}`, () => encoderPrice(t, levels));
}

function encoderPrice(t: Technology, levels: number): { latency: number; energy: number; area: number } {
  const nIn = Math.ceil(levels / 2);
  const nandIn = gateCap(t, 2 * t.wMinN) + gateCap(t, t.wMinP);
  const nandOut = drainCap(t, 2 * t.wMinN, false) + drainCap(t, t.wMinP, true);
  const bigOut = drainCap(t, 2 * t.wMinN, false) + drainCap(t, t.wMinP, true, Math.floor((nIn + 1) / 2));
  const s1 = horowitz(2 * onResistance(t, t.wMinN) * (t.cInvOut + 2 * nandIn));
  const s2 = horowitz(onResistance(t, t.wMinP, true) * (nandOut + nandIn * nIn), s1.rampOut);
  const gates = Math.ceil(Math.log2(levels));
  const v2 = t.vdd * t.vdd;
  const energy = (t.cInv + t.cInvOut + nandIn + nandOut) * v2 * (levels + gates) + (nandIn + bigOut) * v2 * gates;
  // two inverters, a NAND2 and the large NAND side by side, L - 1 cells tall
  const width = (2 * 2 + 3 + (nIn + 1)) * LAYOUT.polyPitch * t.featureSize;
  return { latency: s1.delay + s2.delay, energy, area: width * (levels - 1) * t.cellHeight };
}

/**
 * Flash multi-level sense amplifier (current mode, section 4): L - 1 current sense amplifiers with their
 * comparators and an encoder. Area from NeuroSim's device counts: per level a current sense amplifier of
 * 40 PMOS plus 9 NMOS and 9 PMOS (the sense amplifier's 48-NMOS term multiplies uninitialised variables in
 * NeuroSim and is left out); energy = P x T per conversion plus the encoder's.
 */
export function mlsaAdc(t: Technology, bits: number, rColumn: number): AdcPrice {
  const levels = 2 ** bits;
  const latency = mlsaLatency(t, rColumn);
  const [a, c, d] = MLSA_POWER[t.roadmap][t.node] ?? MLSA_POWER[t.roadmap][32]!;
  const power = (a * (levels - 1) * 1e-6 + c * Math.exp(-d * Math.log10(rColumn))) * tempFactor(t);
  const enc = mlsaEncoder(t, levels);
  return { latency: latency + enc.latency, energy: power * latency + enc.energy, area: (levels - 1) * 58 * t.aDevice + enc.area };
}

/** SAR ADC (section 4): latency (log2 L + 1) ns, per-node power fit, area of 269 + 109 (b - 1) NMOS and 209 + 73 (b - 1) PMOS. */
export function sarAdc(t: Technology, bits: number, rColumn: number): AdcPrice {
  const latency = (bits + 1) * 1e-9;
  const [a, b, c, d] = SAR_POWER[t.roadmap][t.node] ?? SAR_POWER[t.roadmap][32]!;
  const power = ((a * bits + b) * 1e-6 + c * Math.exp(-d * Math.log10(rColumn))) * tempFactor(t);
  const devices = 269 + 109 * (bits - 1) + 209 + 73 * (bits - 1);
  return { latency, energy: power * latency, area: devices * t.aDevice };
}

/** The configured ADC at a column resistance. */
export function adc(type: AdcType, t: Technology, bits: number, rColumn: number): AdcPrice {
  return type === 'sar' ? sarAdc(t, bits, rColumn) : mlsaAdc(t, bits, rColumn);
}

/** Shift-add width: log2(L) + input bits + cells per synapse + 1 (section 4). */
export function shiftAddWidth(adcBits: number, inputBits: number, cellsPerSynapse: number): number {
  return adcBits + inputBits + cellsPerSynapse + 1;
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

/**
 * FeFET write of one cell (NeuroSim GetWriteUpdateEstimation): the polarisation is erased and
 * re-programmed once per update whatever the pulse count, dPr ~ 2 P_r on average over a uniform weight
 * distribution, on a 2F^2 gate at the write voltage: 2 P_r V 2F^2 (P_r 20 uC/cm^2 = 0.2 C/m^2).
 */
export function fefetWriteEnergy(vw: number, featureSize: number, polarisation = 0.2): number {
  return 2 * polarisation * vw * 2 * featureSize * featureSize;
}

/** Capacitor (3T1C) LSB pulse: charge pump I t at supply V (docs/devices.md#derived-values: 6.67 uA x 0.5 ns at 1 V). */
export function capacitorPulseEnergy(current: number, tw: number, v: number): number {
  return current * tw * v;
}

