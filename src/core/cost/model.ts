/**
 * Analytical NeuroSim-style cost model of in-situ training. One call evaluates one design point for
 * one epoch: the floorplan (floorplan.ts), the shared periphery at the node (periphery.ts), then per
 * layer the FW, AG, WG passes of every image and the weight update of every batch (phases.ts, writes.ts),
 * summed into phases and components, plus area (area.ts) and leakage. Nothing global depends on the config.
 */
import type { RunConfig } from '../config/schema';
import { NETWORKS, type LayerSpec } from '../networks';
import { interconnectArea, logicArea } from './area';
import { CALIBRATION as K } from './calibration';
import { costDevice, type CostDevice } from './cells';
import { lineSwitch, sramCell } from './circuits';
import { adc as adcPrice, DRAM } from './components';
import { floorplan } from './floorplan';
import { periphery, place, type Periphery, type Placement } from './periphery';
import { gradientPhase, readPhase, zeroParts, type LayerGeom, type Parts, type ReadContext } from './phases';
import { defaultTrainingStats } from './stats';
import { drainCap, gateCap, nmosOnResistance, technology, type Technology } from './technology';
import {
  COST_ESTIMATOR_ID,
  COMPONENTS,
  type AreaComponent,
  type Component,
  type CostResult,
  type LayerCost,
  type PhaseValues,
  type TrainingStats,
} from './types';
import { writeEvent, type WriteCell } from './writes';

/** Default training images per epoch when the config does not say. */
export function defaultImagesPerEpoch(network: RunConfig['workload']['network']): number {
  switch (network) {
    case 'mlp-400-100-10':
      return 8000; // MLP+NeuroSim V3.0
    case 'vgg8':
      return 50000; // CIFAR-10
    default:
      return 60000; // MNIST / Fashion-MNIST
  }
}

const zeroPhases = (): PhaseValues => ({ fw: 0, ag: 0, wg: 0, wu: 0, transfer: 0 });

/** Access resistance NeuroSim puts in series with every 1T1R cell of a column (Param.cpp resistanceAccess). */
const ACCESS_RESISTANCE_1T1R = 15e3;
/** IR-drop tolerance and linear-region ratio of the 1T1R access-transistor sizing (NeuroSim SubArray). */
const IR_DROP_TOLERANCE = 0.25;
const LINEAR_REGION_RATIO = 0.2;

const ASSUMPTIONS_BASE: readonly string[] = [
  'Estimator follows DNN+NeuroSim V2.1 / MLP+NeuroSim V3.0 conventions (docs/cost-model-notes.md); SI units.',
  'Every latency and energy is priced at the configured node from the technology table and the circuit models (decoders, register files, repeated wires, adders, ADC fits, SRAM cells); four dimensionless constants fitted once to the NeuroSim V2.1 VGG-8 default scale counted areas and leaking devices.',
  'Simulated work counts the unpadded windows of each convolution, as NeuroSim simulates them, while the operation count assumes "same" padding (NeuroSim quirk followed so per-layer values compare: about 12 % less work on 32 x 32 maps).',
  'AG senses the transposed array with the error activity (NeuroSim reuses the forward column resistance; equal at defaults).',
  'Write energy uses V_w = sqrt(V_LTP^2 + V_LTD^2) and ignores the access-transistor drop (NeuroSim quirk followed so WU compares).',
  'DRAM: per image the gradient of every weight (WG output precision) is written and read back; activations and errors count H x W x 8 bits per layer as NeuroSim counts them (one channel: the full maps would add about 2 % of the default point\'s energy).',
  'H-trees: NeuroSim\'s wire-resistance selection for tree delays always picks one row of its wire table (quirk followed); repeaters are sized at the node and relaxed to 110 % of the optimal delay.',
  'Duplicated copies of a layer are programmed concurrently: write energy counts every copy, write latency one (as NeuroSim\'s per-layer write latency scales).',
  'Weight update: row by row, row time = (max Up + max Down pulses) x pulse width + switch-matrix settling; sub-array write latencies add up, divided by the arrays written in parallel (NeuroSim numArrayWriteParallel); the changed weights also cross the tile buffer and H-tree.',
  'MLSA latency fits apply at LSTP nodes >= 32 nm (NeuroSim per-node fits at 45-130 nm); 1 ns at HP or <= 22 nm. MLSA and SAR power fits are NeuroSim\'s per-node tables.',
  'Leakage: tile leakage while idle in layer-by-layer mode (stage-imbalance idle in pipelined mode), included in TOPS/W.',
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
        colsPerWeight: slices * (s.mapping === 'differential' ? 2 : 1),
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
  const warnings: string[] = [];
  const assumptions: string[] = [...ASSUMPTIONS_BASE, ...st.assumptions];

  // --- Feasibility: the access transistor of 1T1R / FeFET cells must fit the cell ------------------
  const readDev = setup.read.params;
  const cellKind = setup.read.cell;
  const needsAccess = (!setup.hybrid || cfg.synapse.scheme === 'fefet-2t1f') && (cellKind === 'rram-1t1r' || cellKind === 'pcm-1t1r' || cellKind === 'fefet');
  const accessF = needsAccess ? accessWidthF(tech, readDev.gMax) : 1.31;
  if (needsAccess && accessF > setup.cellWidthF) {
    const need = Math.ceil(accessF * 10) / 10;
    return {
      ok: false,
      reason:
        `access transistor wider than the cell: it needs ${accessF.toFixed(2)}F at ${c.node} nm ${c.roadmap} for R_access = ${IR_DROP_TOLERANCE} R_on = ${((IR_DROP_TOLERANCE / readDev.gMax) / 1e3).toFixed(2)} kOhm, ` +
        `the cell is ${setup.cellWidthF}F wide; set circuit.cellWidth to at least ${need} (F)`,
      estimator: COST_ESTIMATOR_ID,
    };
  }

  // --- Geometry and floorplan ---------------------------------------------------------------------
  const ar = c.arrayRows;
  const ac = c.arrayCols;
  const cpw = setup.colsPerWeight;
  const plan = floorplan(net.layers, cpw, ar, ac, c.novelMapping);
  const geoms: LayerGeom[] = net.layers.map((l, i) => {
    const place = plan.layers[i]!;
    const novel = place.novel;
    const k2 = novel ? l.k * l.k : 1;
    const rows = l.inC * l.k * l.k;
    const rowsSlice = novel ? l.inC : rows;
    const cols = l.outC * cpw;
    const peRows = novel ? Math.min(l.inC, plan.peNovel) : Math.min(rows, plan.peConv);
    return {
      spec: l,
      place,
      novel,
      k2,
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

  // --- Cell and array prices ------------------------------------------------------------------------
  const Fa = setup.sram ? tech.featureSize : tech.wireWidth; // SRAM cells sit at the logic node
  const cellW = setup.cellWidthF * Fa;
  const cellH = setup.cellHeightF * Fa;
  const gMean = readDev.gMin + st.conductanceFraction * (readDev.gMax - readDev.gMin);
  const sram = sramCell(tech, ar);
  const accessWidth = accessF * tech.featureSize;
  const cRowWire = tech.cWire * cellW * ac;
  const cColWire = tech.cWire * cellH * ar;
  const rRowWire = tech.rWire * cellW * ac;
  const cWordLine = cRowWire + ac * gateCap(tech, accessWidth);
  const cBitLine = cColWire + ar * drainCap(tech, accessWidth, false);
  const rSeries = setup.sram ? sram.accessR + tech.rWire * cellH * ar : cellKind === 'fefet' || cellKind === 'fefet-2t1f' ? 0 : ACCESS_RESISTANCE_1T1R;
  const gActive = setup.sram ? 1 / rSeries : 1 / (1 / Math.max(1e-30, gMean) + rSeries);
  const rAvg = 0.5 * (1 / Math.max(1e-30, readDev.gMax) + 1 / Math.max(1e-30, readDev.gMin || readDev.gMax / 100)) + rSeries;
  const adcBitsLog = c.readMode === 'row-by-row' ? 1 : c.adcBits;
  const adcProto = adcPrice(c.readMode === 'row-by-row' ? 'mlsa' : c.adcType, tech, adcBitsLog, 1 / (0.15 * ar * gActive));
  const adcsPerSubArray = c.readMode === 'row-by-row' ? ac + ar : Math.ceil(ac / c.columnsPerAdc) + Math.ceil(ar / c.columnsPerAdc);
  const shiftAddBits = adcBitsLog + c.inputBits + cpw + 1;
  const core = periphery({
    cfg,
    tech,
    plan,
    layerInputs: geoms.map((g) => ({ inH: g.spec.inH, inW: g.spec.inW, inC: g.spec.inC, positions: g.positions })),
    cellsPerWeight: cpw,
    adcBitsLog,
  });
  // --- Area and placement ------------------------------------------------------------------------
  const wg = core.wg;
  const wgAdc = adcPrice(c.adcType, tech, c.wgAdcBits, wg.accessR / 20);
  const pesPerTile = Math.max(plan.pesPerNovelTile, core.pesPerSide * core.pesPerSide);
  const logic = logicArea({
    tech,
    subArrays: plan.subArrays,
    arrayRows: ar,
    arrayCols: ac,
    cellArea: cellW * cellH,
    adcsPerSubArray,
    adcArea: adcProto.area,
    shiftAddBits,
    inputBits: c.inputBits,
    tiles: core.tiles,
    pesPerTile,
    globalBufferBits: core.globalBufferBits,
    wgArrays: wg.arraysInRow * wg.arraysInCol,
    wgAdcArea: wgAdc.area,
    wgAdcs: wg.groups,
    gradientAdders: core.writeParallel * ar * ac,
    gradientBits: core.gradBits + Math.ceil(Math.log2(Math.max(2, cfg.training.batchSize))),
  });
  // A sub-array's footprint is its share of the chip's logic beside the WG unit, then of the trees
  // laid out over that logic (one refinement: the trees are a small share of the footprint).
  const wires = (pl: Placement) =>
    interconnectArea({ tech, tiles: core.tiles, pesPerTile, globalBusWidth: core.globalBusWidth, tileBusWidth: core.tileTreeWidth, tileSide: pl.tileSide, peSide: pl.peSide, tileGrid: Math.ceil(Math.sqrt(core.tiles)) });
  const logicFootprint = (logic.array + logic.adc + logic.accumulation + logic.other) / plan.subArrays;
  const placement = place(core, tech, plan, ar, logicFootprint + wires(place(core, tech, plan, ar, logicFootprint)) / plan.subArrays);
  const per: Periphery = { ...core, ...placement };
  const tColumn = setup.sram ? sram.read : (cBitLine * rAvg) / (ar / 2) * 0.2 * c.columnsPerAdc / c.inputBits;
  const poolAfter = (l: LayerSpec) => l.pool * l.pool;
  const ctx: ReadContext = {
    tech,
    per,
    adcType: c.adcType,
    adcBits: c.adcBits,
    columnsPerAdc: c.columnsPerAdc,
    arrayRows: ar,
    arrayCols: ac,
    clock: c.clock,
    cellsPerWeight: cpw,
    gActive,
    reads: setup.readsPerBit,
    readVoltage: c.readVoltage,
    cWordLine,
    cBitLine,
    tSwitch: lineSwitch(tech, cWordLine, rRowWire) + 0.5 / c.clock,
    tColumn,
    rowByRow: c.readMode === 'row-by-row',
    tilesOnChip: per.tiles,
    poolAfter,
  };
  const gradCtx = {
    tech,
    per,
    adcType: c.adcType,
    wgAdcBits: c.wgAdcBits,
    inputBits: c.inputBits,
    columnsPerAdc: c.columnsPerAdc,
    tilesOnChip: per.tiles,
    weightsPerAdder: Math.max(1, per.writeParallel * ar * ac),
    poolAfter,
  };
  const writeCell: WriteCell = {
    tech,
    per,
    cWordLine,
    cBitLine,
    cRowWire,
    tSwitchWrite: lineSwitch(tech, cBitLine, tech.rWire * cellH * ar) * 2,
    gMean,
    cellArea: cellW * cellH,
    sram: setup.sram ? sram : undefined,
    clock: c.clock,
    arrayRows: ar,
    arrayCols: ac,
  };

  const dram = DRAM[c.dram];
  const batch = cfg.training.batchSize;
  const imagesPerEpochReq = cfg.training.imagesPerEpoch ?? defaultImagesPerEpoch(cfg.workload.network);
  const iterations = Math.max(1, Math.ceil(imagesPerEpochReq / batch));
  const images = iterations * batch;
  const errBits = cfg.training.quant.errorBits ?? 8;

  // --- Per-layer counting and pricing ----------------------------------------------------------
  const E = zeroPhases();
  const L = zeroPhases();
  const EC = zeroParts();
  const LC = zeroParts();
  let peakE = 0;
  let peakL = 0;
  const layers: LayerCost[] = [];
  const layerBusy: number[] = [];
  const layerFwImage: number[] = [];
  const layerAgImage: number[] = [];
  let envmPulsesPerEpoch = 0;
  let lsbPulsesPerEpoch = 0;
  const sum = (p: Parts) => COMPONENTS.reduce((s, k) => s + p[k], 0);
  const peakParts: readonly Component[] = ['adc', 'accumulation', 'array', 'wgUnit'];
  for (let i = 0; i < nL; i++) {
    const g = geoms[i]!;
    const l = g.spec;
    const a = st.inputActivity[i]!;
    const aErr = st.errorActivity[i] ?? a;
    const fw = readPhase(g, ctx, c.inputBits, a, false);
    const ag = i > 0 ? readPhase(g, ctx, errBits, aErr, true) : { latency: zeroParts(), energy: zeroParts() };
    const wg = gradientPhase(g, gradCtx, a);
    // DRAM: FW writes the activations, AG the errors, WG reads both back (NeuroSim counts H x W x 8 bits
    // each way in every phase) and writes and reads the per-image gradient.
    const actBits = l.inH * l.inW * c.inputBits;
    fw.latency.dram = (2 * actBits) / dram.bandwidth;
    fw.energy.dram = 2 * actBits * dram.energyPerBit;
    if (i > 0) {
      ag.latency.dram = fw.latency.dram;
      ag.energy.dram = fw.energy.dram;
    }
    const gradientBits = g.weights * per.gradBits;
    wg.latency.dram = (2 * actBits + 2 * gradientBits) / dram.bandwidth;
    wg.energy.dram = (2 * actBits + 2 * gradientBits) * dram.energyPerBit;
    // Weight update once per batch; HPS transfer per transfer event.
    const wu = writeEvent(g, st.update[i]!, setup.update, 'update', cfg, writeCell);
    let tr = { energy: 0, latency: 0, pulses: 0 };
    let trRead = { energy: 0, latency: 0 };
    const trStats = st.transfer[i];
    if (setup.hybrid && setup.transferDev && trStats) {
      tr = writeEvent(g, trStats, setup.transferDev, 'transfer', cfg, writeCell);
      // Read the LSB array row by row (numRows x read latency) before programming.
      const rowsTotal = g.rowsSlice * g.k2 * g.cb;
      const readsPerCell = 1 + st.verifyReadsPerCell;
      const eRd = g.copies * g.weights * readsPerCell * adcProto.energy / c.columnsPerAdc;
      const lRd = (rowsTotal * readsPerCell * (c.readPulse + c.columnsPerAdc * adcProto.latency)) / per.writeParallel;
      trRead = { energy: eRd, latency: lRd };
    }
    const fwL = sum(fw.latency);
    const agL = sum(ag.latency);
    const wgL = sum(wg.latency);
    const fwEp = sum(fw.energy) * images;
    const agEp = sum(ag.energy) * images;
    const wgEp = sum(wg.energy) * images;
    const wuEp = wu.energy * iterations;
    const nTransfers = st.transfersPerImage * images;
    const trEp = (tr.energy + trRead.energy) * nTransfers;
    const wuLp = wu.latency * iterations;
    const trLp = (tr.latency + trRead.latency) * nTransfers;
    if (setup.hybrid) {
      lsbPulsesPerEpoch += wu.pulses * iterations;
      envmPulsesPerEpoch += tr.pulses * nTransfers;
    } else {
      envmPulsesPerEpoch += wu.pulses * iterations + tr.pulses * nTransfers;
    }
    E.fw += fwEp;
    E.ag += agEp;
    E.wg += wgEp;
    E.wu += wuEp;
    E.transfer += trEp;
    L.fw += fwL * images;
    L.ag += agL * images;
    L.wg += wgL * images;
    L.wu += wuLp;
    L.transfer += trLp;
    layerFwImage.push(fwL);
    layerAgImage.push(agL);
    layerBusy.push((fwL + agL + wgL) * images);
    for (const k of COMPONENTS) {
      EC[k] += (fw.energy[k] + ag.energy[k] + wg.energy[k]) * images;
      LC[k] += (fw.latency[k] + ag.latency[k] + wg.latency[k]) * images;
    }
    EC.write += wuEp + trEp;
    LC.write += wuLp + trLp;
    for (const k of peakParts) {
      peakE += (fw.energy[k] + ag.energy[k] + wg.energy[k]) * images;
      peakL += (fw.latency[k] + ag.latency[k] + wg.latency[k]) * images;
    }
    peakE += wuEp + trEp;
    peakL += wuLp + trLp;
    layers.push({
      name: l.name,
      energy: { fw: fwEp, ag: agEp, wg: wgEp, wu: wuEp, transfer: trEp },
      latency: { fw: fwL * images, ag: agL * images, wg: wgL * images, wu: wuLp, transfer: trLp },
      tiles: g.place.tileRows * g.place.tileCols,
      duplication: g.copies,
      subArrays: g.place.subArrays,
    });
  }

  // Pipelined: FW / AG stage time = slowest layer; WG and WU stay sequential.
  if (c.pipeline === 'pipelined') {
    const fwMax = Math.max(...layerFwImage);
    const agMax = Math.max(...layerAgImage.slice(1), 0);
    L.fw = fwMax * (images + nL - 1);
    L.ag = agMax * (images + nL - 2);
  }

  // --- Area ------------------------------------------------------------------------------------
  const byComponent: Record<AreaComponent, number> = { ...logic, interconnect: wires(placement) };
  const areaTotal = Object.values(byComponent).reduce((s, v) => s + v, 0);

  // Leakage: every tile leaks while it idles.
  const nonArrayArea = areaTotal - byComponent.array;
  const leakDevices = (nonArrayArea / tech.aDevice) * K.leakageDeviceFraction;
  const leakagePower = leakDevices * tech.wMinN * tech.ioffN * tech.vdd;
  const busyTotal = L.fw + L.ag + L.wg + L.wu + L.transfer;
  let leakE = 0;
  for (let i = 0; i < nL; i++) {
    const share = geoms[i]!.place.subArrays / plan.subArrays;
    if (c.pipeline === 'pipelined') leakE += leakagePower * share * Math.max(0, busyTotal - layerBusy[i]!);
    else leakE += leakagePower * (1 - share) * layerBusy[i]!;
  }
  EC.other += leakE;
  // Components other than writes sum to FW + AG + WG; pipelining shortens FW / AG by overlap.
  const overlap = LC.adc + LC.accumulation + LC.array + LC.buffer + LC.interconnect + LC.dram + LC.wgUnit - (L.fw + L.ag + L.wg);
  LC.other -= overlap;

  const dynamic = E.fw + E.ag + E.wg + E.wu + E.transfer;
  const total = dynamic + leakE;
  const latTotal = busyTotal;
  let macs = 0;
  for (const l of net.layers) macs += layerMacs(l);
  const macs1 = net.layers[0] ? layerMacs(net.layers[0]) : 0;
  const opsPerImage = 2 * (3 * macs - macs1);
  const opsPerEpoch = opsPerImage * images;

  if (setup.hybrid) {
    assumptions.push(
      cfg.synapse.scheme === 'hps'
        ? `HPS: every batch writes only the 3T1C LSB (${(setup.update.params.pulseWidthLtp * 1e9).toFixed(2)} ns pulses); eNVM pair programmed row by row at transfers (${st.transfersPerImage > 0 ? (1 / st.transfersPerImage).toFixed(0) : 'no'} images apart); three reads per synapse and input bit (G+, G-, LSB).`
        : '2T-1FeFET: every batch charges the FeFET gate (1 V, 1 ns); polarisation programmed (erase + program, 3 us) at transfers.',
    );
  }
  if (setup.sram) assumptions.push(`8T SRAM: one bit per cell, ${cpw} cells per weight side by side; read through the cell's access and pull-down transistors, written by flipping the cell (no pulses).`);
  if (c.cellWidth !== undefined || c.cellHeight !== undefined) assumptions.push(`Cell footprint set by the configuration: ${setup.cellWidthF}F x ${setup.cellHeightF}F.`);
  if (envmPulsesPerEpoch === 0 && lsbPulsesPerEpoch === 0 && setup.update.cell !== 'ideal' && !setup.sram) warnings.push('no programming pulses in the statistics: WU cost is zero');
  if (plan.utilization < 0.3) warnings.push(`low memory utilisation ${(plan.utilization * 100).toFixed(1)} %`);

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
    writePulses: { envm: envmPulsesPerEpoch, lsb: lsbPulsesPerEpoch },
    opsPerEpoch,
    topsPerWatt: opsPerEpoch / total / 1e12,
    tops: opsPerEpoch / latTotal / 1e12,
    peakTopsPerWatt: opsPerEpoch / peakE / 1e12,
    peakTops: opsPerEpoch / peakL / 1e12,
    imagesPerEpoch: images,
    iterationsPerEpoch: iterations,
    layers,
    mapping: { subArrays: plan.subArrays, tiles: per.tiles, utilization: plan.utilization, writeParallelism: per.writeParallel, cellsPerWeight: cpw },
    statsSource: st.source,
    assumptions,
    warnings,
  };
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

