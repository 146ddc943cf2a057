/**
 * Chip area (docs/cost.md#hierarchy): sub-array cells and ADCs counted device by device as NeuroSim
 * lays them out; accumulation, other logic and the WG unit counted in adder, register and SRAM bits with
 * NeuroSim's standard-cell widths; H-trees from their bus widths, repeater cells and lengths.
 */
import { CALIBRATION as K } from './calibration';
import { LAYOUT, type Technology } from './technology';
import type { AreaComponent } from './types';

/** Everything of the chip but its H-trees: what sets the sub-array, PE and tile sides. */
export interface LogicAreaInput {
  readonly tech: Technology;
  readonly subArrays: number;
  readonly arrayRows: number;
  readonly arrayCols: number;
  /** Cell footprint, m^2. */
  readonly cellArea: number;
  /** ADCs per sub-array (FW columns + AG rows) and the area of one, m^2. */
  readonly adcsPerSubArray: number;
  readonly adcArea: number;
  /** Shift-add width of one ADC's accumulator, bits. */
  readonly shiftAddBits: number;
  readonly inputBits: number;
  readonly tiles: number;
  readonly pesPerTile: number;
  readonly globalBufferBits: number;
  readonly wgArrays: number;
  readonly wgAdcArea: number;
  readonly wgAdcs: number;
  readonly gradientAdders: number;
  readonly gradientBits: number;
}

/** The H-trees: global over the tile grid, one per tile over its PEs. */
export interface WireAreaInput {
  readonly tech: Technology;
  readonly tiles: number;
  readonly pesPerTile: number;
  readonly globalBusWidth: number;
  readonly tileBusWidth: number;
  readonly tileSide: number;
  readonly peSide: number;
  readonly tileGrid: number;
}

/** Area of one full-adder bit (9 NAND2 of 3 gate pitches) and one register bit (12 minimum cells), m^2. */
export function adderBitArea(t: Technology): number {
  return 9 * 3 * LAYOUT.polyPitch * t.featureSize * t.cellHeight;
}
export function registerBitArea(t: Technology): number {
  return 12 * 2 * LAYOUT.polyPitch * t.featureSize * t.cellHeight;
}

/**
 * Area of an H-tree over a grid of `grid` x `grid` units of side `side` carrying `bus` wires, folded
 * `fold` times (NeuroSim HTree::CalculateArea): each inner stage adds a track of repeater cells (wide
 * vertically, one cell high horizontally) over half its length; the main bus runs to the nearest edge.
 */
function hTreeArea(t: Technology, bus: number, grid: number, side: number, fold: number): number {
  const repWidth = 10 * LAYOUT.polyPitch * t.featureSize; // a relaxed repeater, folded into the cell height
  const half = Math.ceil(Math.log2(Math.max(1, grid)));
  let len = side * 2 ** half * 0.5;
  let wV = 0;
  let wH = 0;
  let area = 0;
  for (let i = 1; i < half; i++) {
    len /= 2;
    wV += (bus * repWidth) / fold;
    wH += (bus * t.cellHeight) / fold;
    area += ((wV + wH) * len) / 2;
  }
  const centre = Math.floor(Math.log2(Math.max(1, grid)));
  return area + ((bus * t.cellHeight) / fold) * Math.max(0, Math.min(grid - centre, centre)) * side;
}

/** Switch matrices of one sub-array: a TG pair and a DFF per line, on both axes, both directions. */
function switchArea(t: Technology, rows: number, cols: number): number {
  return 2 * (rows + cols) * (registerBitArea(t) + 4 * t.aDevice);
}

export function logicArea(a: LogicAreaInput): Record<Exclude<AreaComponent, 'interconnect'>, number> {
  const t = a.tech;
  const adderBit = adderBitArea(t);
  const regBit = registerBitArea(t);
  const array = a.subArrays * a.arrayRows * a.arrayCols * a.cellArea;
  const adc = a.subArrays * a.adcsPerSubArray * a.adcArea * K.adcArea;
  // One shift-add register and adder per ADC; adder trees across sub-arrays, PEs and tiles on top.
  const accumulation = a.subArrays * a.adcsPerSubArray * a.shiftAddBits * (adderBit + regBit) * K.accumulationArea;
  // Switch matrices, PE and tile registers, the global buffer; decoders, muxes, activation and pooling on top.
  const switches = a.subArrays * switchArea(t, a.arrayRows, a.arrayCols);
  const peRegisters = a.tiles * a.pesPerTile * a.inputBits * a.arrayRows * regBit;
  const buffers = (a.globalBufferBits + a.tiles * 2 * 1024) * regBit;
  const other = (switches + peRegisters + buffers) * K.otherArea;
  const wgUnit =
    (a.wgArrays * (128 * 128 * 160 * t.featureSize * t.featureSize + a.wgAdcs * a.wgAdcArea * K.adcArea) + a.gradientAdders * a.gradientBits * adderBit) * K.wgArea;
  return { array, adc, accumulation, wgUnit, other };
}

export function interconnectArea(a: WireAreaInput): number {
  const t = a.tech;
  return hTreeArea(t, a.globalBusWidth, a.tileGrid, a.tileSide, 4) + a.tiles * hTreeArea(t, a.tileBusWidth, Math.sqrt(a.pesPerTile), a.peSide, 16);
}
