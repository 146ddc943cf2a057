/**
 * Everything one design point's layers share, priced once: the tile and global buffers, the H-trees
 * and PE buses (lengths from the floorplan's areas), the write parallelism and global-buffer
 * parallelism of NeuroSim's ChipInitialize, and the weight-gradient (WG) unit's SRAM-CIM read and write.
 * All latencies and energies come from circuits.ts at the design's node and clock.
 */
import type { RunConfig } from '../config/schema';
import {
  adder,
  adderTree,
  dffBitEnergy,
  hTreePathLength,
  hTreeWireResistance,
  lineSwitch,
  registerBuffer,
  repeatedWire,
  shiftAdd,
  sramCell,
  type Access,
  type BufferPrice,
} from './circuits';
import type { Floorplan } from './floorplan';
import type { Technology } from './technology';

/** A repeated-wire path: latency of one bus-wide transfer and energy per bit. */
export interface PathPrice {
  readonly latency: number;
  readonly bitEnergy: number;
  /** Bits moved in parallel. */
  readonly width: number;
}

/** What the periphery is before it is placed: buffers, parallelism, widths, the WG unit. */
export interface PeripheryCore {
  readonly tileIn: BufferPrice;
  readonly tileOut: BufferPrice;
  /** Lines of the tile buffers accessed in parallel (their cores). */
  readonly tileInParallel: number;
  readonly tileOutParallel: number;
  readonly globalBuffer: BufferPrice;
  readonly globalParallel: number;
  /** PEs along one side of a conventional tile (NeuroSim sizes every tile's buffers and tree with it). */
  readonly pesPerSide: number;
  /** Sub-arrays along one side of a PE; conventional tile and PE sides (cells). */
  readonly subPerPeSide: number;
  readonly tileConv: number;
  readonly peConv: number;
  /** Adder trees of the global accumulation (one per ADC of the widest tile). */
  readonly globalAdderTrees: number;
  /** Accumulator width of the tile adder tree (log2 L + input bits + 1 + log2 sub-arrays per PE side). */
  readonly accBits: number;
  readonly dffBit: number;
  /** Sub-arrays written in parallel during the weight update (NeuroSim numArrayWriteParallel). */
  readonly writeParallel: number;
  /** Global-buffer bits: inputs of the largest layer plus the weight-gradient overhead. */
  readonly globalBufferBits: number;
  /** Weight-gradient word: log2(L_WG) + input bits + accumulation stages of the WG arrays. */
  readonly gradBits: number;
  readonly wg: WgUnit;
  readonly tiles: number;
  readonly globalBusWidth: number;
  /** Bits the tile H-tree carries in parallel (one input row per PE along a side). */
  readonly tileTreeWidth: number;
}

/** The placed periphery: the trees and buses, their lengths from the sides of the sub-arrays, PEs and tiles. */
export interface Placement {
  readonly tileTree: PathPrice;
  readonly globalTree: PathPrice;
  readonly peBus: PathPrice;
  /** Sides of a sub-array, PE and tile (m). */
  readonly subSide: number;
  readonly peSide: number;
  readonly tileSide: number;
}

export type Periphery = PeripheryCore & Placement;

/** The SRAM-CIM weight-gradient unit (NeuroSim WeightGradientUnit, parallel mode): 128 x 128 arrays at the logic node. */
export interface WgUnit {
  readonly arraysInRow: number;
  readonly arraysInCol: number;
  readonly rows: number;
  readonly cols: number;
  /** One read of one array (one output channel's gradient), without its ADC conversions. */
  readonly read: Access;
  /** Conversions per read per column group, and the column groups (one ADC each). */
  readonly conversions: number;
  readonly groups: number;
  /** Access transistor of the SRAM cell (sets the ADC's column resistance with the active rows). */
  readonly accessR: number;
  /** One SRAM write: latency of one row, energy of one cell flip. */
  readonly write: Access;
  readonly accumulator: Access;
}

export interface PeripheryInput {
  readonly cfg: RunConfig;
  readonly tech: Technology;
  readonly plan: Floorplan;
  readonly layerInputs: readonly { readonly inH: number; readonly inW: number; readonly inC: number; readonly positions: number }[];
  readonly cellsPerWeight: number;
  readonly adcBitsLog: number;
}

const cache = new Map<string, PeripheryCore>();

/** The periphery of a design (memoised on everything it depends on; bounded so long sweeps do not grow it). */
export function periphery(p: PeripheryInput): PeripheryCore {
  const c = p.cfg.circuit;
  const key = [
    p.tech.node, p.tech.roadmap, p.tech.temperature, c.clock, c.arrayRows, c.arrayCols, c.columnsPerAdc, c.inputBits, c.weightBits,
    c.wgAdcBits, p.cfg.training.batchSize, p.cfg.workload.network, p.cellsPerWeight, p.adcBitsLog, c.novelMapping,
  ].join('|');
  const hit = cache.get(key);
  if (hit) return hit;
  const v = buildPeriphery(p);
  if (cache.size > 4096) cache.clear();
  cache.set(key, v);
  return v;
}

function buildPeriphery(p: PeripheryInput): PeripheryCore {
  const { cfg, tech, plan } = p;
  const c = cfg.circuit;
  const clock = c.clock;
  const ar = c.arrayRows;
  const ac = c.arrayCols;
  const inBits = c.inputBits;
  const pesPerSide = Math.ceil(plan.tileConv / plan.peConv);
  // Tile input buffer: 32 x 32-bit cores, one per PE input port (NeuroSim tile buffers, register file).
  const coreBits = 1024;
  const inBitsTotal = pesPerSide * inBits * ar;
  const tileIn = inBitsTotal < coreBits ? registerBuffer(tech, inBitsTotal, pesPerSide * ar, clock) : registerBuffer(tech, coreBits, 32, clock);
  const treeWidth = pesPerSide * ar;
  const tileInParallel = Math.min(Math.max(1, Math.ceil(inBitsTotal / coreBits)), Math.ceil(treeWidth / tileIn.lineBits));
  const accBits = p.adcBitsLog + inBits + 1 + Math.ceil(Math.log2(Math.max(1, plan.peConv / ar)));
  const outTotal = (accBits * pesPerSide * ac) / c.columnsPerAdc;
  const tileOut = outTotal < coreBits ? registerBuffer(tech, outTotal, accBits * pesPerSide, clock) : registerBuffer(tech, coreBits, 32, clock);
  const tileOutParallel = outTotal < coreBits ? 1 : Math.min(Math.ceil(outTotal / coreBits), Math.ceil(treeWidth / tileOut.lineBits));
  // Global bus: every layer's tile ports, halved until at most 8,192 wires (NeuroSim ChipInitialize).
  let globalBusWidth = 0;
  for (const l of plan.layers) globalBusWidth += (l.novel ? plan.peNovel * Math.ceil(Math.sqrt(plan.pesPerNovelTile)) : plan.tileConv) * (1 + 1 / c.columnsPerAdc);
  while (globalBusWidth > 8192) globalBusWidth /= 2;
  // Weight-gradient unit, sized for the largest input feature map (positions x Cin x input bits).
  let maxIn = 0;
  let wgRows = 1;
  let wgCols = 1;
  for (const l of p.layerInputs) {
    const size = l.inH * l.inW * l.inC;
    if (size > maxIn) {
      maxIn = size;
      wgRows = l.positions;
      wgCols = l.inC * inBits;
    }
  }
  const wgArrays = 128;
  const arraysInRow = Math.max(1, Math.floor(wgRows / wgArrays));
  const arraysInCol = Math.max(1, Math.floor(wgCols / wgArrays));
  const gradBits = c.wgAdcBits + inBits + Math.ceil(Math.log2(Math.max(1, arraysInRow)));
  // Global buffer: the largest layer's inputs plus room for the gradient of at least one sub-array,
  // doubled until it matches the inputs; the write parallelism doubles with it (NeuroSim).
  const inputBitsMax = inBits * maxIn;
  let overhead = ar * ac * p.cellsPerWeight * (gradBits + Math.ceil(Math.log2(Math.max(2, cfg.training.batchSize))));
  let writeParallel = Math.max(1, Math.floor(overhead / (ar * ac * c.weightBits)));
  while (inputBitsMax + overhead < 2 * inputBitsMax) {
    overhead *= 2;
    writeParallel *= 2;
  }
  const globalBufferBits = inputBitsMax + overhead;
  const globalBuffer = registerBuffer(tech, 128 * 128, 128, clock);
  const globalParallel = Math.min(Math.ceil(globalBufferBits / (128 * 128)), Math.ceil(globalBusWidth / 128));
  const tiles = plan.tilesNovel + plan.tilesConv;
  const subPerPeSide = Math.ceil(plan.peConv / Math.max(ar, ac));
  // WG unit read (per array): switch matrix, bit-line discharge per input bit, the bit lines precharged
  // for every conversion, shift-add and the accumulation across arrays; the ADC part depends on the
  // layer's activity (phases.ts). Write: one cell flip per written cell, one row at a time.
  const sram = sramCell(tech, wgArrays);
  const conversions = c.columnsPerAdc * inBits;
  const sa = shiftAdd(tech, c.wgAdcBits + inBits + 1, clock);
  const tree = adderTree(tech, arraysInRow, c.wgAdcBits + inBits + 1);
  const sw = lineSwitch(tech, wgArrays * 20 * tech.featureSize * tech.cWire, wgArrays * 20 * tech.featureSize * tech.rWire) + 0.5 / clock;
  const groups = Math.ceil(wgArrays / c.columnsPerAdc);
  const read: Access = {
    latency: sw + sram.read * inBits + sa.latency + c.columnsPerAdc * tree.latency,
    energy: conversions * wgArrays * sram.bitLineCap * tech.vdd * tech.vdd + groups * inBits * sa.energy,
  };
  const write: Access = { latency: sram.write, energy: sram.cellCap * tech.vdd * tech.vdd * 2 };
  const accumulator = adder(tech, gradBits + Math.ceil(Math.log2(Math.max(2, cfg.training.batchSize))));
  return {
    tileIn,
    tileOut,
    tileInParallel,
    tileOutParallel,
    globalBuffer,
    globalParallel,
    pesPerSide,
    subPerPeSide,
    tileConv: plan.tileConv,
    peConv: plan.peConv,
    globalAdderTrees: Math.ceil(Math.max(plan.tileConv, Math.ceil(Math.sqrt(plan.pesPerNovelTile)) * plan.peNovel) / c.columnsPerAdc),
    accBits,
    dffBit: dffBitEnergy(tech),
    writeParallel,
    globalBufferBits,
    gradBits,
    wg: { arraysInRow, arraysInCol, rows: wgArrays, cols: wgArrays, read, conversions, groups, accessR: sram.accessR + tech.rWire * 8 * tech.featureSize * wgArrays, write, accumulator },
    tiles,
    globalBusWidth,
    tileTreeWidth: treeWidth,
  };
}

/**
 * Place the periphery: a sub-array's footprint (its share of the chip's logic and wires) sets the PE
 * side, PEs the tile side, tiles the chip; the tile tree spans the PEs, the global tree the tiles, the
 * PE bus the sub-arrays of a PE (NeuroSim sizes its trees with the PE and tile sides from their areas).
 */
export function place(core: PeripheryCore, tech: Technology, plan: Floorplan, arrayRows: number, footprint: number): Placement {
  const subSide = Math.sqrt(footprint);
  const peSide = subSide * core.subPerPeSide;
  const tileSide = peSide * Math.sqrt(Math.max(plan.pesPerNovelTile, core.pesPerSide * core.pesPerSide));
  const tileGrid = Math.ceil(Math.sqrt(core.tiles));
  const treeWire = repeatedWire(tech, 0.1, true, hTreeWireResistance(tech));
  const busWire = repeatedWire(tech, 0, false);
  const busLen = subSide * Math.max(1, core.subPerPeSide - 1);
  return {
    tileTree: {
      latency: hTreePathLength(core.pesPerSide, peSide) * treeWire.delayPerM,
      bitEnergy: hTreePathLength(core.pesPerSide, peSide, true) * treeWire.energyPerM,
      width: core.tileTreeWidth,
    },
    globalTree: {
      latency: hTreePathLength(tileGrid, tileSide) * treeWire.delayPerM,
      bitEnergy: hTreePathLength(tileGrid, tileSide, true) * treeWire.energyPerM,
      width: core.globalBusWidth,
    },
    peBus: { latency: busLen * busWire.delayPerM, bitEnergy: busLen * busWire.energyPerM, width: arrayRows },
    subSide,
    peSide,
    tileSide,
  };
}
