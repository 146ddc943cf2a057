/**
 * Analytical NeuroSim-style cost model of in-situ training. One call evaluates one design point for
 * one epoch: the floorplan (floorplan.ts), the shared periphery at the node (periphery.ts), then per
 * layer the FW, AG, WG passes of every image and the weight update of every batch (phases.ts, writes.ts),
 * summed into phases and components, plus area (area.ts) and leakage. Nothing global depends on the config.
 */
import type { RunConfig } from '../config/schema';
import { trainImagesPerEpoch } from '../config/workload';
import { NETWORKS, type LayerSpec } from '../networks';
import { interconnectArea, logicArea } from './area';
import { CALIBRATION as K } from './calibration';
import { costDevice, type CostDevice } from './cells';
import { lineSwitch, sramCell, type SramCell } from './circuits';
import { adc as adcPrice, DRAM, type AdcPrice } from './components';
import { floorplan, type Floorplan } from './floorplan';
import { periphery, place, type Periphery, type Placement } from './periphery';
import { gradientPhase, readPhase, zeroParts, type GradientContext, type LayerGeom, type Parts, type ReadContext } from './phases';
import { defaultTrainingStats } from './stats';
import { drainCap, gateCap, nmosOnResistance, technology, type Technology } from './technology';
import {
  COST_ESTIMATOR_ID,
  COMPONENTS,
  PHASES,
  type AreaComponent,
  type Component,
  type CostResult,
  type LayerCost,
  type PhaseValues,
  type TrainingStats,
} from './types';
import { writeEvent, type WriteCell } from './writes';

const zeroPhases = (): PhaseValues => ({ fw: 0, ag: 0, wg: 0, wu: 0, transfer: 0 });

/** Access resistance NeuroSim puts in series with every 1T1R cell of a column (Param.cpp resistanceAccess). */
const ACCESS_RESISTANCE_1T1R = 15e3;
/** IR-drop tolerance and linear-region ratio of the 1T1R access-transistor sizing (NeuroSim SubArray). */
const IR_DROP_TOLERANCE = 0.25;
const LINEAR_REGION_RATIO = 0.2;

const ASSUMPTIONS_BASE: readonly string[] = [
  'Estimator follows DNN+NeuroSim V2.1 / MLP+NeuroSim V3.0 conventions (docs/cost.md; comparison with NeuroSim in docs/cost-model-notes.md); SI units.',
  'Every latency and energy is priced at the configured node from the technology table and the circuit models (decoders, register files, repeated wires, adders, ADC fits, SRAM cells; docs/cost.md#technology); five dimensionless area and leakage constants were fitted once to the NeuroSim V2.1 VGG-8 default (docs/cost.md#calibration).',
  'Simulated work counts the unpadded windows of each convolution, as NeuroSim simulates them, while the operation count assumes "same" padding (NeuroSim quirk followed so per-layer values compare: about 12 % less work on 32 x 32 maps; docs/cost.md#neurosim-differences).',
  'AG senses the transposed array with the error activity (NeuroSim quirk fixed: it reuses the forward column resistance; equal at defaults; docs/cost.md#neurosim-differences).',
  'Write energy uses V_w = sqrt(V_LTP^2 + V_LTD^2) and ignores the access-transistor drop (NeuroSim quirk followed so WU compares).',
  'DRAM: per image the gradient of every weight (WG output precision) is written and read back; activations and errors count H x W x 8 bits per layer as NeuroSim counts them (one channel: the full maps would add about 2 % of the default point\'s energy; docs/cost.md#neurosim-differences).',
  'H-trees: NeuroSim\'s wire-resistance selection for tree delays always picks one row of its wire table (quirk followed); repeaters are sized at the node and relaxed to 110 % of the optimal delay (docs/cost.md#wires).',
  'Weight update of duplicated layers: write energy counts every copy; write latency counts the PEs of a fully duplicated conventional tile in turn and every other copy together (as NeuroSim\'s Tile and ProcessingUnit do).',
  'Weight update: row by row, row time = (max Up + max Down pulses) x pulse width + switch-matrix settling; sub-array write latencies add up, divided by the arrays written in parallel (NeuroSim numArrayWriteParallel); the changed weights also cross the tile buffer and H-tree (docs/cost.md#wu).',
  'MLSA latency fits apply at LSTP nodes >= 32 nm (NeuroSim per-node fits at 45-130 nm); 1 ns at HP or <= 22 nm. MLSA and SAR power fits are NeuroSim\'s per-node tables (docs/cost.md#adc).',
  'Leakage: tile leakage while idle in layer-by-layer mode (stage-imbalance idle in pipelined mode), included in TOPS/W (docs/cost.md#leakage).',
];

interface SchemeSetup {
  readonly read: CostDevice; // device whose conductance sets the column current
  readonly update: CostDevice; // device written every batch
  readonly transferDev?: CostDevice; // eNVM programmed at transfer
  readonly cellWidthF: number;
  readonly cellHeightF: number;
  readonly readsPerBit: number; // HPS: G+, G-, LSB
  readonly colsPerWeight: number;
  readonly hybrid: boolean;
  readonly sram: boolean;
}

function setupScheme(cfg: RunConfig): SchemeSetup | string {
  const s = cfg.synapse;
  const dev = costDevice(s.device);
  if (!dev) return `unknown device preset '${s.device.preset}'`;
  const c = cfg.circuit;
  const sram = dev.cell === 'sram-8t';
  // An SRAM cell holds one bit: a weight takes weightBits cells (NeuroSim forces cellBit = 1).
  const slices = Math.max(1, Math.ceil(c.weightBits / (sram ? 1 : c.cellBits)));
  const width = (preset: number) => c.cellWidth ?? preset;
  const height = (preset: number) => c.cellHeight ?? preset;
  switch (s.scheme) {
    case 'hps': {
      const lsb = costDevice(s.lsb);
      if (!lsb) return `unknown LSB device preset '${s.lsb.preset}'`;
      // The HPS cell (100F x 50F) holds the eNVM pair and the 3T1C LSB.
      return { read: dev, update: lsb, transferDev: dev, cellWidthF: width(100), cellHeightF: height(50), readsPerBit: 3, colsPerWeight: 1, hybrid: true, sram: false };
    }
    case 'fefet-2t1f':
      return { read: dev, update: dev, transferDev: dev, cellWidthF: width(dev.cellWidthF), cellHeightF: height(dev.cellHeightF), readsPerBit: 1, colsPerWeight: 1, hybrid: true, sram: false };
    default:
      return {
        read: dev,
        update: dev,
        cellWidthF: width(dev.cellWidthF),
        cellHeightF: height(dev.cellHeightF),
        readsPerBit: 1,
        // A digital SRAM word holds its sign: the mapping does not double it (the synapse trains one word too).
        colsPerWeight: slices * (s.mapping === 'differential' && !sram ? 2 : 1),
        hybrid: false,
        sram,
      };
  }
}

/**
 * Access transistor of a 1T1R / FeFET cell: sized so its on-resistance is IR_DROP_TOLERANCE x R_on within
 * the linear-region ratio; its width in F must fit the cell (NeuroSim aborts otherwise).
 */
function accessWidthF(tech: Technology, gMax: number): number {
  const rAccess = IR_DROP_TOLERANCE / gMax;
  return (nmosOnResistance(tech, tech.featureSize) * LINEAR_REGION_RATIO) / rAccess;
}

/** Output positions NeuroSim simulates: the unpadded windows ((H - K + 1) / stride)^2; 1 for a fully connected layer. */
function validPositions(l: LayerSpec): number {
  if (l.kind === 'fc') return 1;
  const side = Math.max(1, Math.floor((l.inH - l.k + 1) / l.stride));
  return side * Math.max(1, Math.floor((l.inW - l.k + 1) / l.stride));
}

/** MACs of the layer with its own padding (the operation count). */
function layerMacs(l: LayerSpec): number {
  const oh = Math.floor((l.inH + 2 * l.pad - l.k) / l.stride) + 1;
  const ow = Math.floor((l.inW + 2 * l.pad - l.k) / l.stride) + 1;
  return oh * ow * l.inC * l.k * l.k * l.outC;
}

export function evaluateCost(cfg: RunConfig, stats?: TrainingStats): CostResult {
  const c = cfg.circuit;
  const net = NETWORKS[cfg.workload.network];
  const tech = technology(c.node, c.roadmap, c.temperature);
  const setup = setupScheme(cfg);
  if (typeof setup === 'string') return { ok: false, reason: setup, estimator: COST_ESTIMATOR_ID };
  const st = stats ?? defaultTrainingStats(cfg);
  const nL = net.layers.length;
  if (st.inputActivity.length < nL || st.update.length < nL) {
    return { ok: false, reason: `training statistics cover ${st.inputActivity.length} layers, network has ${nL}`, estimator: COST_ESTIMATOR_ID };
  }
  const accessF = accessTransistorF(cfg, setup, tech);
  if (typeof accessF === 'string') return { ok: false, reason: accessF, estimator: COST_ESTIMATOR_ID };

  const plan = floorplan(net.layers, setup.colsPerWeight, c.arrayRows, c.arrayCols, c.novelMapping);
  const geoms = layerGeometry(net.layers, plan, setup.colsPerWeight, c.arrayRows, c.arrayCols);
  const arr = arrayElectrics(cfg, setup, tech, st, accessF);
  const chip = layOut(cfg, tech, plan, geoms, setup.colsPerWeight, arr);
  const epoch = epochSize(cfg);
  const sums = priceLayers(cfg, setup, st, geoms, contexts(cfg, setup, tech, arr, chip.per), arr, chip.per, epoch);
  const { E, L, EC, LC } = sums;

  // Pipelined: FW / AG stage time = slowest layer; WG and WU stay sequential.
  if (c.pipeline === 'pipelined') {
    L.fw = Math.max(...sums.fwPerImage) * (epoch.images + nL - 1);
    L.ag = Math.max(...sums.agPerImage.slice(1), 0) * (epoch.images + nL - 2);
  }

  const byComponent = chip.area;
  const areaTotal = Object.values(byComponent).reduce((s, v) => s + v, 0);
  const latTotal = L.fw + L.ag + L.wg + L.wu + L.transfer;
  const { power: leakagePower, energy: leakE } = leakage(cfg, tech, plan, geoms, areaTotal - byComponent.array, sums.busy, latTotal);
  EC.other += leakE;
  // Components other than writes sum to FW + AG + WG; pipelining shortens FW / AG by overlap.
  const overlap = LC.adc + LC.accumulation + LC.array + LC.buffer + LC.interconnect + LC.dram + LC.wgUnit - (L.fw + L.ag + L.wg);
  LC.other -= overlap;

  const dynamic = E.fw + E.ag + E.wg + E.wu + E.transfer;
  const total = dynamic + leakE;
  let macs = 0;
  for (const l of net.layers) macs += layerMacs(l);
  const macs1 = net.layers[0] ? layerMacs(net.layers[0]) : 0;
  const opsPerEpoch = 2 * (3 * macs - macs1) * epoch.images;
  const { images, iterations, batch } = epoch;

  return {
    ok: true,
    estimator: COST_ESTIMATOR_ID,
    units: { energy: 'J', latency: 's', area: 'm^2', power: 'W', throughput: 'op/s' },
    area: { total: areaTotal, byComponent },
    energy: { ...E, leakage: leakE, dynamic, total },
    latency: { ...L, total: latTotal },
    energyByComponent: EC,
    latencyByComponent: LC,
    perImage: { energy: total / images, latency: latTotal / images },
    perBatch: { energy: (total / images) * batch, latency: (latTotal / images) * batch },
    leakagePower,
    writePulses: { envm: sums.envmPulses, lsb: sums.lsbPulses },
    opsPerEpoch,
    topsPerWatt: opsPerEpoch / total / 1e12,
    tops: opsPerEpoch / latTotal / 1e12,
    peakTopsPerWatt: opsPerEpoch / sums.peakEnergy / 1e12,
    peakTops: opsPerEpoch / sums.peakLatency / 1e12,
    imagesPerEpoch: images,
    iterationsPerEpoch: iterations,
    layers: sums.layers,
    mapping: { subArrays: plan.subArrays, tiles: chip.per.tiles, utilization: plan.utilization, writeParallelism: chip.per.writeParallel, cellsPerWeight: setup.colsPerWeight },
    statsSource: st.source,
    assumptions: [...ASSUMPTIONS_BASE, ...st.assumptions, ...designAssumptions(cfg, setup, st)],
    warnings: warningsFor(setup, plan, sums),
  };
}

/**
 * Width of the access transistor in F (1.31F, the SRAM access device, for cells without one), or why the
 * design cannot be built: a 1T1R / FeFET access transistor wider than the cell, naming the width that fits.
 */
function accessTransistorF(cfg: RunConfig, setup: SchemeSetup, tech: Technology): number | string {
  const c = cfg.circuit;
  const readDev = setup.read.params;
  const cellKind = setup.read.cell;
  const needsAccess = (!setup.hybrid || cfg.synapse.scheme === 'fefet-2t1f') && (cellKind === 'rram-1t1r' || cellKind === 'pcm-1t1r' || cellKind === 'fefet');
  if (!needsAccess) return 1.31;
  const accessF = accessWidthF(tech, readDev.gMax);
  if (accessF <= setup.cellWidthF) return accessF;
  const need = Math.ceil(accessF * 10) / 10;
  return (
    `access transistor wider than the cell: it needs ${accessF.toFixed(2)}F at ${c.node} nm ${c.roadmap} for R_access = ${IR_DROP_TOLERANCE} R_on = ${((IR_DROP_TOLERANCE / readDev.gMax) / 1e3).toFixed(2)} kOhm, ` +
    `the cell is ${setup.cellWidthF}F wide; set circuit.cellWidth to at least ${need} (F)`
  );
}

/** Each layer's matrix as the floorplan maps it: slices, row and column blocks, positions, copies. */
function layerGeometry(layers: readonly LayerSpec[], plan: Floorplan, cpw: number, ar: number, ac: number): LayerGeom[] {
  return layers.map((l, i) => {
    const place = plan.layers[i]!;
    const novel = place.novel;
    const rows = l.inC * l.k * l.k;
    const rowsSlice = novel ? l.inC : rows;
    const cols = l.outC * cpw;
    const peRows = novel ? Math.min(l.inC, plan.peNovel) : Math.min(rows, plan.peConv);
    return {
      spec: l,
      place,
      novel,
      k2: novel ? l.k * l.k : 1,
      rowsSlice,
      rows,
      cols,
      rb: Math.ceil(rowsSlice / ar),
      cb: Math.ceil(cols / ac),
      positions: validPositions(l),
      weights: rows * l.outC,
      copies: place.dupRows * place.dupCols,
      peRows,
      rbPe: Math.ceil(peRows / ar),
    };
  });
}

/** The sub-array's cell, lines and column ADC at the node. */
interface ArrayElectrics {
  readonly cellW: number;
  readonly cellH: number;
  readonly sram: SramCell;
  readonly cWordLine: number;
  readonly cBitLine: number;
  readonly cRowWire: number;
  readonly rRowWire: number;
  readonly gMean: number;
  /** Conductance of one active cell with its series resistance (sets the ADC's column resistance). */
  readonly gActive: number;
  readonly tColumn: number;
  readonly adcBitsLog: number;
  readonly adc: AdcPrice;
  readonly adcsPerSubArray: number;
  readonly shiftAddBits: number;
}

function arrayElectrics(cfg: RunConfig, setup: SchemeSetup, tech: Technology, st: TrainingStats, accessF: number): ArrayElectrics {
  const c = cfg.circuit;
  const ar = c.arrayRows;
  const ac = c.arrayCols;
  const readDev = setup.read.params;
  const cellKind = setup.read.cell;
  const Fa = setup.sram ? tech.featureSize : tech.wireWidth; // SRAM cells sit at the logic node
  const cellW = setup.cellWidthF * Fa;
  const cellH = setup.cellHeightF * Fa;
  const sram = sramCell(tech, ar);
  const accessWidth = accessF * tech.featureSize;
  const cRowWire = tech.cWire * cellW * ac;
  const cBitLine = tech.cWire * cellH * ar + ar * drainCap(tech, accessWidth, false);
  const rSeries = setup.sram ? sram.accessR + tech.rWire * cellH * ar : cellKind === 'fefet' || cellKind === 'fefet-2t1f' ? 0 : ACCESS_RESISTANCE_1T1R;
  const gMean = readDev.gMin + st.conductanceFraction * (readDev.gMax - readDev.gMin);
  const gActive = setup.sram ? 1 / rSeries : 1 / (1 / Math.max(1e-30, gMean) + rSeries);
  const rAvg = 0.5 * (1 / Math.max(1e-30, readDev.gMax) + 1 / Math.max(1e-30, readDev.gMin || readDev.gMax / 100)) + rSeries;
  const rowByRow = c.readMode === 'row-by-row';
  const adcBitsLog = rowByRow ? 1 : c.adcBits;
  return {
    cellW,
    cellH,
    sram,
    cWordLine: cRowWire + ac * gateCap(tech, accessWidth),
    cBitLine,
    cRowWire,
    rRowWire: tech.rWire * cellW * ac,
    gMean,
    gActive,
    tColumn: setup.sram ? sram.read : (((cBitLine * rAvg) / (ar / 2)) * 0.2 * c.columnsPerAdc) / c.inputBits,
    adcBitsLog,
    adc: adcPrice(rowByRow ? 'mlsa' : c.adcType, tech, adcBitsLog, 1 / (0.15 * ar * gActive)),
    adcsPerSubArray: rowByRow ? ac + ar : Math.ceil(ac / c.columnsPerAdc) + Math.ceil(ar / c.columnsPerAdc),
    shiftAddBits: adcBitsLog + c.inputBits + setup.colsPerWeight + 1,
  };
}

/**
 * The chip laid out: its logic area, then the periphery placed by a sub-array's footprint (its share of
 * the chip's logic beside the WG unit, then of the trees laid over that logic: one refinement, the trees
 * being a small share of the footprint), and the trees' area.
 */
function layOut(cfg: RunConfig, tech: Technology, plan: Floorplan, geoms: readonly LayerGeom[], cpw: number, arr: ArrayElectrics): { per: Periphery; area: Record<AreaComponent, number> } {
  const c = cfg.circuit;
  const core = periphery({
    cfg,
    tech,
    plan,
    layerInputs: geoms.map((g) => ({ inH: g.spec.inH, inW: g.spec.inW, inC: g.spec.inC, positions: g.positions })),
    cellsPerWeight: cpw,
    adcBitsLog: arr.adcBitsLog,
  });
  const wg = core.wg;
  const pesPerTile = Math.max(plan.pesPerNovelTile, core.pesPerSide * core.pesPerSide);
  const logic = logicArea({
    tech,
    subArrays: plan.subArrays,
    arrayRows: c.arrayRows,
    arrayCols: c.arrayCols,
    cellArea: arr.cellW * arr.cellH,
    adcsPerSubArray: arr.adcsPerSubArray,
    adcArea: arr.adc.area,
    shiftAddBits: arr.shiftAddBits,
    inputBits: c.inputBits,
    tiles: core.tiles,
    pesPerTile,
    globalBufferBits: core.globalBufferBits,
    wgArrays: wg.arraysInRow * wg.arraysInCol,
    wgAdcArea: adcPrice(c.adcType, tech, c.wgAdcBits, wg.accessR / 20).area,
    wgAdcs: wg.groups,
    gradientAdders: core.writeParallel * c.arrayRows * c.arrayCols,
    gradientBits: core.gradBits + Math.ceil(Math.log2(Math.max(2, cfg.training.batchSize))),
  });
  const wires = (pl: Placement) =>
    interconnectArea({ tech, tiles: core.tiles, pesPerTile, globalBusWidth: core.globalBusWidth, tileBusWidth: core.tileTreeWidth, tileSide: pl.tileSide, peSide: pl.peSide, tileGrid: Math.ceil(Math.sqrt(core.tiles)) });
  const logicFootprint = (logic.array + logic.adc + logic.accumulation + logic.other) / plan.subArrays;
  const placement = place(core, tech, plan, c.arrayRows, logicFootprint + wires(place(core, tech, plan, c.arrayRows, logicFootprint)) / plan.subArrays);
  return { per: { ...core, ...placement }, area: { ...logic, interconnect: wires(placement) } };
}

interface Contexts {
  readonly read: ReadContext;
  readonly gradient: GradientContext;
  readonly write: WriteCell;
}

function contexts(cfg: RunConfig, setup: SchemeSetup, tech: Technology, arr: ArrayElectrics, per: Periphery): Contexts {
  const c = cfg.circuit;
  const poolAfter = (l: LayerSpec) => l.pool * l.pool;
  return {
    read: {
      tech,
      per,
      adcType: c.adcType,
      adcBits: c.adcBits,
      columnsPerAdc: c.columnsPerAdc,
      arrayRows: c.arrayRows,
      arrayCols: c.arrayCols,
      clock: c.clock,
      cellsPerWeight: setup.colsPerWeight,
      gActive: arr.gActive,
      reads: setup.readsPerBit,
      readVoltage: c.readVoltage,
      cWordLine: arr.cWordLine,
      cBitLine: arr.cBitLine,
      tSwitch: lineSwitch(tech, arr.cWordLine, arr.rRowWire) + 0.5 / c.clock,
      tColumn: arr.tColumn,
      rowByRow: c.readMode === 'row-by-row',
      tilesOnChip: per.tiles,
      poolAfter,
    },
    gradient: {
      tech,
      per,
      adcType: c.adcType,
      wgAdcBits: c.wgAdcBits,
      inputBits: c.inputBits,
      columnsPerAdc: c.columnsPerAdc,
      tilesOnChip: per.tiles,
      weightsPerAdder: Math.max(1, per.writeParallel * c.arrayRows * c.arrayCols),
      poolAfter,
    },
    write: {
      tech,
      per,
      cWordLine: arr.cWordLine,
      cBitLine: arr.cBitLine,
      cRowWire: arr.cRowWire,
      tSwitchWrite: lineSwitch(tech, arr.cBitLine, tech.rWire * arr.cellH * c.arrayRows) * 2,
      gMean: arr.gMean,
      cellArea: arr.cellW * arr.cellH,
      sram: setup.sram ? arr.sram : undefined,
      clock: c.clock,
      arrayRows: c.arrayRows,
      arrayCols: c.arrayCols,
    },
  };
}

interface EpochSize {
  readonly batch: number;
  readonly iterations: number;
  readonly images: number;
}

/** Whole batches covering the requested images of an epoch. */
function epochSize(cfg: RunConfig): EpochSize {
  const batch = cfg.training.batchSize;
  const iterations = Math.max(1, Math.ceil(trainImagesPerEpoch(cfg) / batch));
  return { batch, iterations, images: iterations * batch };
}

/** One epoch summed over the layers: by phase, by component, per layer, the peak scope and the pulses. */
interface LayerSums {
  readonly E: PhaseValues;
  readonly L: PhaseValues;
  readonly EC: Parts;
  readonly LC: Parts;
  readonly layers: LayerCost[];
  /** FW + AG + WG time of each layer in the epoch, and its FW and AG time per image. */
  readonly busy: number[];
  readonly fwPerImage: number[];
  readonly agPerImage: number[];
  peakEnergy: number;
  peakLatency: number;
  envmPulses: number;
  lsbPulses: number;
}

/** The components NeuroSim's peak figures count (its peak also counts PE-level registers). */
const PEAK_PARTS: readonly Component[] = ['adc', 'accumulation', 'array', 'wgUnit'];

function priceLayers(cfg: RunConfig, setup: SchemeSetup, st: TrainingStats, geoms: readonly LayerGeom[], ctx: Contexts, arr: ArrayElectrics, per: Periphery, epoch: EpochSize): LayerSums {
  const c = cfg.circuit;
  const dram = DRAM[c.dram];
  const { images, iterations } = epoch;
  const errBits = cfg.training.quant.errorBits ?? 8;
  const sums: LayerSums = { E: zeroPhases(), L: zeroPhases(), EC: zeroParts(), LC: zeroParts(), layers: [], busy: [], fwPerImage: [], agPerImage: [], peakEnergy: 0, peakLatency: 0, envmPulses: 0, lsbPulses: 0 };
  const { E, L, EC, LC } = sums;
  const sum = (p: Parts) => COMPONENTS.reduce((s, k) => s + p[k], 0);
  geoms.forEach((g, i) => {
    const l = g.spec;
    const a = st.inputActivity[i]!;
    const fw = readPhase(g, ctx.read, c.inputBits, a, false);
    const ag = i > 0 ? readPhase(g, ctx.read, errBits, st.errorActivity[i] ?? a, true) : { latency: zeroParts(), energy: zeroParts() };
    const wg = gradientPhase(g, ctx.gradient, a);
    // DRAM: FW writes the activations, AG the errors, WG reads both back (NeuroSim counts H x W x 8 bits
    // each way in every phase) and writes and reads the per-image gradient.
    const actBits = l.inH * l.inW * c.inputBits;
    fw.latency.dram = (2 * actBits) / dram.bandwidth;
    fw.energy.dram = 2 * actBits * dram.energyPerBit;
    if (i > 0) {
      ag.latency.dram = fw.latency.dram;
      ag.energy.dram = fw.energy.dram;
    }
    const wgDramBits = 2 * actBits + 2 * g.weights * per.gradBits;
    wg.latency.dram = wgDramBits / dram.bandwidth;
    wg.energy.dram = wgDramBits * dram.energyPerBit;
    // Weight update once per batch; HPS transfer per transfer event.
    const wu = writeEvent(g, st.update[i]!, setup.update, 'update', cfg, ctx.write);
    let tr = { energy: 0, latency: 0, pulses: 0 };
    const trStats = st.transfer[i];
    if (setup.hybrid && setup.transferDev && trStats) {
      const programmed = writeEvent(g, trStats, setup.transferDev, 'transfer', cfg, ctx.write);
      // Read the LSB array row by row (numRows x read latency) before programming.
      const readsPerCell = 1 + st.verifyReadsPerCell;
      const eRead = (g.copies * g.weights * readsPerCell * arr.adc.energy) / c.columnsPerAdc;
      const lRead = (g.rowsSlice * g.k2 * g.cb * readsPerCell * (c.readPulse + c.columnsPerAdc * arr.adc.latency)) / per.writeParallel;
      tr = { energy: programmed.energy + eRead, latency: programmed.latency + lRead, pulses: programmed.pulses };
    }
    const fwL = sum(fw.latency);
    const agL = sum(ag.latency);
    const wgL = sum(wg.latency);
    const nTransfers = st.transfersPerImage * images;
    const energy = { fw: sum(fw.energy) * images, ag: sum(ag.energy) * images, wg: sum(wg.energy) * images, wu: wu.energy * iterations, transfer: tr.energy * nTransfers };
    const latency = { fw: fwL * images, ag: agL * images, wg: wgL * images, wu: wu.latency * iterations, transfer: tr.latency * nTransfers };
    if (setup.hybrid) {
      sums.lsbPulses += wu.pulses * iterations;
      sums.envmPulses += tr.pulses * nTransfers;
    } else {
      sums.envmPulses += wu.pulses * iterations + tr.pulses * nTransfers;
    }
    for (const ph of PHASES) {
      E[ph] += energy[ph];
      L[ph] += latency[ph];
    }
    sums.fwPerImage.push(fwL);
    sums.agPerImage.push(agL);
    sums.busy.push((fwL + agL + wgL) * images);
    for (const k of COMPONENTS) {
      EC[k] += (fw.energy[k] + ag.energy[k] + wg.energy[k]) * images;
      LC[k] += (fw.latency[k] + ag.latency[k] + wg.latency[k]) * images;
    }
    EC.write += energy.wu + energy.transfer;
    LC.write += latency.wu + latency.transfer;
    for (const k of PEAK_PARTS) {
      sums.peakEnergy += (fw.energy[k] + ag.energy[k] + wg.energy[k]) * images;
      sums.peakLatency += (fw.latency[k] + ag.latency[k] + wg.latency[k]) * images;
    }
    sums.peakEnergy += energy.wu + energy.transfer;
    sums.peakLatency += latency.wu + latency.transfer;
    sums.layers.push({ name: l.name, energy, latency, tiles: g.place.tileRows * g.place.tileCols, duplication: g.copies, subArrays: g.place.subArrays });
  });
  return sums;
}

/**
 * Leakage: a fraction of the logic's minimum devices leaks in every tile while it idles: in layer-by-layer
 * mode the tiles of the other layers while a layer runs, in pipelined mode each layer's stage imbalance.
 */
function leakage(cfg: RunConfig, tech: Technology, plan: Floorplan, geoms: readonly LayerGeom[], nonArrayArea: number, busy: readonly number[], busyTotal: number): { power: number; energy: number } {
  const power = (nonArrayArea / tech.aDevice) * K.leakageDeviceFraction * tech.wMinN * tech.ioffN * tech.vdd;
  let energy = 0;
  geoms.forEach((g, i) => {
    const share = g.place.subArrays / plan.subArrays;
    if (cfg.circuit.pipeline === 'pipelined') energy += power * share * Math.max(0, busyTotal - busy[i]!);
    else energy += power * (1 - share) * busy[i]!;
  });
  return { power, energy };
}

/** What this design adds to the assumptions every result states. */
function designAssumptions(cfg: RunConfig, setup: SchemeSetup, st: TrainingStats): string[] {
  const c = cfg.circuit;
  const out: string[] = [];
  if (setup.hybrid) {
    out.push(
      cfg.synapse.scheme === 'hps'
        ? `HPS: every batch writes only the 3T1C LSB (${(setup.update.params.pulseWidthLtp * 1e9).toFixed(2)} ns pulses); eNVM pair programmed row by row at transfers (${st.transfersPerImage > 0 ? (1 / st.transfersPerImage).toFixed(0) : 'no'} images apart); three reads per synapse and input bit (G+, G-, LSB).`
        : '2T-1FeFET: every batch charges the FeFET gate (1 V, 1 ns); polarisation programmed (erase + program, 3 us) at transfers.',
    );
  }
  if (setup.sram) out.push(`8T SRAM: one bit per cell, ${setup.colsPerWeight} cells per weight side by side; read through the cell's access and pull-down transistors, written by flipping the cell (no pulses).`);
  if (c.cellWidth !== undefined || c.cellHeight !== undefined) out.push(`Cell footprint set by the configuration: ${setup.cellWidthF}F x ${setup.cellHeightF}F.`);
  return out;
}

function warningsFor(setup: SchemeSetup, plan: Floorplan, sums: LayerSums): string[] {
  const out: string[] = [];
  if (sums.envmPulses === 0 && sums.lsbPulses === 0 && setup.update.cell !== 'ideal' && !setup.sram) out.push('no programming pulses in the statistics: WU cost is zero');
  if (plan.utilization < 0.3) out.push(`low memory utilisation ${(plan.utilization * 100).toFixed(1)} %`);
  return out;
}

/**
 * Hardware time per training batch, s: (FW + AG + WG) for batchSize images plus the batch's weight
 * update. The training engine uses it for capacitor leakage between updates. Falls back to the
 * config's explicit `training.hardwareSecondsPerBatch` when set; NaN for a design that cannot be built.
 */
export function hardwareSecondsPerBatch(cfg: RunConfig, stats?: TrainingStats): number {
  if (cfg.training.hardwareSecondsPerBatch !== null) return cfg.training.hardwareSecondsPerBatch;
  const r = evaluateCost(cfg, stats);
  if (!r.ok) return Number.NaN;
  return ((r.latency.fw + r.latency.ag + r.latency.wg + r.latency.wu) / r.imagesPerEpoch) * cfg.training.batchSize;
}

