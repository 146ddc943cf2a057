/**
 * Update-efficacy diagnostics: per layer and epoch, how many of the weight changes the optimiser
 * asked for reached the devices, and where the devices sit. They tell a lost update (a change that
 * rounds to zero pulses, a device pinned at a rail, a saturated LSB) from a bad learning rate.
 *
 *  - requested: synapse updates asked for (a non-zero desired change after gradient quantisation),
 *    summed over the epoch's batches; written: those that became at least one pulse;
 *    efficacy = written / requested (null when nothing was requested).
 *  - meanPulses: update pulses (LTP + LTD; both devices of a pair; the LSB for hybrid synapses;
 *    transfers excluded) per written synapse.
 *  - railLow / railHigh: fraction of the non-volatile devices at Gmin / Gmax at the end of the
 *    epoch (an HPS MSB pair starts erased at Gmin, so read railLow there as "not yet programmed").
 *  - lsbAtRail: fraction of volatile LSB cells at either rail at the end of the epoch;
 *    lsbSaturatedAtTransfer: fraction of LSB cells at a rail when this epoch's transfers read them
 *    (what a saturated LSB could not hold was lost before the transfer).
 *  - overflows: HPS overflow resets (erase both eNVMs, re-program the net weight) this epoch;
 *    transfers: transfers so far in the run.
 * Warnings: a layer that loses more than LOST_UPDATE_LIMIT of its requested updates, and a
 * training loss above ln(classes) (cross-entropy of a uniform guess) after an epoch.
 */
import type { SynapseCounts, SynapseStateStats } from '../synapse/types';

/** A layer that turns fewer than 5 % of its requested updates into pulses has effectively stopped learning. */
export const LOST_UPDATE_LIMIT = 0.95;

export interface LayerDiagnostics {
  layer: string;
  requested: number;
  written: number;
  efficacy: number | null;
  meanPulses: number | null;
  railLow: number | null;
  railHigh: number | null;
  lsbAtRail: number | null;
  lsbSaturatedAtTransfer: number | null;
  overflows: number;
  transfers: number;
}

/** Diagnostics of one layer over an epoch: counters at its start and end, and the devices' state at its end. */
export function layerDiagnostics(layer: string, before: SynapseCounts, after: SynapseCounts, state: SynapseStateStats, cells: number): LayerDiagnostics {
  const d = (k: keyof SynapseCounts): number => (after[k] ?? 0) - (before[k] ?? 0);
  const requested = d('cellsRequested');
  const written = d('cellsWritten');
  const pulses = d('envmPulsesUp') + d('envmPulsesDown') - d('transferPulses') + d('lsbPulsesUp') + d('lsbPulsesDown');
  const transfersNow = d('transfers');
  const frac = (n: number, of: number): number | null => (of > 0 ? n / of : null);
  return {
    layer,
    requested,
    written,
    efficacy: frac(written, requested),
    meanPulses: frac(pulses, written),
    railLow: frac(state.railLow, state.devices),
    railHigh: frac(state.railHigh, state.devices),
    lsbAtRail: frac(state.lsbAtRail, state.lsbCells),
    lsbSaturatedAtTransfer: state.lsbCells > 0 ? frac(d('transferLsbAtRail'), transfersNow * cells) : null,
    overflows: d('overflows'),
    transfers: after.transfers ?? 0,
  };
}

/** What an epoch's warnings are computed from. */
export interface EpochHealth {
  epoch: number;
  trainLoss: number;
  diagnostics?: readonly LayerDiagnostics[];
}

/**
 * Warnings of one epoch, in words: layers that lost more than 95 % of their requested updates, and a
 * training loss above ln(classes) (cross-entropy; for SSE the bound does not apply and is not checked).
 */
export function epochWarnings(m: EpochHealth, classes: number, loss: 'cross-entropy' | 'sse' = 'cross-entropy'): string[] {
  const out: string[] = [];
  for (const l of m.diagnostics ?? []) {
    if (l.efficacy !== null && l.efficacy < 1 - LOST_UPDATE_LIMIT)
      out.push(
        `epoch ${m.epoch}, layer ${l.layer}: ${(100 * (1 - l.efficacy)).toFixed(1)} % of ${l.requested} requested updates became no pulse (more than ${100 * LOST_UPDATE_LIMIT} % lost: the learning rate is too small for the device's step, or the devices sit at a rail)`,
      );
  }
  const chance = Math.log(classes);
  if (loss === 'cross-entropy' && Number.isFinite(m.trainLoss) && m.trainLoss > chance)
    out.push(`epoch ${m.epoch}: training loss ${m.trainLoss.toFixed(3)} is above ln(${classes}) = ${chance.toFixed(3)}, the loss of a uniform guess (the network is not learning)`);
  else if (loss === 'cross-entropy' && !Number.isFinite(m.trainLoss)) out.push(`epoch ${m.epoch}: training loss is not finite`);
  return out;
}
