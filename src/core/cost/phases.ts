/**
 * Counting per layer (docs/cost.md#phases), assembled the way DNN+NeuroSim assembles a layer: the
 * sub-array reads of every input bit vector (divided by the layer's duplication), the PE registers and
 * buses, the tile buffers, H-tree and adder tree, the global buffer, H-tree and accumulation, and DRAM.
 * FW and AG share this structure; WG adds the SRAM-CIM unit and the gradient's round trip through the
 * global buffer and DRAM; the weight update writes row by row. Prices come from periphery.ts and
 * components.ts. Latencies and energies are per training image (WU and transfer: per write event).
 */
import type { LayerSpec } from '../networks';
import { adc as adcPrice, type AdcType } from './components';
import { adder, adderTree, shiftAdd } from './circuits';
import type { LayerPlacement } from './floorplan';
import type { Periphery } from './periphery';
import type { Technology } from './technology';
import type { Component } from './types';

export type Parts = Record<Component, number>;
export const zeroParts = (): Parts => ({ adc: 0, accumulation: 0, array: 0, buffer: 0, interconnect: 0, dram: 0, wgUnit: 0, write: 0, other: 0 });

export interface LayerGeom {
  readonly spec: LayerSpec;
  readonly place: LayerPlacement;
  readonly novel: boolean;
  /** Kernel slices mapped to separate PEs (novel mapping) or 1. */
  readonly k2: number;
  /** Rows of one slice (Cin with novel mapping, Cin K K otherwise) and of the whole matrix. */
  readonly rowsSlice: number;
  readonly rows: number;
  /** Columns used: Cout x cells per weight. */
  readonly cols: number;
  readonly rb: number;
  readonly cb: number;
  /** Output positions simulated per image (unpadded windows, as NeuroSim simulates them). */
  readonly positions: number;
  readonly weights: number;
  /** Parallel copies (duplication) of the layer. */
  readonly copies: number;
  /** Rows of one PE's slice and its sub-array row blocks. */
  readonly peRows: number;
  readonly rbPe: number;
}

/** What a read phase needs besides the layer. */
export interface ReadContext {
  readonly tech: Technology;
  readonly per: Periphery;
  readonly adcType: AdcType;
  readonly adcBits: number;
  readonly columnsPerAdc: number;
  readonly arrayRows: number;
  readonly arrayCols: number;
  readonly clock: number;
  readonly cellsPerWeight: number;
  /** Conductance of one active cell as the column sees it (cell plus access device), S. */
  readonly gActive: number;
  /** Reads per synapse and input bit (HPS: G+, G-, LSB). */
  readonly reads: number;
  readonly readVoltage: number;
  /** Word-line and bit-line capacitance of one sub-array, F; their switch (one switching), s. */
  readonly cWordLine: number;
  readonly cBitLine: number;
  readonly tSwitch: number;
  /** Bit-line read settling per input bit (resistive column RC or the SRAM discharge), s. */
  readonly tColumn: number;
  readonly rowByRow: boolean;
  readonly tilesOnChip: number;
  readonly poolAfter: (l: LayerSpec) => number;
}

export interface PhaseCost {
  readonly latency: Parts;
  readonly energy: Parts;
}

/** One FW or AG pass of a layer for one image: `bits` input (or error) bits a value, `activity` of their 1 bits. */
export function readPhase(g: LayerGeom, ctx: ReadContext, bits: number, activity: number, transposed: boolean): PhaseCost {
  const { tech, per } = ctx;
  const lat = zeroParts();
  const en = zeroParts();
  const l = g.spec;
  const mux = ctx.columnsPerAdc;
  const P = g.positions;
  const vectors = P * bits;
  const copies = g.copies;
  // Sub-array read of one bit vector: the column sums converted mux at a time, shift-add, switches.
  const sensedLines = transposed ? Math.min(g.rowsSlice, ctx.arrayRows) : Math.min(g.cols, ctx.arrayCols);
  const drivenLines = transposed ? Math.min(g.cols, ctx.arrayCols) : Math.min(g.peRows, ctx.arrayRows);
  const active = Math.max(1, activity * drivenLines);
  const rowByRow = ctx.rowByRow;
  const conv = adcPrice(rowByRow ? 'mlsa' : ctx.adcType, tech, rowByRow ? 1 : ctx.adcBits, 1 / (active * ctx.gActive));
  const perConversion = rowByRow ? drivenLines : 1; // row-by-row senses every driven line separately
  const logL = rowByRow ? 1 : ctx.adcBits;
  const sa = shiftAdd(tech, logL + ctx.cellsPerWeight, ctx.clock);
  const saWeight = ctx.cellsPerWeight > 1 ? shiftAdd(tech, logL, ctx.clock) : { latency: 0, energy: 0 };
  const tree = adderTree(tech, g.rbPe, logL + bits + 1);
  const reads = ctx.reads;
  lat.adc = (vectors * reads * mux * perConversion * conv.latency) / copies;
  lat.accumulation = (vectors * reads * (sa.latency + saWeight.latency) + P * mux * tree.latency) / copies;
  lat.array = (vectors * reads * (mux * perConversion * ctx.tSwitch + ctx.tColumn)) / copies;
  // PE registers (a DFF half clock per access) and buses
  lat.buffer = ((vectors * g.rbPe + P) * 0.5) / ctx.clock / copies;
  lat.interconnect = (((g.peRows * vectors) / ctx.arrayRows + (l.outC * logL * P) / (per.subPerPeSide * ctx.arrayCols)) * per.peBus.latency) / copies;
  // Tile: input and output buffers, tree, adder tree across PEs
  const pes = g.novel ? g.k2 : 1;
  const tileInBits = (g.novel ? Math.min(g.rows, g.rowsSlice * g.k2) : Math.min(g.rows, g.rowsSlice)) * vectors;
  const tileOutBits = (l.outC * (1 + per.accBits) * vectors) / bits / pes;
  lat.buffer +=
    ((2 * tileInBits) / per.tileIn.lineBits / per.tileInParallel) * per.tileIn.lineLatency +
    ((2 * tileOutBits) / per.tileOut.lineBits / per.tileOutParallel) * per.tileOut.lineLatency;
  lat.interconnect += ((tileInBits + tileOutBits) / per.tileTree.width) * per.tileTree.latency;
  lat.accumulation += mux * adderTree(tech, g.novel ? pes : Math.ceil(Math.min(g.rows, per.tileConv) / per.peConv), per.accBits).latency;
  // Chip: global buffer (read and written, tiles share it), H-tree, accumulation across tiles
  const gbOut = (g.rows * bits * P) / (g.novel ? l.k : 1);
  const gbIn = (l.outC * bits * P) / ctx.poolAfter(l);
  const tilesOfLayer = g.place.tileRows * g.place.tileCols;
  lat.buffer += ((2 * (gbOut + gbIn)) / per.globalBuffer.lineBits / per.globalParallel) * Math.ceil(ctx.tilesOnChip / tilesOfLayer) * per.globalBuffer.lineLatency;
  lat.interconnect += ((gbOut + gbIn) / per.globalTree.width) * per.globalTree.latency;
  if (g.place.tileRows > 1) {
    lat.accumulation += g.place.tileCols * l.outC * Math.ceil(P / per.globalAdderTrees) * adderTree(tech, g.place.tileRows, per.accBits + 2).latency;
  }
  // Energies: conversions, shift-adds, array lines and switches, buffers, trees
  const conversions = vectors * reads * g.k2 * (transposed ? g.cb * g.rowsSlice : g.rb * g.cols) * perConversion;
  const vectorsPerSub = vectors * reads * g.k2 * g.rb * g.cb;
  en.adc = conversions * conv.energy;
  // Every conversion is shifted and added into its column's register; partial sums of the row blocks
  // and kernel slices meet in adder trees. NeuroSim charges the global accumulation with every one of
  // its adder trees switching on each read (quirk followed: it decides fc-layer energy across tiles).
  en.accumulation = conversions * (sa.energy + saWeight.energy) + P * l.outC * ctx.cellsPerWeight * Math.max(0, g.rb * g.k2 - 1) * adder(tech, per.accBits).energy;
  if (g.place.tileRows > 1) {
    en.accumulation += g.place.tileCols * l.outC * Math.ceil(P / per.globalAdderTrees) * per.globalAdderTrees * adderTree(tech, g.place.tileRows, per.accBits + 2).energy;
  }
  const v2 = tech.vdd * tech.vdd;
  en.array =
    vectorsPerSub *
    (sensedLines * ctx.cBitLine * ctx.readVoltage * ctx.readVoltage + activity * drivenLines * ctx.cWordLine * v2 + mux * drivenLines * (per.dffBit + activity * 3 * (2 * tech.cInv + ctx.cWordLine) * v2));
  en.buffer =
    2 * (tileInBits * per.tileIn.bitEnergy + tileOutBits * per.tileOut.bitEnergy) * tilesOfLayer +
    2 * (gbIn + gbOut) * per.globalBuffer.bitEnergy +
    (vectors * g.rows + P * l.outC * per.accBits) * per.dffBit;
  en.interconnect = (tileInBits + tileOutBits) * tilesOfLayer * per.tileTree.bitEnergy + (gbIn + gbOut) * per.globalTree.bitEnergy + g.rows * vectors * per.peBus.bitEnergy;
  return { latency: lat, energy: en };
}

/** What the WG phase needs besides the layer. */
export interface GradientContext {
  readonly tech: Technology;
  readonly per: Periphery;
  readonly adcType: AdcType;
  readonly wgAdcBits: number;
  readonly inputBits: number;
  readonly columnsPerAdc: number;
  readonly tilesOnChip: number;
  readonly weightsPerAdder: number;
  readonly poolAfter: (l: LayerSpec) => number;
}

/**
 * WG of one layer for one image: the SRAM-CIM unit computes the K*K gradient slices (one read per output
 * channel, parallel over the arrays the layer leaves free), the gradient goes to DRAM and back through the
 * global buffer, and the accumulator adds it to the batch sum. The FW traffic is read again through the
 * global buffer (NeuroSim charges it to WG).
 */
export function gradientPhase(g: LayerGeom, ctx: GradientContext, activity: number): PhaseCost {
  const { tech, per } = ctx;
  const lat = zeroParts();
  const en = zeroParts();
  const l = g.spec;
  const wg = per.wg;
  const mRow = g.positions;
  const mCol = l.inC * ctx.inputBits;
  const needR = Math.max(1, Math.ceil(mRow / wg.rows));
  const needC = Math.max(1, Math.ceil(mCol / wg.cols));
  const speed =
    mRow > 1
      ? Math.max(1, Math.floor(wg.arraysInRow / needR)) * Math.max(1, Math.floor(wg.arraysInCol / needC))
      : wg.arraysInRow * Math.max(1, Math.floor(mCol / wg.cols)); // FC: the outer product spreads over every array
  const activeRows = Math.max(1, Math.ceil(wg.rows * activity));
  const conv = adcPrice(ctx.adcType, tech, ctx.wgAdcBits, wg.accessR / activeRows);
  const readLatency = wg.read.latency + wg.conversions * conv.latency;
  // NeuroSim charges the WG unit's sense amplifiers for every column at every conversion step (not one
  // ADC per column group): quirk followed, it sets the WG unit's energy.
  const readEnergy = wg.read.energy + wg.conversions * wg.cols * conv.energy;
  const written = wg.rows * activity;
  const used = (mRow * mCol) / (wg.arraysInRow * wg.arraysInCol * wg.rows * wg.cols);
  const arrays = wg.arraysInRow * wg.arraysInCol * used;
  lat.wgUnit = ((l.outC * readLatency) / speed + written * wg.write.latency) * l.k * l.k;
  en.wgUnit = (l.outC * readEnergy + written * written * wg.write.energy) * arrays * l.k * l.k;
  const weights = g.weights;
  lat.wgUnit += Math.ceil(weights / ctx.weightsPerAdder) * wg.accumulator.latency;
  en.wgUnit += weights * wg.accumulator.energy;
  // Global buffer: FW traffic again, and the gradient written to DRAM and read back (each read + write)
  const bits = ctx.inputBits;
  const gbFw = (g.rows * bits * g.positions) / (g.novel ? l.k : 1) + (l.outC * bits * g.positions) / ctx.poolAfter(l);
  const gradBits = weights * per.gradBits;
  const tilesOfLayer = g.place.tileRows * g.place.tileCols;
  lat.buffer =
    ((2 * gbFw) / per.globalBuffer.lineBits / per.globalParallel) * Math.ceil(ctx.tilesOnChip / tilesOfLayer) * per.globalBuffer.lineLatency +
    ((4 * gradBits) / per.globalBuffer.lineBits / per.globalParallel) * per.globalBuffer.lineLatency;
  en.buffer = (2 * gbFw + 4 * gradBits) * per.globalBuffer.bitEnergy;
  return { latency: lat, energy: en };
}
