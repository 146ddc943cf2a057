/**
 * Programming cost of one write event over a layer (a batch's weight update or an HPS transfer),
 * row by row as NeuroSim's GetWriteUpdateEstimation and SubArray write latency count it: a written row
 * takes (max Up pulses + max Down pulses) x pulse width plus the switch matrix settling its lines; every
 * pulse charges the selected word line and the bit / source lines at the write voltage; the cell energy
 * is the device's (resistive V^2 / R t per pulse, FeFET polarisation once per written cell, capacitor
 * charge per pulse, SRAM cell flip). The changed weights also cross the tile buffer and H-tree.
 */
import type { RunConfig } from '../config/schema';
import { capacitorPulseEnergy, fefetWriteEnergy, resistivePulseEnergy } from './components';
import type { CostDevice } from './cells';
import { FEFET_2T1F_LSB } from './cells';
import type { SramCell } from './circuits';
import type { Periphery } from './periphery';
import type { LayerGeom } from './phases';
import type { Technology } from './technology';
import type { WriteStats } from './types';

export interface WriteCell {
  readonly tech: Technology;
  readonly per: Periphery;
  /** Word line (wire + access gates), bit line (wire + access drains), and the bare row wire, F. */
  readonly cWordLine: number;
  readonly cBitLine: number;
  readonly cRowWire: number;
  /** Switch-matrix settling of the written lines per row (both phases), s. */
  readonly tSwitchWrite: number;
  readonly gMean: number;
  readonly cellArea: number;
  /** The SRAM cell, when the synapse is SRAM. */
  readonly sram: SramCell | undefined;
  readonly clock: number;
  readonly arrayRows: number;
  readonly arrayCols: number;
}

export interface WriteCost {
  readonly energy: number;
  readonly latency: number;
  readonly pulses: number;
}

export function writeEvent(g: LayerGeom, ws: WriteStats, dev: CostDevice, kind: 'update' | 'transfer', cfg: RunConfig, w: WriteCell): WriteCost {
  const { tech, per } = w;
  const prm = dev.params;
  const scheme = cfg.synapse.scheme;
  let vw = Math.hypot(prm.writeVoltageLtp, prm.writeVoltageLtd);
  let twUp = prm.pulseWidthLtp;
  let twDown = prm.pulseWidthLtd;
  let levels = Math.max(prm.levelsLtp, prm.levelsLtd);
  if (kind === 'update' && scheme === 'fefet-2t1f') {
    vw = FEFET_2T1F_LSB.voltage;
    twUp = twDown = FEFET_2T1F_LSB.pulseWidth;
    levels = FEFET_2T1F_LSB.levels;
  }
  const rowsTotal = g.rowsSlice * g.k2 * g.cb; // rows of all sub-arrays of one copy
  const rows = rowsTotal * ws.rowFraction;
  const cells = g.weights * ws.cellFraction; // synapses written (one device of the pair / one LSB)
  const pulses = cells * ws.pulsesPerCell;
  const cellKind = kind === 'update' && scheme === 'hps' ? 'cap-3t1c' : dev.cell;
  const v2 = tech.vdd * tech.vdd;
  const colsRow = Math.min(w.arrayCols, g.cols);
  const phases = Math.min(1, ws.rowMaxUp) + Math.min(1, ws.rowMaxDown);
  const selected = Math.min(colsRow, (ws.cellFraction * colsRow) / Math.max(1, phases) / Math.max(1e-12, ws.rowFraction));
  const rowPulses = ws.rowMaxUp + ws.rowMaxDown;
  let ePulse = 0;
  let eCellOnce = 0;
  let eRow: number;
  let rowTime: number;
  if (cellKind === 'sram-8t' && w.sram) {
    eCellOnce = w.sram.cellCap * v2 * 2;
    eRow = phases * w.cWordLine * v2;
    rowTime = w.sram.write + w.tSwitchWrite;
  } else {
    const dG = (prm.gMax - prm.gMin) / Math.max(1, levels);
    if (cellKind === 'cap-3t1c') ePulse = capacitorPulseEnergy(dev.writeCurrent ?? 6.67e-6, twUp, prm.writeVoltageLtp);
    else if (cellKind === 'fefet' || cellKind === 'fefet-2t1f') {
      if (kind === 'update' && scheme === 'fefet-2t1f') ePulse = (dev.gateCapacitance ?? 2.17e-18) * vw * vw;
      else eCellOnce = fefetWriteEnergy(vw, tech.featureSize);
    } else if (cellKind !== 'ideal') ePulse = resistivePulseEnergy(vw, w.gMean, w.gMean + dG, 0.5 * (twUp + twDown));
    // Lines per pulse: the selected word line at Vdd; a resistive row drives the unselected source lines
    // and the selected bit lines at V_w (NeuroSim's 1T1R scheme), a FeFET only the selected columns.
    const lineV = cellKind === 'cap-3t1c' ? prm.writeVoltageLtp : vw;
    const perPulse =
      w.cWordLine * v2 +
      (cellKind === 'fefet' || cellKind === 'fefet-2t1f' || cellKind === 'cap-3t1c'
        ? w.cBitLine * lineV * lineV * selected
        : lineV * lineV * (w.cBitLine * (colsRow - selected) + w.cRowWire * selected));
    eRow = rowPulses * perPulse;
    rowTime = ws.rowMaxUp * twUp + ws.rowMaxDown * twDown + phases * w.tSwitchWrite;
  }
  // Changed weights cross the tile input buffer and H-tree (NeuroSim charges them to the update).
  const deltaBits = g.rows * g.cols * ws.rowFraction;
  const bufferLatency =
    ((2 * deltaBits) / per.tileIn.lineBits / per.tileInParallel) * per.tileIn.lineLatency + (deltaBits / per.tileTree.width) * per.tileTree.latency;
  const energy = g.copies * (pulses * ePulse + cells * eCellOnce + rows * eRow) + deltaBits * (2 * per.tileIn.bitEnergy + per.tileTree.bitEnergy);
  const latency = (g.place.writeTurns * rows * rowTime + bufferLatency) / per.writeParallel;
  return { energy, latency, pulses: g.copies * pulses };
}
