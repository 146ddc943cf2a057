/**
 * Technology (docs/cost.md#technology): the PTM-based planar 130-22 nm and FinFET 14-7 nm rows of
 * NeuroSim's Technology.cpp, HP and LSTP roadmaps, the wires of Param.cpp, and the device primitives
 * every circuit in circuits.ts is built from (NeuroSim formula.cpp conventions: minimum NMOS 2F, PMOS
 * pnSizeRatio times wider, FinFET widths rounded up to whole fins, gate and drain capacitances, on
 * resistances). SI units throughout.
 */

export type Roadmap = 'HP' | 'LSTP';

/** Vdd, Vth, Cgate_ideal F/m, Cfringe F/m, Reff mult, Ion_n A/m, Ion_p A/m, Ioff_n A/m (300 K). */
type Row = readonly [number, number, number, number, number, number, number, number];

/** [HP, LSTP] per node, as NeuroSim's Technology.cpp (one correction, at 90 nm LSTP). */
const TABLE: Readonly<Record<number, readonly [Row, Row]>> = {
  130: [
    [1.3, 0.1285, 6.058e-10, 6.12e-10, 1.54, 930, 430, 0.1],
    [1.3, 0.4661, 1.857e-9, 9.531e-10, 1.54, 300.7, 150.7, 1.002e-4],
  ],
  90: [
    [1.2, 0.146, 5.694e-10, 5.652e-10, 1.54, 1070, 540, 0.1008],
    // NeuroSim's row reads 1.5413e-10 F/m, a tenth of the LSTP gate capacitance at 130 and 65 nm and
    // below its own 90 nm HP value: a dropped digit, taken as 1.5413e-9 (else 90 nm would outrun 65 nm).
    [1.2, 0.5013, 1.5413e-9, 9.601e-10, 1.77, 346.3, 200.3, 1.0e-4],
  ],
  65: [
    [1.1, 0.1664, 4.868e-10, 5.27e-10, 1.54, 1120, 700, 0.1],
    [1.1, 0.5017, 1.193e-9, 9.621e-10, 1.77, 400.0, 238.7, 1.002e-4],
  ],
  45: [
    [1.0, 0.1711, 4.091e-10, 4.958e-10, 1.54, 1270, 1080, 0.1],
    [1.0, 0.4644, 8.931e-10, 8.85e-10, 1.77, 500.2, 300.0, 1.0e-4],
  ],
  32: [
    [0.9, 0.1945, 3.768e-10, 4.714e-10, 1.54, 1410, 1220, 0.1003],
    [0.9, 0.442, 8.375e-10, 6.857e-10, 1.77, 600.2, 400.0, 1.001e-4],
  ],
  22: [
    [0.85, 0.2089, 3.287e-10, 4.532e-10, 1.54, 1500, 1320, 0.1002],
    [0.85, 0.4199, 5.245e-10, 8.004e-10, 1.77, 791.9, 600.2, 1.0e-4],
  ],
  14: [
    [0.8, 0.173, 1.2573e-9, 0, 1.51, 1686, 1550, 0.1009],
    [0.8, 0.3821, 1.0572e-9, 0, 1.76, 893, 820, 9.98e-5],
  ],
  10: [
    [0.75, 0.1829, 1.1418e-9, 0, 1.49, 1769, 1626, 0.1001],
    [0.75, 0.3906, 9.419e-10, 0, 1.73, 862, 775, 9.97e-5],
  ],
  7: [
    [0.7, 0.1922, 1.0487e-9, 0, 1.45, 1912, 1685, 0.1002],
    [0.7, 0.4025, 8.495e-10, 0, 1.73, 822, 737, 1.0e-4],
  ],
};

/**
 * FinFET fin height, width and pitch (m) as NeuroSim's Technology.cpp sets them: 23 / 10 / 32 nm at 14 nm,
 * 21 / 9 / 28 nm at 10 nm, 18 / 7 / 22 nm at 7 nm. (NeuroSim's manual gives H_fin 21 nm at 7 nm;
 * the code's 18 nm is used, as the code is what NeuroSim's numbers come from.)
 */
const FINS: Readonly<Record<number, readonly [number, number, number]>> = {
  14: [23e-9, 10e-9, 32e-9],
  10: [21e-9, 9e-9, 28e-9],
  7: [18e-9, 7e-9, 22e-9],
};

/** Wire width by node (nm) and (aspect ratio, resistivity Ohm m) by width (Param.cpp). */
const WIRE_WIDTH_NM: Readonly<Record<number, number>> = { 130: 200, 90: 200, 65: 100, 45: 50, 32: 40, 22: 32, 14: 22, 10: 14, 7: 14 };
const WIRE_AR_RHO: Readonly<Record<number, readonly [number, number]>> = {
  200: [2.1, 2.42e-8],
  100: [2.3, 2.73e-8],
  50: [2.34, 3.91e-8],
  40: [1.9, 4.03e-8],
  32: [1.9, 4.51e-8],
  22: [2.0, 5.41e-8],
  14: [2.1, 7.43e-8],
};

/** Wire capacitance per length, F/m (0.2 fF/um, every NeuroSim wire). */
export const WIRE_CAP_PER_M = 0.2e-15 / 1e-6;

/** Layout rules of NeuroSim's standard cells, in F (constant.h). */
export const LAYOUT = {
  /** Minimum NMOS width. */
  minNmos: 2,
  /** Gate pitch: poly width + poly-to-poly gap. */
  polyPitch: 1.0 + 2.8,
  /** Drain contact width (the gap between gates). */
  drainWidth: 2.8,
  /** P-to-N diffusion gap and poly extension + half field-poly gap (top and bottom). */
  gapPN: 3.5,
  polyExt: 1.0 + 1.6 / 2,
} as const;

export interface Technology {
  readonly node: number;
  readonly roadmap: Roadmap;
  readonly temperature: number;
  /** Feature size of logic (the node), m. */
  readonly featureSize: number;
  readonly vdd: number;
  readonly vth: number;
  readonly finfet: boolean;
  /** Total gate capacitance per metre of effective width (ideal + overlap + fringe), F/m. */
  readonly cGatePerM: number;
  /** Ion (A/m), Ioff (A/m). */
  readonly ionN: number;
  readonly ionP: number;
  readonly ioffN: number;
  readonly reffMult: number;
  /** PMOS / NMOS width ratio of a balanced gate (Ion_n / Ion_p; truncated to an integer at FinFET nodes). */
  readonly pnRatio: number;
  /** Minimum NMOS / PMOS drawn widths, m. */
  readonly wMinN: number;
  readonly wMinP: number;
  /** Input and output (drain) capacitance of a minimum inverter, F. */
  readonly cInv: number;
  readonly cInvOut: number;
  /** On-resistance of the minimum NMOS / PMOS, Ohm. */
  readonly rN: number;
  readonly rP: number;
  /** FO4 delay (0.69 RC of the minimum inverter driving four copies), s. */
  readonly fo4: number;
  /** Switching energy of a minimum inverter's input, C Vdd^2, J. */
  readonly eGate: number;
  /** Standard-cell height, m (28F planar, 34F FinFET). */
  readonly cellHeight: number;
  /** Footprint of one minimum transistor laid out alone (2 gate pitches x cell height), m^2. */
  readonly aDevice: number;
  /** Array feature size (= wire width, section 5), m. */
  readonly wireWidth: number;
  /** Wire resistance and capacitance per metre (temperature-corrected), Ohm/m, F/m. */
  readonly rWire: number;
  readonly cWire: number;
  /** Junction, sidewall and drain-to-channel capacitances at Vdd (BSIM4 grading), F/m^2, F/m, F/m. */
  readonly cJunction: number;
  readonly cSidewall: number;
  readonly cDrainChannel: number;
  /** FinFET fin height, width, pitch (m); 0 for planar nodes. */
  readonly finH: number;
  readonly finW: number;
  readonly finPitch: number;
}

const cache = new Map<string, Technology>();

/** The technology of a node, roadmap and temperature (cached: it is pure data). */
export function technology(node: number, roadmap: Roadmap, temperature = 300): Technology {
  const key = `${node}|${roadmap}|${temperature}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = buildTechnology(node, roadmap, temperature);
  cache.set(key, t);
  return t;
}

function buildTechnology(node: number, roadmap: Roadmap, temperature: number): Technology {
  const pair = TABLE[node];
  if (!pair) throw new RangeError(`unsupported technology node ${node} nm`);
  const [vdd, vth, cIdeal, cFringe, reff, ionN, ionP, ioffN] = roadmap === 'HP' ? pair[0] : pair[1];
  const F = node * 1e-9;
  const finfet = node < 22;
  const cOverlap = finfet ? 0 : 0.2 * cIdeal;
  const ratio = ionN / ionP;
  const [finH, finW, finPitch] = FINS[node] ?? [0, 0, 0];
  const wwNm = WIRE_WIDTH_NM[node] ?? 40;
  const arRho = WIRE_AR_RHO[wwNm] ?? [1.9, 4.03e-8];
  const ww = wwNm * 1e-9;
  const rho = arRho[1] * (1 + 0.00451 * Math.abs(temperature - 300));
  const grading = 1 + vdd / 0.9; // built-in potential 0.9 V
  const partial = {
    node,
    roadmap,
    temperature,
    featureSize: F,
    vdd,
    vth,
    finfet,
    cGatePerM: cIdeal + cOverlap + cFringe,
    ionN,
    ionP,
    ioffN,
    reffMult: reff,
    pnRatio: finfet ? Math.max(1, Math.trunc(ratio)) : ratio,
    wMinN: LAYOUT.minNmos * F,
    wMinP: (finfet ? Math.max(1, Math.trunc(ratio)) : ratio) * LAYOUT.minNmos * F,
    cellHeight: (finfet ? 34 : 28) * F,
    wireWidth: ww,
    rWire: rho / (ww * ww * arRho[0]),
    cWire: WIRE_CAP_PER_M,
    cJunction: 1e-3 / Math.sqrt(grading),
    cSidewall: 2.5e-10 / Math.pow(grading, 0.33),
    cDrainChannel: 0.5e-10 / Math.pow(grading, 0.33),
    finH,
    finW,
    finPitch,
  };
  const base = { ...partial, cInv: 0, cInvOut: 0, rN: 0, rP: 0, fo4: 0, eGate: 0, aDevice: 0 } as Technology;
  const cInv = gateCap(base, base.wMinN) + gateCap(base, base.wMinP);
  const cInvOut = drainCap(base, base.wMinN, false) + drainCap(base, base.wMinP, true);
  const rN = onResistance(base, base.wMinN, false);
  const rP = onResistance(base, base.wMinP, true);
  return {
    ...partial,
    cInv,
    cInvOut,
    rN,
    rP,
    fo4: 0.69 * 0.5 * (rN + rP) * (4 * cInv + cInvOut),
    eGate: cInv * vdd * vdd,
    aDevice: 2 * LAYOUT.polyPitch * F * partial.cellHeight,
  };
}

/** Effective channel width of a drawn width: planar as drawn; FinFET whole fins of 2F, each 2 H_fin + W_fin (NeuroSim V1.4). */
export function effectiveWidth(t: Technology, width: number): number {
  if (!t.finfet) return width;
  return Math.ceil(width / (2 * t.featureSize) - 1e-9) * (2 * t.finH + t.finW);
}

/** Gate capacitance of a device of drawn width `width`, F. */
export function gateCap(t: Technology, width: number): number {
  return t.cGatePerM * effectiveWidth(t, width);
}

/** On-resistance R = Reff Vdd / (Ion W_eff), Ohm. */
export function onResistance(t: Technology, width: number, pmos = false): number {
  return (t.reffMult * t.vdd) / ((pmos ? t.ionP : t.ionN) * effectiveWidth(t, width));
}

/** NMOS on-resistance of a device of drawn width `width` (the 1T1R access-transistor check). */
export function nmosOnResistance(t: Technology, width: number): number {
  return onResistance(t, width, false);
}

/**
 * Drain capacitance of one device of drawn width `width` (junction bottom + sidewalls + drain-to-channel),
 * folded when it is wider than its half of the standard cell (formula.cpp CalculateGateCapacitance).
 * `drains` counts drain regions shared in parallel (NAND PMOS, NOR NMOS).
 */
export function drainCap(t: Technology, width: number, pmos: boolean, drains = 1): number {
  if (width <= 0) return 0;
  const F = t.featureSize;
  const avail = t.cellHeight - (LAYOUT.gapPN + 2 * LAYOUT.polyExt) * F;
  const share = pmos ? t.pnRatio / (1 + t.pnRatio) : 1 / (1 + t.pnRatio);
  const maxW = avail * share;
  let folds: number;
  let h: number;
  if (t.finfet) {
    const fins = Math.ceil(width / (2 * t.finH + t.finW) - 1e-9);
    const maxFins = Math.floor(maxW / t.finPitch) + 1;
    folds = Math.max(1, Math.ceil(fins / maxFins));
    h = (Math.min(fins, maxFins) - 1) * t.finPitch + t.finW;
  } else {
    folds = Math.max(1, Math.ceil(width / maxW - 1e-9));
    h = Math.min(width, maxW);
  }
  const wd = Math.ceil((folds + 1) / 2) * LAYOUT.drainWidth * F * drains;
  const side = 2 * wd + h * (1 + ((folds + 1) % 2));
  return wd * h * t.cJunction + side * t.cSidewall + folds * h * t.cDrainChannel;
}
