/**
 * Peripheral circuits priced at a technology node, following the structure of NeuroSim's circuit
 * classes (RowDecoder, DFF, Buffer, Adder, AdderTree, ShiftAdd, HTree, Bus, switch matrices and the
 * 8T SRAM read / write paths): each is a chain of gates whose delays come from the Horowitz model and
 * whose energies are the switched capacitances, so every latency and energy here scales with the node.
 * No counting happens here (see phases.ts). SI units.
 */
import { drainCap, gateCap, LAYOUT, onResistance, WIRE_CAP_PER_M, type Technology } from './technology';

const memos = new WeakMap<Technology, Map<string, unknown>>();

/** Memoise a pure price per technology (technologies are cached, so a design sweep prices each circuit once). */
export function memo<T>(t: Technology, key: string, fn: () => T): T {
  let m = memos.get(t);
  if (!m) {
    m = new Map();
    memos.set(t, m);
  }
  const hit = m.get(key);
  if (hit !== undefined) return hit as T;
  const v = fn();
  m.set(key, v);
  return v;
}

/** Horowitz delay of a stage with time constant `tr` driven by a ramp (NeuroSim: beta 0.5, switching at Vdd/2). */
export function horowitz(tr: number, rampIn = 1e20): { delay: number; rampOut: number } {
  const alpha = 1 / rampIn / tr;
  const delay = tr * Math.sqrt(Math.LN2 * Math.LN2 + 0.5 * alpha);
  return { delay, rampOut: 0.5 / delay };
}

interface Gate {
  readonly wn: number;
  readonly wp: number;
  readonly cin: number;
  readonly cout: number;
}

/** A gate of NMOS width `wnF` and PMOS width `wpF` (in units of the minimum NMOS); `inputs` of a NAND / NOR share drains. */
function gate(t: Technology, kind: 'inv' | 'nand' | 'nor', wnMult: number, wpMult: number, inputs = 1): Gate {
  const wn = wnMult * t.wMinN;
  const wp = wpMult * t.wMinN;
  const shared = Math.floor((inputs + 1) / 2);
  const cout =
    kind === 'inv'
      ? drainCap(t, wn, false) + drainCap(t, wp, true)
      : kind === 'nand'
        ? drainCap(t, wn, false) + drainCap(t, wp, true, shared)
        : drainCap(t, wn, false, shared) + drainCap(t, wp, true);
  return { wn, wp, cin: gateCap(t, wn) + gateCap(t, wp), cout };
}

/** Latency and energy of one access. */
export interface Access {
  readonly latency: number;
  readonly energy: number;
}

/**
 * Row decoder of `addressBits` bits (2-bit predecode INV -> NAND2 -> NOR -> two output inverters) driving
 * `capLoad`: latency of one decode and its switched energy (NeuroSim RowDecoder, regular mode).
 */
export function decoder(t: Technology, addressBits: number, capLoad: number): Access {
  return memo(t, `dec|${addressBits}|${capLoad}`, () => decoderRaw(t, addressBits, capLoad));
}

function decoderRaw(t: Technology, addressBits: number, capLoad: number): Access {
  const n = Math.max(1, addressBits);
  const pn = t.pnRatio;
  const inv = gate(t, 'inv', 1, pn);
  const nand = gate(t, 'nand', 2, pn, 2);
  const k = Math.ceil(n / 2);
  const nor = gate(t, 'nor', 1, k * pn, k);
  const drv = gate(t, 'inv', 3, 3 * pn);
  const nNand = 4 * Math.floor(n / 2);
  const nNor = n > 2 ? 2 ** n : 0;
  let ramp = 1e20;
  let latency = 0;
  const stage = (tr: number) => {
    const h = horowitz(tr, ramp);
    latency += h.delay;
    ramp = h.rampOut;
  };
  stage(onResistance(t, inv.wn) * (inv.cout + (nNand ? 2 * nand.cin : capLoad)));
  if (nNand) stage(2 * onResistance(t, nand.wn) * (nand.cout + (nNor ? (nor.cin * nNor) / 4 : capLoad)));
  if (nNor) stage(2 * onResistance(t, nor.wp, true) * (nor.cout + inv.cin));
  stage(onResistance(t, drv.wn) * (drv.cout + drv.cin));
  stage(onResistance(t, drv.wp, true) * (drv.cout + capLoad));
  const v2 = t.vdd * t.vdd;
  let energy = (inv.cin + 2 * nand.cin) * v2 * 2 * Math.floor(n / 2) + (inv.cin + (nor.cin * nNor) / 2) * v2 * (n % 2);
  energy += (nand.cout + (nor.cin * nNor) / 4) * v2 * (nNand / 4) + (nor.cout + inv.cin) * v2 + 2 * (drv.cin + drv.cout) * v2;
  return { latency, energy };
}

/** Energy of one D flip-flop bit per clocked access: clock inverters x4, clock TGs x2, D-to-Q path (NeuroSim DFF / Buffer). */
export function dffBitEnergy(t: Technology): number {
  const cin = t.cInv; // clock TG gates load like an inverter input
  const cout = t.cInvOut; // TG drains like an inverter output
  // clock inverters (x4) and clock TGs (x2); D input side, feedback side, Q output side
  return t.vdd * t.vdd * ((cin + cout) * 4 + cin * 2 + (3 * cout + cin) + (cout + cout) + (cin + cout));
}

/** Width of a DFF: 12 minimum standard cells side by side (NeuroSim DFF). */
export function dffWidth(t: Technology): number {
  return 12 * 2 * LAYOUT.polyPitch * t.featureSize;
}

/** A buffer's price: latency of one line access and energy per bit moved. */
export interface BufferPrice {
  readonly lineLatency: number;
  readonly bitEnergy: number;
  readonly lineBits: number;
}

/**
 * Register-file buffer of `bits` bits read or written `width` bits a line: each line access is a
 * decode (word line across `width` DFFs) plus half a clock (NeuroSim Buffer, DFF mode); energy per bit is
 * the DFF's plus the decode shared by the line.
 */
export function registerBuffer(t: Technology, bits: number, width: number, clock: number): BufferPrice {
  return memo(t, `buf|${bits}|${width}|${clock}`, () => registerBufferRaw(t, bits, width, clock));
}

function registerBufferRaw(t: Technology, bits: number, width: number, clock: number): BufferPrice {
  const lines = Math.max(1, Math.ceil(bits / width));
  const dec = decoder(t, Math.max(1, Math.ceil(Math.log2(lines))), dffWidth(t) * width * WIRE_CAP_PER_M);
  return { lineLatency: dec.latency + 0.5 / clock, bitEnergy: dec.energy / width + dffBitEnergy(t), lineBits: width };
}

/** 8T SRAM cell of NeuroSim (20F x 8F at the logic node; access 1.31F, pull-down 2.08F, pull-up 1.23F wide). */
export const SRAM_CELL = { widthF: 20, heightF: 8, access: 1.31, pullDown: 2.08, pullUp: 1.23, senseVoltage: 0.1 } as const;

/** An SRAM cell's read (bit-line discharge to the sense margin) and write (pair flip) times, its capacitances and access resistance. */
export interface SramCell {
  readonly read: number;
  readonly write: number;
  readonly cellCap: number;
  readonly bitLineCap: number;
  readonly accessR: number;
}

/**
 * Read of one SRAM bit line of `rows` cells: discharge through access + pull-down until the sense margin
 * (NeuroSim SubArray / WeightGradientUnit), and the write of one cell (cross-coupled pair flip).
 */
export function sramCell(t: Technology, rows: number): SramCell {
  return memo(t, `sram|${rows}`, () => sramCellRaw(t, rows));
}

function sramCellRaw(t: Technology, rows: number): SramCell {
  const F = t.featureSize;
  const len = rows * SRAM_CELL.heightF * F;
  const cCol = len * WIRE_CAP_PER_M;
  const rCol = len * t.rWire;
  const accessR = onResistance(t, SRAM_CELL.access * F);
  const tau = (accessR + onResistance(t, SRAM_CELL.pullDown * F)) * (drainCap(t, SRAM_CELL.access * F, false) + cCol) + (rCol * cCol) / 2;
  const read = horowitz(tau * Math.log(t.vdd / (t.vdd - SRAM_CELL.senseVoltage / 2))).delay;
  const cellCap =
    drainCap(t, SRAM_CELL.access * F, false) +
    drainCap(t, SRAM_CELL.pullDown * F, false) +
    drainCap(t, SRAM_CELL.pullUp * F, true) +
    gateCap(t, SRAM_CELL.pullDown * F) +
    gateCap(t, SRAM_CELL.pullUp * F);
  const rPull = 0.5 * (onResistance(t, SRAM_CELL.pullDown * F) + onResistance(t, SRAM_CELL.pullUp * F, true));
  return { read, write: horowitz(rPull * cellCap).delay, cellCap, bitLineCap: cCol + rows * drainCap(t, SRAM_CELL.access * F, false), accessR };
}

/** Ripple-carry adder of `bits` bits built of NAND2 gates: latency of one addition and its energy (NeuroSim Adder). */
export function adder(t: Technology, bits: number, capLoad = 0): Access {
  return memo(t, `add|${bits}|${capLoad}`, () => adderRaw(t, bits, capLoad));
}

function adderRaw(t: Technology, bits: number, capLoad: number): Access {
  const nand = gate(t, 'nand', 2, t.pnRatio, 2);
  const rn = 2 * onResistance(t, nand.wn);
  const rp = onResistance(t, nand.wp, true);
  let ramp = 1e20;
  let latency = 0;
  const stage = (tr: number) => {
    const h = horowitz(tr, ramp);
    ramp = h.rampOut;
    return h.delay;
  };
  latency += stage(rn * (nand.cout + 3 * nand.cin));
  latency += stage(rp * (nand.cout + 2 * nand.cin));
  const carry = stage(rn * (nand.cout + 3 * nand.cin)) + stage(rp * (nand.cout + 2 * nand.cin));
  latency += carry * Math.max(0, bits - 2);
  latency += stage(rn * (nand.cout + 3 * nand.cin));
  latency += stage(rp * (nand.cout + nand.cin));
  latency += stage(rn * (nand.cout + capLoad));
  const ci = nand.cin;
  const co = nand.cout;
  const perBit = ci * 7 + co * 3 + (co + 3 * ci) + (co + ci) + 2 * (co + ci);
  const first = ci * 6 + co * 2 + 2 * (co + ci) + (co + 2 * ci) + (co + 3 * ci) + (co + ci);
  return { latency, energy: (first + perBit * Math.max(0, bits - 1)) * t.vdd * t.vdd };
}

/** Adder tree summing `inputs` words of `bits` bits: latency of one pass (stages in series), energy of one pass. */
export function adderTree(t: Technology, inputs: number, bits: number): Access {
  return memo(t, `tree|${inputs}|${bits}`, () => adderTreeRaw(t, inputs, bits));
}

function adderTreeRaw(t: Technology, inputs: number, bits: number): Access {
  let latency = 0;
  let energy = 0;
  let n = inputs;
  let b = bits;
  while (n > 1) {
    const pairs = Math.ceil(n / 2);
    const a = adder(t, b);
    latency += a.latency;
    energy += a.energy * pairs;
    b += 1;
    n = pairs;
  }
  return { latency, energy };
}

/** Shift-and-add register of `bits` bits: one addition plus a DFF half clock (hidden behind the read pulse after the first). */
export function shiftAdd(t: Technology, bits: number, clock: number): Access {
  return memo(t, `sa|${bits}|${clock}`, () => shiftAddRaw(t, bits, clock));
}

function shiftAddRaw(t: Technology, bits: number, clock: number): Access {
  const a = adder(t, bits);
  return { latency: a.latency + 0.5 / clock, energy: a.energy + bits * dffBitEnergy(t) };
}

/**
 * Repeated wire of the H-trees and buses: repeater sized for the optimal delay per length, then (with a
 * tolerance) shrunk until the delay is (1 + tolerance) of the optimum to save energy (NeuroSim HTree
 * halves the repeater, Bus steps it down by one). `rDelay` is the wire resistance per metre used for the
 * delay (the sizing uses the node's wire). Returns delay and energy per metre for one bit (activity 1/4).
 */
export function repeatedWire(t: Technology, tolerance: number, halving: boolean, rDelay = t.rWire): { delayPerM: number; energyPerM: number } {
  return memo(t, `rep|${tolerance}|${halving}|${rDelay}`, () => repeatedWireRaw(t, tolerance, halving, rDelay));
}

function repeatedWireRaw(t: Technology, tolerance: number, halving: boolean, rDelay: number): { delayPerM: number; energyPerM: number } {
  const rw = t.rWire;
  const cw = WIRE_CAP_PER_M;
  const rep = (size: number) => {
    const g = gate(t, 'inv', Math.max(size, 1e-3), Math.max(size, 1e-3) * t.pnRatio);
    return { r: onResistance(t, g.wn) + onResistance(t, g.wp, true), cin: g.cin, cout: g.cout };
  };
  const one = rep(1);
  let size = Math.floor(Math.sqrt((one.r * cw) / (one.cin * rw)));
  let dist = Math.sqrt((2 * one.r * (one.cout + one.cin)) / (rw * cw));
  const unit = (s: number, d: number, r: number) => {
    const p = rep(s);
    return (0.7 * (p.r * (p.cin + p.cout + cw * d) + 0.5 * r * d * cw * d + r * d * p.cin)) / d;
  };
  const best = unit(size, dist, rw);
  if (tolerance > 0) {
    let d = 0;
    while (d < best * (1 + tolerance) && size > 1e-3) {
      size = halving ? size / 2 : size - 1;
      dist *= 0.9;
      d = unit(size, dist, rw);
    }
  }
  const p = rep(size);
  return { delayPerM: unit(size, dist, rDelay), energyPerM: ((p.cin + p.cout + cw * dist) * t.vdd * t.vdd * 0.25) / dist };
}

/**
 * Wire resistance per metre NeuroSim's H-tree uses for its delay: 4x the node's wire width on the top
 * stages, with the (2.30, 2.73e-8 Ohm m) row of the wire table below 200 nm (its chained comparisons
 * always pick that row; quirk followed so trees price as in NeuroSim).
 */
export function hTreeWireResistance(t: Technology): number {
  const w = 4 * t.wireWidth;
  const [ar, rho] = w >= 200e-9 ? [2.1, 2.42e-8] : [2.3, 2.73e-8];
  return rho / (w * w * ar);
}

/**
 * Length of the root-to-leaf path of an H-tree over an n x n grid of units of side `side`, as NeuroSim's
 * HTree counts it for latency (stages from the full span) and for energy (stages from half the span).
 */
export function hTreePathLength(n: number, side: number, forEnergy = false): number {
  if (n <= 1) return side;
  const half = Math.ceil(Math.log2(n));
  let len = 0;
  let seg = side * 2 ** half * (forEnergy ? 0.5 : 1);
  for (let i = 0; i < half; i++) {
    seg /= 2;
    len += 2 * seg;
  }
  const centre = Math.floor(Math.log2(n));
  return len + Math.min(n - centre, centre) * side;
}

/** Transmission-gate switch of a switch matrix driving a line (capLoad, resLoad): one switching (NeuroSim switch matrices). */
export function lineSwitch(t: Technology, capLoad: number, resLoad: number): number {
  const rTg = 1 / (1 / t.rN + 1 / t.rP);
  return horowitz(rTg * (5 * drainCap(t, t.wMinN, false) + capLoad) + (resLoad * capLoad) / 2).delay;
}
