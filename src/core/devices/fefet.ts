/**
 * FeFET cells (docs/devices.md#derived-values, docs/synapses.md#fefet-2t1f).
 *
 * - The HZO FeFET as an analog synapse (preset hzo-fefet) is an eNVM like any other: the NeuroSim
 *   model with same-sign labels (+1.75 / +1.46) in envm.ts.
 * - The 2T-1FeFET hybrid (Sun et al., IEDM 2018; MLP+NeuroSim V3.0 `_2T1F`): LSB = volatile charge
 *   on the FeFET gate (64 levels, NL 0.5 / 0.5, 1 V 1 ns pulses, leaks like the 3T1C capacitor),
 *   MSB = polarisation with 4 levels. When the LSB crosses an MSB level boundary the FeFET is erased
 *   (-4 V) and re-programmed (2 to 4 V, 3 us) to the next level and the LSB is re-centred.
 *   Energy per MSB transfer: V_erase^2 C_g + V_prog^2 C_g (docs/synapses.md#fefet-2t1f).
 */
import type { FefetHybridParams } from './types';

/** MSB re-programming energy of one 2T-1FeFET transfer to `level` (0-based), J. */
export function fefetTransferEnergy(h: FefetHybridParams, level: number): number {
  const vp = h.msbProgramVoltages[Math.min(Math.max(0, Math.round(level)), h.msbProgramVoltages.length - 1)] ?? 0;
  return h.eraseVoltage * h.eraseVoltage * h.gateCapacitance + vp * vp * h.gateCapacitance;
}

/** Conductance of MSB level m of M (equally spaced between gMin and gMax), normalised. */
export function fefetMsbLevel(m: number, msbLevels: number): number {
  return msbLevels > 1 ? m / (msbLevels - 1) : 0;
}
