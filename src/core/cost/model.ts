/**
 * Analytical NeuroSim-style cost model of in-situ training (docs/cost.md; "section N" below is a
 * section of it). Counting (how many conversions, cell reads, bits moved, pulses, rows written)
 * happens per layer here; pricing (J, s, m^2 per action) comes from components.ts at the technology
 * of technology.ts. One call evaluates one design point for one epoch; nothing global depends on the
 * config.
 */
import type { RunConfig } from '../config/schema';
import { NETWORKS, outSize, type LayerSpec } from '../networks';
import { CALIBRATION as K } from './calibration';
import { costDevice, FEFET_2T1F_LSB, type CostDevice } from './cells';
import {
  adcEnergyScale,
  adderLatency,
  capacitorPulseEnergy,
  cellReadEnergy,
  DRAM,
  elmoreDelay,
  fefetPulseEnergy,
  flipFlop,
  fullAdder,
  mlsaAdc,
  resistivePulseEnergy,
  sarAdc,
  shiftAddWidth,
  type AdcPrice,
} from './components';
import { defaultTrainingStats } from './stats';
import { nmosOnResistance, repeatedWire, technology, type Technology } from './technology';
import {
  COST_ESTIMATOR_ID,
  type Component,
  type ComponentValues,
  type CostResult,
  type LayerCost,
  type PhaseValues,
  type TrainingStats,
  type WriteStats,
} from './types';

/** Default training images per epoch when the config does not say (docs/cost.md#per-epoch). */
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
const zeroComponents = (): ComponentValues => ({ adc: 0, accumulation: 0, array: 0, buffer: 0, interconnect: 0, dram: 0, wgUnit: 0, write: 0, other: 0 });

const ASSUMPTIONS_BASE: readonly string[] = [
  'Estimator follows DNN+NeuroSim V2.1 / MLP+NeuroSim V3.0 conventions (docs/cost.md); SI units.',
  'Scale constants in core/cost/calibration.ts were fitted once to the NeuroSim V2.1 VGG-8 default (docs/cost.md#calibration); node, supply, clock and device scaling come from the technology table.',
  'Output positions are the padded ("same") windows of the network, consistent with the op count (NeuroSim quirk fixed: it simulates only unpadded windows; docs/cost.md#neurosim-differences).',
  'AG uses the row resistance with the error activity (NeuroSim quirk fixed: it reuses the forward column resistance; docs/cost.md#neurosim-differences); error activity defaults to the input activity of the layer.',
  'Write energy uses NeuroSim\'s V_w = sqrt(V_LTP^2 + V_LTD^2) for the cell and line charging and ignores the access-transistor drop (NeuroSim quirk followed so the calibration point compares).',
  'DRAM traffic: every layer\'s input activations and errors (all channels, 8 bit) written and read back once per image, plus the per-image weight gradient (weights x (wgAdcBits + inputBits + log2 8) bits) written and read back (NeuroSim counts only H x W of the activations, docs/cost.md#neurosim-differences; totals differ by < 3 %).',
  'H-tree wire selection is by actual length (NeuroSim quirk of constant selection not copied); H-tree and buffers are modelled as effective throughputs per clock.',
  'Duplicated copies of a layer are programmed concurrently with the original: write energy counts every copy, write latency does not.',
  'Weight update: row-by-row programming, row time = (max Up + max Down pulses) x pulse width + line RC; sub-array write latencies add up, divided by the arrays written in parallel (NeuroSim numArrayWriteParallel).',
  'MSLA ADC latency fit is applied at LSTP nodes >= 32 nm (and extrapolated to 45-130 nm); 1 ns at HP or <= 22 nm. ADC and logic energies scale with C_inv Vdd^2 relative to 32 nm.',
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
}

function setupScheme(cfg: RunConfig): SchemeSetup | string {
  const s = cfg.synapse;
  const dev = costDevice(s.device);
  if (!dev) return `unknown device preset '${s.device.preset}'`;
  const c = cfg.circuit;
  const slices = Math.max(1, Math.ceil(c.weightBits / c.cellBits));
  switch (s.scheme) {
    case 'hps': {
      const lsb = costDevice(s.lsb);
      if (!lsb) return `unknown LSB device preset '${s.lsb.preset}'`;
      // HPS cell 100F x 50F holds the eNVM pair and the 3T1C LSB (docs/cost.md#cells).
      return { read: dev, update: lsb, transferDev: dev, cellWidthF: 100, cellHeightF: 50, readsPerBit: 3, colsPerWeight: 1, hybrid: true };
    }
    case 'fefet-2t1f':
      return { read: dev, update: dev, transferDev: dev, cellWidthF: dev.cellWidthF, cellHeightF: dev.cellHeightF, readsPerBit: 1, colsPerWeight: 1, hybrid: true };
    default:
      return {
        read: dev,
        update: dev,
        cellWidthF: dev.cellWidthF,
        cellHeightF: dev.cellHeightF,
        readsPerBit: 1,
        colsPerWeight: slices * (s.mapping === 'differential' ? 2 : 1),
        hybrid: false,
      };
  }
}

interface LayerGeom {
  readonly spec: LayerSpec;
  readonly nm: boolean;
  readonly k2: number; // kernel positions mapped to separate PEs (novel mapping) or 1
  readonly rSub: number; // rows of one mapped sub-matrix
  readonly cols: number; // columns used (Cout x cellsPerWeight)
  readonly rb: number;
  readonly cb: number;
  readonly positions: number; // output positions per image (padded windows)
  readonly weights: number;
  readonly macs: number;
}

/** Floorplan (docs/cost.md#hierarchy): NM tiles of K*K PEs of P x P cells, CM tiles of T x T cells; duplication fills a tile. */
function floorplan(geoms: readonly LayerGeom[], ar: number, ac: number) {
  const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;
  const pow2Multiple = (n: number, a: number) => {
    let s = a;
    while (s < n) s *= 2;
    return s;
  };
  let p = ar;
  let t = ar;
  for (const g of geoms) {
    const fr = roundUp(g.rSub, ar);
    const fc = roundUp(g.cols, ac);
    if (g.nm) p = Math.max(p, pow2Multiple(Math.max(fr, fc), ar));
    else t = Math.max(t, pow2Multiple(Math.min(fr, fc), ar));
  }
  const arraysPerPE = (p / ar) * (p / ac);
  const arraysPerCMTile = (t / ar) * (t / ac);
  const out: { tiles: number; dup: number; arrays: number }[] = [];
  for (const g of geoms) {
    const fr = g.rb * ar;
    const fc = g.cb * ac;
    const side = g.nm ? p : t;
    const tiles = Math.ceil(fr / side) * Math.ceil(fc / side);
    const dup = fr <= side && fc <= side ? Math.max(1, Math.floor(side / fr)) * Math.max(1, Math.floor(side / fc)) : 1;
    const arrays = tiles * (g.nm ? g.k2 * arraysPerPE : arraysPerCMTile);
    out.push({ tiles, dup, arrays });
  }
  return out;
}

export function evaluateCost(cfg: RunConfig, stats?: TrainingStats): CostResult {
  const c = cfg.circuit;
  const net = NETWORKS[cfg.workload.network];
  const tech: Technology = technology(c.node, c.roadmap, c.temperature);
  const ref32 = technology(32, c.roadmap, c.temperature);
  const scale = adcEnergyScale(tech, ref32);
  const setup = setupScheme(cfg);
  if (typeof setup === 'string') return { ok: false, reason: setup, estimator: COST_ESTIMATOR_ID };
  const st = stats ?? defaultTrainingStats(cfg);
  const nL = net.layers.length;
  if (st.inputActivity.length < nL || st.update.length < nL) {
    return { ok: false, reason: `training statistics cover ${st.inputActivity.length} layers, network has ${nL}`, estimator: COST_ESTIMATOR_ID };
  }
  const warnings: string[] = [];
  const assumptions: string[] = [...ASSUMPTIONS_BASE];
  if (st.source === 'default') assumptions.push('Training statistics: the defaults of docs/cost.md#statistics (no run supplied).');

  const F = tech.featureSize;
  const Fw = tech.wireWidth;
  const ar = c.arrayRows;
  const ac = c.arrayCols;
  const clock = c.clock;
  const tCycle = 1 / clock;
  const readDev = setup.read.params;
  const gMean = readDev.gMin + st.conductanceFraction * (readDev.gMax - readDev.gMin);

  // --- Feasibility: access transistor of 1T1R / FeFET cells (docs/cost.md#cells) ----------------
  const cellKind = setup.read.cell;
  if (!setup.hybrid || cfg.synapse.scheme === 'fefet-2t1f') {
    if (cellKind === 'rram-1t1r' || cellKind === 'pcm-1t1r' || cellKind === 'fefet') {
      const rAccess = 0.25 / readDev.gMax;
      const widthF = (nmosOnResistance(tech, F) * 0.2) / rAccess;
      if (widthF > setup.cellWidthF) {
        return {
          ok: false,
          reason: `access transistor wider than the cell: needs ${widthF.toFixed(2)}F for R_access = 0.25 R_on = ${(rAccess / 1e3).toFixed(2)} kOhm, cell is ${setup.cellWidthF}F wide`,
          estimator: COST_ESTIMATOR_ID,
        };
      }
    }
  }

  // --- Geometry and mapping ---------------------------------------------------------------------
  const cpw = setup.colsPerWeight;
  const geoms: LayerGeom[] = net.layers.map((l) => {
    const nm = c.novelMapping && l.kind === 'conv' && l.k > 1;
    const k2 = nm ? l.k * l.k : 1;
    const rSub = nm ? l.inC : l.inC * l.k * l.k;
    const cols = l.outC * cpw;
    const o = outSize(l);
    return {
      spec: l,
      nm,
      k2,
      rSub,
      cols,
      rb: Math.ceil(rSub / ar),
      cb: Math.ceil(cols / ac),
      positions: o * o,
      weights: l.inC * l.k * l.k * l.outC,
      macs: o * o * l.inC * l.k * l.k * l.outC,
    };
  });
  const plan = floorplan(geoms, ar, ac);
  let nArrays = 0;
  let nTiles = 0;
  let mapped = 0;
  for (let i = 0; i < nL; i++) {
    const pl = plan[i]!;
    const g = geoms[i]!;
    nArrays += pl.arrays;
    nTiles += pl.tiles;
    mapped += g.weights * cpw * pl.dup;
  }
  const utilization = Math.min(1, mapped / (nArrays * ar * ac));

  // --- Prices ----------------------------------------------------------------------------------
  const fa = fullAdder(tech);
  const ff = flipFlop(tech);
  const vRead = c.readVoltage;
  const bitsIn = c.inputBits;
  const errBits = cfg.training.quant.errorBits ?? 8;
  const actBits = cfg.training.quant.activationBits ?? 8;
  const cellW = setup.cellWidthF * Fw;
  const cellH = setup.cellHeightF * Fw;
  const cRowWire = tech.cWire * cellW * ac; // word line across the array
  const cColWire = tech.cWire * cellH * ar; // bit line along the array
  const rColWire = tech.rWire * cellH * ar;
  const rRowWire = tech.rWire * cellW * ac;
  // Access-transistor drain / gate load per cell on the lines (min NMOS).
  const cCellGate = tech.cGatePerM * tech.wMinN;
  const cWL = cRowWire + ac * cCellGate;
  const cBL = cColWire + ar * 0.3 * cCellGate; // drain junction ~ 0.3 C_gate of the access device
  const rDrv = tech.rN / 4; // line driver 4x minimum
  const tLine = elmoreDelay(rDrv, rRowWire, cWL) + elmoreDelay(rDrv, rColWire, cBL);
  const rowByRow = c.readMode === 'row-by-row';
  const adcFor = (activeLines: number, bits: number): AdcPrice => {
    const rCol = 1 / Math.max(1e-30, Math.max(1, activeLines) * gMean);
    if (rowByRow) return mlsaAdc(tech, 1, rCol, vRead, scale, K);
    return c.adcType === 'sar' ? sarAdc(tech, bits, rCol, vRead, scale) : mlsaAdc(tech, bits, rCol, vRead, scale, K);
  };
  const wSA = shiftAddWidth(rowByRow ? 1 : c.adcBits, bitsIn, cpw) + (rowByRow ? Math.ceil(Math.log2(ar)) : 0);
  const eBufBit = K.bufferBitEnergyGates * tech.eGate;
  const wire = repeatedWire(tech);
  const dram = DRAM[c.dram];
  const gradBits = (c.wgAdcBits + bitsIn + 3) | 0; // 4-bit SA per 8 rows: + log2(8)
  const batch = cfg.training.batchSize;
  const imagesPerEpochReq = cfg.training.imagesPerEpoch ?? defaultImagesPerEpoch(cfg.workload.network);
  const iterations = Math.max(1, Math.ceil(imagesPerEpochReq / batch));
  const images = iterations * batch;
  const writeParallel = Math.max(1, Math.floor((cpw * (gradBits + Math.ceil(Math.log2(Math.max(2, batch))))) / c.weightBits));

  // --- Area ------------------------------------------------------------------------------------
  const nAdcFw = Math.ceil(ac / c.columnsPerAdc);
  const nAdcAg = Math.ceil(ar / c.columnsPerAdc);
  const adcProto = adcFor(0.15 * ar, c.adcBits);
  const areaArray = nArrays * ar * ac * cellW * cellH;
  const areaAdc = nArrays * (nAdcFw + nAdcAg) * (rowByRow ? mlsaAdc(tech, 1, 1e5, vRead, scale, K).area * c.columnsPerAdc : adcProto.area);
  const areaAccum = nArrays * (nAdcFw + nAdcAg) * wSA * (fa.area + ff.area) * K.accumAreaMult;
  // Periphery per array: WL/BL/SL switch matrices and decoders on both axes (transposable, ~12 min devices per line), column mux.
  const areaPeriph = nArrays * (2 * (ar + ac) * 12 + 2 * ac) * tech.aMinDevice;
  // Buffers: register files holding one layer's input and output vectors per tile (8 bit), 12 devices a bit.
  let maxIo = 0;
  for (const g of geoms) maxIo = Math.max(maxIo, (g.spec.inC * g.spec.k * g.spec.k + g.spec.outC) * actBits);
  const areaBuffers = (nTiles + 1) * maxIo * 12 * tech.aMinDevice;
  const areaOther = (areaPeriph + areaBuffers) * K.otherAreaMult;
  // WG unit: SRAM-CIM sized for the largest input feature map (positions x Cin x 8 bit), 128 x 128 arrays, 4-bit SA per 8 rows.
  let wgRowsMax = 1;
  let wgColsMax = 1;
  for (const g of geoms) {
    if (g.positions * g.spec.inC >= wgRowsMax * wgColsMax / actBits) {
      wgRowsMax = Math.max(1, g.positions);
      wgColsMax = g.spec.inC * actBits;
    }
  }
  const wgRowBlocks = Math.ceil(wgRowsMax / 128);
  const wgColBlocks = Math.ceil(wgColsMax / 128);
  const nWg = wgRowBlocks * wgColBlocks;
  const wgSa = mlsaAdc(tech, c.wgAdcBits, 1e4, vRead, scale, K);
  const sramCell = 8 * 20 * Fw * Fw;
  const wSAwg = c.wgAdcBits + errBits + 1;
  const areaWg = nWg * (128 * 128 * sramCell + 16 * wgSa.area + 16 * wSAwg * (fa.area + ff.area)) * K.wgAreaMult;
  const coreArea = areaArray + areaAdc + areaAccum + areaOther + areaWg;
  const side = Math.sqrt(coreArea);
  const areaIc = K.globalBusBits * 2 * Fw * side * K.htreeLengthChipSides * 1.2; // 20 % repeaters
  const areaTotal = coreArea + areaIc;
  const chipSide = Math.sqrt(areaTotal);

  // --- Per-layer counting and pricing ----------------------------------------------------------
  const E = zeroPhases();
  const L = zeroPhases();
  const EC = zeroComponents();
  const LC = zeroComponents();
  let peakE = 0;
  let peakL = 0;
  const layers: LayerCost[] = [];
  const layerBusy: number[] = []; // per-layer FW+AG+WG latency per epoch (for leakage)
  const layerFwImage: number[] = [];
  const layerAgImage: number[] = [];
  const icEnergyPerBit = wire.energyPerM * chipSide * K.htreePathChipSides;
  const upd = setup.update.params;
  const vwUpd = Math.hypot(upd.writeVoltageLtp, upd.writeVoltageLtd);
  const twUpd = 0.5 * (upd.pulseWidthLtp + upd.pulseWidthLtd);
  const levelsUpd = 0.5 * (upd.levelsLtp + upd.levelsLtd);

  /** Programming cost of one write event over a layer (rows written row by row). */
  const writeEvent = (g: LayerGeom, dup: number, ws: WriteStats, dev: CostDevice, kind: 'update' | 'transfer') => {
    const prm = dev.params;
    let vw = Math.hypot(prm.writeVoltageLtp, prm.writeVoltageLtd);
    let twUp = prm.pulseWidthLtp;
    let twDown = prm.pulseWidthLtd;
    let levels = 0.5 * (prm.levelsLtp + prm.levelsLtd);
    if (kind === 'update' && cfg.synapse.scheme === 'fefet-2t1f') {
      vw = FEFET_2T1F_LSB.voltage;
      twUp = twDown = FEFET_2T1F_LSB.pulseWidth;
      levels = FEFET_2T1F_LSB.levels;
    }
    const rowsTotal = g.rSub * g.k2 * g.cb; // rows of all sub-arrays of one copy
    const rows = rowsTotal * ws.rowFraction;
    const cells = g.weights * ws.cellFraction; // synapses written (one device of the pair / one LSB)
    const pulses = cells * ws.pulsesPerCell;
    // Cell energy per pulse.
    let ePulse: number;
    const dG = (prm.gMax - prm.gMin) / Math.max(1, levels);
    const cellKindW = kind === 'update' && setup.hybrid && cfg.synapse.scheme === 'hps' ? 'cap-3t1c' : dev.cell;
    if (cellKindW === 'cap-3t1c') ePulse = capacitorPulseEnergy(dev.writeCurrent ?? 6.67e-6, twUp, prm.writeVoltageLtp);
    else if (cellKindW === 'fefet' || cellKindW === 'fefet-2t1f') {
      const cg = dev.gateCapacitance ?? 2.17e-18;
      ePulse = kind === 'update' && cfg.synapse.scheme === 'fefet-2t1f' ? cg * vw * vw : fefetPulseEnergy(vw, cellW * cellH, levels, cg);
    } else if (cellKindW === 'ideal') ePulse = 0;
    else ePulse = resistivePulseEnergy(vw, gMean, gMean + dG, 0.5 * (twUp + twDown));
    // Line charging per written row and phase (SET, RESET), V/2 inhibit scheme: selected BL/SL at V_w, the
    // other columns of the sub-array at V_w / 2; plus the WL at Vdd.
    const phases = Math.min(1, ws.rowMaxUp) + Math.min(1, ws.rowMaxDown);
    const lineV = cellKindW === 'cap-3t1c' ? prm.writeVoltageLtp : vw;
    const colsRow = Math.min(ac, g.cols);
    const selPerPhase = Math.min(colsRow, (ws.cellFraction * colsRow) / Math.max(1, phases) / Math.max(1e-12, ws.rowFraction));
    const eRow = phases * (cBL * lineV * lineV * (selPerPhase + 0.25 * (colsRow - selPerPhase)) + cWL * tech.vdd * tech.vdd);
    const energy = dup * (pulses * ePulse + rows * eRow);
    const rowTime = ws.rowMaxUp * twUp + ws.rowMaxDown * twDown + phases * 2.3 * tLine;
    const latency = (rows * rowTime) / writeParallel;
    return { energy, latency, pulses: dup * pulses };
  };

  let envmPulsesPerEpoch = 0;
  let lsbPulsesPerEpoch = 0;
  for (let i = 0; i < nL; i++) {
    const g = geoms[i]!;
    const pl = plan[i]!;
    const l = g.spec;
    const a = st.inputActivity[i]!;
    const aErr = st.errorActivity[i] ?? a;
    const steps = Math.ceil(g.positions / pl.dup);
    const reads = setup.readsPerBit;
    // ---- FW (per image) ----
    const rowsActive = Math.min(g.rSub, ar);
    const adcFw = adcFor(a * rowsActive, c.adcBits);
    const rowsPerConv = rowByRow ? rowsActive : 1;
    const convFw = g.positions * bitsIn * g.k2 * g.rb * g.cols * reads * rowsPerConv;
    const eAdcFw = convFw * adcFw.energy;
    const lAdcFw = steps * bitsIn * c.columnsPerAdc * reads * rowsPerConv * adcFw.latency;
    const senseT = rowByRow ? c.readPulse : adcFw.latency;
    const cellReadsFw = g.positions * bitsIn * a * g.rSub * g.k2 * g.cols * reads;
    const eArrFw =
      cellReadsFw * cellReadEnergy(vRead, gMean, senseT) +
      g.positions * bitsIn * g.k2 * g.rb * g.cb * (Math.min(g.cols, ac) * cBL * vRead * vRead * reads + a * rowsActive * cWL * tech.vdd * tech.vdd);
    const lArrFw = steps * bitsIn * reads * (rowByRow ? rowsActive : 1) * 2.3 * tLine;
    const partials = g.rb * g.k2 * cpw; // partial sums per output
    const wTree = wSA + Math.ceil(Math.log2(Math.max(1, partials)));
    const outputs = g.positions * l.outC;
    const eAccFw = (convFw * wSA * (fa.energy + ff.energy) + outputs * Math.max(0, partials - 1) * wTree * fa.energy) * K.accumEnergyMult;
    const treeDepth = Math.ceil(Math.log2(Math.max(2, partials)));
    const lAccFw =
      steps * (bitsIn * reads * adderLatency(tech, wSA) + treeDepth * adderLatency(tech, wTree)) * K.accumLatencyMult +
      (outputs * Math.max(0, partials - 1) * wTree) / (pl.tiles * ac * 8) * tCycle * K.accumLatencyMult;
    const bitsBufIn = (l.inC * l.k * l.k * bitsIn * g.positions) / (g.nm ? l.k : 1);
    const bitsBufOut = (l.outC * actBits * g.positions) / (l.pool * l.pool);
    const bufBits = bitsBufIn + bitsBufOut;
    const eBufFw = 2 * bufBits * eBufBit;
    const lBufFw = bufBits / (K.bufferBitsPerCycle * clock);
    const eIcFw = bufBits * icEnergyPerBit;
    const lIcFw = bufBits / (K.htreeBitsPerCycle * clock) + wire.delayPerM * chipSide * steps * 1e-3;
    const actDram = l.inH * l.inW * l.inC * actBits; // activations to DRAM for WG
    const eDramFw = actDram * dram.energyPerBit;
    const lDramFw = actDram / dram.bandwidth;
    // Activations (and AG's errors) go to DRAM only because WG needs them: their traffic is charged to WG.
    const fwE = eAdcFw + eArrFw + eAccFw + eBufFw + eIcFw;
    const fwL = lAdcFw + lArrFw + lAccFw + lBufFw + lIcFw;
    // ---- AG (per image; not layer 1): transposed read, rows sensed by the second ADC set ----
    let agE = 0;
    let agL = 0;
    let eAdcAg = 0, lAdcAg = 0, eArrAg = 0, lArrAg = 0, eAccAg = 0, lAccAg = 0, eDramAg = 0, lDramAg = 0; // DRAM: errors for WG
    if (i > 0) {
      const colsActive = Math.min(g.cols, ac);
      const adcAg = adcFor(aErr * colsActive, c.adcBits);
      const colsPerConv = rowByRow ? colsActive : 1;
      const convAg = g.positions * errBits * g.k2 * g.cb * g.rSub * reads * colsPerConv;
      eAdcAg = convAg * adcAg.energy;
      lAdcAg = steps * errBits * c.columnsPerAdc * reads * colsPerConv * adcAg.latency;
      const cellReadsAg = g.positions * errBits * aErr * g.rSub * g.k2 * g.cols * reads;
      eArrAg =
        cellReadsAg * cellReadEnergy(vRead, gMean, rowByRow ? c.readPulse : adcAg.latency) +
        g.positions * errBits * g.k2 * g.rb * g.cb * (rowsActive * cWL * vRead * vRead * reads + aErr * Math.min(g.cols, ac) * cBL * tech.vdd * tech.vdd);
      lArrAg = steps * errBits * reads * (rowByRow ? colsActive : 1) * 2.3 * tLine;
      const partialsAg = g.cb * cpw;
      const wTreeAg = wSA + Math.ceil(Math.log2(Math.max(1, partialsAg)));
      const outputsAg = g.positions * g.rSub * g.k2;
      eAccAg = (convAg * wSA * (fa.energy + ff.energy) + outputsAg * Math.max(0, partialsAg - 1) * wTreeAg * fa.energy) * K.accumEnergyMult;
      lAccAg =
        steps * (errBits * reads * adderLatency(tech, wSA) + Math.ceil(Math.log2(Math.max(2, partialsAg))) * adderLatency(tech, wTreeAg)) * K.accumLatencyMult +
        (outputsAg * Math.max(0, partialsAg - 1) * wTreeAg) / (pl.tiles * ac * 8) * tCycle * K.accumLatencyMult;
      const errDram = outSize(l) * outSize(l) * l.outC * errBits;
      eDramAg = errDram * dram.energyPerBit;
      lDramAg = errDram / dram.bandwidth;
      agE = eAdcAg + eArrAg + eAccAg + eBufFw + eIcFw;
      agL = lAdcAg + lArrAg + lAccAg + lBufFw + lIcFw;
    }
    // ---- WG (per image): SRAM-CIM unit + DRAM traffic of the per-image gradient ----
    const needRow = Math.ceil(g.positions / 128);
    const needCol = Math.ceil((l.inC * actBits) / 128);
    let speedUp: number;
    let passes: number;
    if (g.positions > 1) {
      speedUp = Math.max(1, Math.floor(wgRowBlocks / needRow)) * Math.max(1, Math.floor(wgColBlocks / needCol));
      passes = Math.ceil(needRow / wgRowBlocks) * Math.ceil(needCol / wgColBlocks);
    } else {
      speedUp = wgRowBlocks * Math.max(1, Math.floor((l.inC * actBits) / 128)); // NeuroSim: FC outer product spread over all WG arrays
      passes = 1;
    }
    // SA conversions (8 rows share one SA; one per activation bit column and error bit), gated by the input activity
    // (NeuroSim passes the layer's activity as the WG row-read activity); the SA output goes to a wgAdcBits counter.
    const wgConv = (g.macs * actBits * errBits) / 8;
    const eWgCompute = wgConv * a * (wgSa.energy + c.wgAdcBits * (fa.energy + ff.energy)) + g.positions * l.inC * actBits * 2 * eBufBit;
    const lWgCompute = (l.k * l.k * l.outC * errBits * 8 * wgSa.latency * passes) / speedUp;
    const wBits = g.weights * gradBits;
    const eGbWg = 4 * wBits * eBufBit;
    const lGbWg = (4 * wBits) / (K.globalBusBits * clock);
    // Per-image gradient written and read back, plus activations / errors written (FW, AG) and read back (WG).
    const eDramWg = 2 * wBits * dram.energyPerBit + 2 * (eDramFw + eDramAg);
    const lDramWg = (2 * wBits) / dram.bandwidth + 2 * (lDramFw + lDramAg);
    const wAcc = gradBits + Math.ceil(Math.log2(Math.max(2, batch)));
    const eGradAcc = g.weights * wAcc * (fa.energy + ff.energy);
    const lGradAcc = Math.ceil(g.weights / K.gradAccumAdders) * adderLatency(tech, wAcc);
    const wgE = eWgCompute + eGbWg + eDramWg + eGradAcc;
    const wgL = lWgCompute + lGbWg + lDramWg + lGradAcc;

    // ---- WU (per batch) and transfer (per transfer event) ----
    const wu = writeEvent(g, pl.dup, st.update[i]!, setup.update, 'update');
    let tr = { energy: 0, latency: 0, pulses: 0 };
    let trRead = { energy: 0, latency: 0 };
    const trStats = st.transfer[i];
    if (setup.hybrid && setup.transferDev && trStats) {
      tr = writeEvent(g, pl.dup, trStats, setup.transferDev, 'transfer');
      // Read the LSB array row by row (numRows x read latency) before programming.
      const rowsTotal = g.rSub * g.k2 * g.cb;
      const lsbG = setup.update.params;
      const readsPerCell = 1 + st.verifyReadsPerCell;
      const eRd = pl.dup * g.weights * readsPerCell * (cellReadEnergy(vRead, 0.5 * (lsbG.gMin + lsbG.gMax), c.readPulse) + adcProto.energy / c.columnsPerAdc);
      const lRd = (rowsTotal * readsPerCell * (c.readPulse + c.columnsPerAdc * adcProto.latency)) / writeParallel;
      trRead = { energy: eRd, latency: lRd };
    }

    // ---- Per epoch ----
    const fwEp = fwE * images;
    const agEp = agE * images;
    const wgEp = wgE * images;
    const wuEp = wu.energy * iterations;
    const nTransfers = st.transfersPerImage * images;
    const trEp = (tr.energy + trRead.energy) * nTransfers;
    const fwLp = fwL * images;
    const agLp = agL * images;
    const wgLp = wgL * images;
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
    L.fw += fwLp;
    L.ag += agLp;
    L.wg += wgLp;
    L.wu += wuLp;
    L.transfer += trLp;
    layerFwImage.push(fwL);
    layerAgImage.push(agL);
    layerBusy.push(fwLp + agLp + wgLp);
    const n = images;
    EC.adc += (eAdcFw + eAdcAg) * n;
    LC.adc += (lAdcFw + lAdcAg) * n;
    EC.array += (eArrFw + eArrAg) * n;
    LC.array += (lArrFw + lArrAg) * n;
    EC.accumulation += (eAccFw + eAccAg + eGradAcc) * n;
    LC.accumulation += (lAccFw + lAccAg + lGradAcc) * n;
    EC.buffer += (eBufFw * (i > 0 ? 2 : 1) + 4 * wBits * eBufBit) * n;
    LC.buffer += (lBufFw * (i > 0 ? 2 : 1) + lGbWg) * n;
    EC.interconnect += eIcFw * (i > 0 ? 2 : 1) * n;
    LC.interconnect += (lIcFw * (i > 0 ? 2 : 1)) * n;
    EC.dram += eDramWg * n;
    LC.dram += lDramWg * n;
    EC.wgUnit += eWgCompute * n;
    LC.wgUnit += lWgCompute * n;
    EC.write += wuEp + trEp;
    LC.write += wuLp + trLp;
    peakE += (eAdcFw + eArrFw + eAccFw + eAdcAg + eArrAg + eAccAg + eWgCompute + eGradAcc) * n + wuEp + trEp;
    peakL += (lAdcFw + lArrFw + lAccFw + lAdcAg + lArrAg + lAccAg + lWgCompute + lGradAcc) * n + wuLp + trLp;
    layers.push({
      name: l.name,
      energy: { fw: fwEp, ag: agEp, wg: wgEp, wu: wuEp, transfer: trEp },
      latency: { fw: fwLp, ag: agLp, wg: wgLp, wu: wuLp, transfer: trLp },
      tiles: pl.tiles,
      duplication: pl.dup,
      subArrays: pl.arrays,
    });
  }

  // Pipelined: FW / AG stage time = slowest layer (docs/cost.md#per-epoch); WG, WU stay sequential.
  if (c.pipeline === 'pipelined') {
    const fwMax = Math.max(...layerFwImage);
    const agMax = Math.max(...layerAgImage.slice(1), 0);
    L.fw = fwMax * (images + nL - 1);
    L.ag = agMax * (images + nL - 2);
  }

  // Leakage: every tile leaks while it idles.
  const logicArea = areaTotal - areaArray;
  const leakDevices = (logicArea / tech.aMinDevice) * K.leakageDeviceFraction;
  const leakagePower = leakDevices * tech.wMinN * tech.ioffN * tech.vdd;
  const busyTotal = L.fw + L.ag + L.wg + L.wu + L.transfer;
  let leakE = 0;
  for (let i = 0; i < nL; i++) {
    const share = plan[i]!.arrays / nArrays;
    if (c.pipeline === 'pipelined') leakE += leakagePower * share * Math.max(0, busyTotal - layerBusy[i]!);
    else leakE += leakagePower * (1 - share) * layerBusy[i]!;
  }
  EC.other += leakE;

  const dynamic = E.fw + E.ag + E.wg + E.wu + E.transfer;
  const total = dynamic + leakE;
  const latTotal = busyTotal;
  let macsSame = 0;
  for (const g of geoms) macsSame += g.macs;
  const macs1 = geoms[0]?.macs ?? 0;
  const opsPerImage = 2 * (3 * macsSame - macs1);
  const opsPerEpoch = opsPerImage * images;

  if (setup.hybrid) {
    assumptions.push(
      cfg.synapse.scheme === 'hps'
        ? `HPS: every batch writes only the 3T1C LSB (${(upd.pulseWidthLtp * 1e9).toFixed(2)} ns pulses); eNVM pair programmed row by row at transfers (${st.transfersPerImage > 0 ? (1 / st.transfersPerImage).toFixed(0) : 'no'} images apart); three reads per synapse and input bit (G+, G-, LSB).`
        : '2T-1FeFET: every batch charges the FeFET gate (1 V, 1 ns); polarisation programmed (erase + program, 3 us) at transfers.',
    );
  }
  if (envmPulsesPerEpoch === 0 && lsbPulsesPerEpoch === 0 && setup.update.cell !== 'ideal') warnings.push('no programming pulses in the statistics: WU cost is zero');
  if (utilization < 0.3) warnings.push(`low memory utilisation ${(utilization * 100).toFixed(1)} %`);
  if (vwUpd === 0 || twUpd === 0 || levelsUpd === 0) assumptions.push('Ideal device: programming is free.');

  const result: CostResult = {
    ok: true,
    estimator: COST_ESTIMATOR_ID,
    units: { energy: 'J', latency: 's', area: 'm^2', power: 'W', throughput: 'op/s' },
    area: {
      total: areaTotal,
      byComponent: { array: areaArray, adc: areaAdc, accumulation: areaAccum, interconnect: areaIc, wgUnit: areaWg, other: areaOther },
    },
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
    mapping: { subArrays: nArrays, tiles: nTiles, utilization, writeParallelism: writeParallel, cellsPerWeight: cpw },
    statsSource: st.source,
    assumptions,
    warnings,
  };
  return result;
}

/** Counts of programming pulses per epoch (for the HPS-vs-baseline comparison). */
export type { Component };

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
