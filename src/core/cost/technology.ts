/**
 * Technology table (docs/cost.md#technology): PTM-based planar 130-22 nm and FinFET 14-7 nm,
 * HP and LSTP roadmaps, plus interconnect parameters. Pure data plus derived per-node quantities
 * (gate capacitance, on-resistance, FO4 delay, wire R and C). SI units throughout.
 */

export type Roadmap = 'HP' | 'LSTP';

/** node, Vdd, Vth, Lg(nm), Cgate_ideal F/m, Cfringe F/m, Reff mult, Ion_n uA/um (= A/m), Ion_p, Ioff_n uA/um, fin W/pitch nm */
type Row = readonly [number, number, number, number, number, number, number, number, number, number, number, number];

/** [HP, LSTP] per node, exactly as docs/cost.md#technology. */
const TABLE: Readonly<Record<number, readonly [Row, Row]>> = {
  130: [
    [130, 1.3, 0.1285, 130, 6.058e-10, 6.12e-10, 1.54, 930, 430, 0.1, 0, 0],
    [130, 1.3, 0.4661, 130, 1.857e-9, 9.531e-10, 1.54, 300.7, 150.7, 1.002e-4, 0, 0],
  ],
  90: [
    [90, 1.2, 0.146, 90, 5.694e-10, 5.652e-10, 1.54, 1070, 540, 0.1008, 0, 0],
    [90, 1.2, 0.5013, 90, 1.541e-10, 9.601e-10, 1.77, 346.3, 200.3, 1.0e-4, 0, 0],
  ],
  65: [
    [65, 1.1, 0.1664, 65, 4.868e-10, 5.27e-10, 1.54, 1120, 700, 0.1, 0, 0],
    [65, 1.1, 0.5017, 65, 1.193e-9, 9.621e-10, 1.77, 400.0, 238.7, 1.002e-4, 0, 0],
  ],
  45: [
    [45, 1.0, 0.1711, 45, 4.091e-10, 4.958e-10, 1.54, 1270, 1080, 0.1, 0, 0],
    [45, 1.0, 0.4644, 45, 8.931e-10, 8.85e-10, 1.77, 500.2, 300.0, 1.0e-4, 0, 0],
  ],
  32: [
    [32, 0.9, 0.1945, 34, 3.768e-10, 4.714e-10, 1.54, 1410, 1220, 0.1003, 0, 0],
    [32, 0.9, 0.442, 34, 8.375e-10, 6.857e-10, 1.77, 600.2, 400.0, 1.001e-4, 0, 0],
  ],
  22: [
    [22, 0.85, 0.2089, 20, 3.287e-10, 4.532e-10, 1.54, 1500, 1320, 0.1002, 0, 0],
    [22, 0.85, 0.4199, 20, 5.245e-10, 8.004e-10, 1.77, 791.9, 600.2, 1.0e-4, 0, 0],
  ],
  14: [
    [14, 0.8, 0.173, 18, 1.2573e-9, 0, 1.51, 1686, 1550, 0.1009, 10, 32],
    [14, 0.8, 0.3821, 18, 1.0572e-9, 0, 1.76, 893, 820, 9.98e-5, 10, 32],
  ],
  10: [
    [10, 0.75, 0.1829, 14, 1.1418e-9, 0, 1.49, 1769, 1626, 0.1001, 9, 28],
    [10, 0.75, 0.3906, 14, 9.419e-10, 0, 1.73, 862, 775, 9.97e-5, 9, 28],
  ],
  7: [
    [7, 0.7, 0.1922, 11, 1.0487e-9, 0, 1.45, 1912, 1685, 0.1002, 7, 22],
    [7, 0.7, 0.4025, 11, 8.495e-10, 0, 1.73, 822, 737, 1.0e-4, 7, 22],
  ],
};

/** Wire width by node (m) and (aspect ratio, resistivity Ohm m) by width (section 3). */
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

/** Wire capacitance per length, F/m (0.2 fF/um). */
export const WIRE_CAP_PER_M = 0.2e-15 / 1e-6;

export interface Technology {
  readonly node: number;
  readonly roadmap: Roadmap;
  readonly temperature: number;
  /** Feature size of logic (the node), m. */
  readonly featureSize: number;
  readonly vdd: number;
  readonly vth: number;
  readonly finfet: boolean;
  /** Total gate capacitance per metre of width (ideal + overlap + fringe), F/m. */
  readonly cGatePerM: number;
  /** Ion (A/m), Ioff (A/m). */
  readonly ionN: number;
  readonly ionP: number;
  readonly ioffN: number;
  readonly reffMult: number;
  /** Minimum NMOS / PMOS effective widths, m. */
  readonly wMinN: number;
  readonly wMinP: number;
  /** Input capacitance of a minimum inverter, F. */
  readonly cInv: number;
  /** On-resistance of the minimum NMOS / PMOS, Ohm. */
  readonly rN: number;
  readonly rP: number;
  /** FO4 delay (Horowitz step response, 0.69 RC), s. */
  readonly fo4: number;
  /** Switching energy of a minimum inverter, C Vdd^2, J. */
  readonly eGate: number;
  /** Footprint of one minimum device including routing share, m^2 (standard-cell height 28F, 34F FinFET, gate pitch 3F, n and p share a column). */
  readonly aMinDevice: number;
  /** Array feature size (= wire width, section 5), m. */
  readonly wireWidth: number;
  /** Wire resistance and capacitance per metre (temperature-corrected), Ohm/m, F/m. */
  readonly rWire: number;
  readonly cWire: number;
}

export function isSupportedNode(node: number): boolean {
  return TABLE[node] !== undefined;
}

/** FinFET effective width of n fins: n (2 H_fin + W_fin), H_fin 23 nm at 14/10 nm, 21 nm at 7 nm (section 3). */
function finWidth(node: number, finW: number, fins: number): number {
  const hFin = node === 7 ? 21 : 23;
  return fins * (2 * hFin + finW) * 1e-9;
}

export function technology(node: number, roadmap: Roadmap, temperature = 300): Technology {
  const pair = TABLE[node];
  if (!pair) throw new RangeError(`unsupported technology node ${node} nm`);
  const r = roadmap === 'HP' ? pair[0] : pair[1];
  const [, vdd, vth, , cIdeal, cFringe, reff, ionN, ionP, ioffN, finW] = r;
  const F = node * 1e-9;
  const finfet = node <= 14;
  const cOverlap = finfet ? 0 : 0.2 * cIdeal;
  const cGatePerM = cIdeal + cOverlap + cFringe;
  // Minimum devices: planar NMOS 1.5F wide, PMOS twice; FinFET 1 and 2 fins.
  const wMinN = finfet ? finWidth(node, finW, 1) : 1.5 * F;
  const wMinP = finfet ? finWidth(node, finW, 2) : 3 * F;
  const cInv = cGatePerM * (wMinN + wMinP);
  const rN = (reff * vdd) / (ionN * wMinN);
  const rP = (reff * vdd) / (ionP * wMinP);
  const fo4 = 0.69 * 0.5 * (rN + rP) * 5 * cInv;
  const wwNm = WIRE_WIDTH_NM[node] ?? 40;
  const arRho = WIRE_AR_RHO[wwNm] ?? [1.9, 4.03e-8];
  const ww = wwNm * 1e-9;
  const rho = arRho[1] * (1 + 0.00451 * Math.abs(temperature - 300));
  return {
    node,
    roadmap,
    temperature,
    featureSize: F,
    vdd,
    vth,
    finfet,
    cGatePerM,
    ionN,
    ionP,
    ioffN,
    reffMult: reff,
    wMinN,
    wMinP,
    cInv,
    rN,
    rP,
    fo4,
    eGate: cInv * vdd * vdd,
    aMinDevice: ((finfet ? 34 : 28) * F * 3 * F) / 2,
    wireWidth: ww,
    rWire: rho / (ww * ww * arRho[0]),
    cWire: WIRE_CAP_PER_M,
  };
}

/** NMOS on-resistance of a device `widthF` feature sizes wide (R_on = Reff Vdd / (Ion W)). */
export function nmosOnResistance(t: Technology, width: number): number {
  return (t.reffMult * t.vdd) / (t.ionN * width);
}

/** Repeated global wire (section 3): delay and energy per metre with optimally sized repeaters, relaxed to 110 % of the optimal delay. */
export function repeatedWire(t: Technology): { delayPerM: number; energyPerM: number } {
  // Optimal repeated-wire delay per length ~ 2 sqrt(0.69 R0 C0 r c) (Bakoglu); the energy-relaxed design
  // (delay within 10 %) halves the repeater size, which adds about 30 % of the wire capacitance.
  const r0c0 = 0.5 * (t.rN + t.rP) * t.cInv;
  const delayPerM = 1.1 * 2 * Math.sqrt(0.69 * r0c0 * t.rWire * t.cWire);
  const energyPerM = 1.3 * t.cWire * t.vdd * t.vdd;
  return { delayPerM, energyPerM };
}
