/**
 * The 3T1C capacitor LSB cell (MLP+NeuroSim V3.0 `_3T1C`; Ambrogio et al. 2018) and volatile-cell
 * retention (docs/synapses.md#retention).
 *
 * Update: a write pulse of width t drives a constant current I into the storage capacitor C, so one
 * pulse moves the node by dV = I t / C (6.67 uA x 0.5 ns / 100 fF = 33.35 mV at the defaults). The
 * read FET turns V into a conductance between gMin and gMax nearly linearly; the residual
 * nonlinearity, levels and noise are the preset's NL / levels / sigmaC2c, applied by the same
 * NeuroSim model as every device (envm.ts). The stored state is kept normalised, g = V / V_swing.
 *
 * Retention: V(t + dt) = V_target + (V(t) - V_target) exp(-dt / tau), per cell, dt in hardware
 * seconds; the target is the reference level (mid-range), ground, or a given normalised value.
 */
import type { DeviceParams } from './types';

/** Voltage step of one write pulse, V: dV = I t / C. */
export function capacitorStepVoltage(capacitance: number, writeCurrent: number, pulseWidth: number): number {
  if (!(capacitance > 0)) throw new RangeError(`capacitance must be > 0 F (got ${capacitance})`);
  return (writeCurrent * pulseWidth) / capacitance;
}

/** Whole levels that fit in a voltage swing: floor(swing / dV). */
export function capacitorLevels(swing: number, stepVoltage: number): number {
  return Math.max(1, Math.floor(swing / stepVoltage + 1e-9));
}

export interface CapacitorCell {
  readonly capacitance: number;
  readonly writeCurrent: number;
  readonly pulseWidth: number;
  /** Storage-node swing (supply), V. */
  readonly supplyVoltage: number;
  /** Read-FET conductance range, S. */
  readonly gMin: number;
  readonly gMax: number;
  readonly nl?: number;
  readonly sigmaC2c?: number;
  /** Levels; default = whole capacitor steps in the swing. */
  readonly levels?: number;
}

/** DeviceParams of a capacitor cell derived from its circuit values (levels from dV = I t / C). */
export function capacitorParams(c: CapacitorCell): DeviceParams {
  const dv = capacitorStepVoltage(c.capacitance, c.writeCurrent, c.pulseWidth);
  const levels = c.levels ?? capacitorLevels(c.supplyVoltage, dv);
  const nl = c.nl ?? 0;
  return {
    gMin: c.gMin,
    gMax: c.gMax,
    levelsLtp: levels,
    levelsLtd: levels,
    nlLtp: nl,
    nlLtd: -nl,
    sigmaC2c: c.sigmaC2c ?? 0,
    sigmaD2d: 0,
    writeVoltageLtp: c.supplyVoltage,
    writeVoltageLtd: c.supplyVoltage,
    pulseWidthLtp: c.pulseWidth,
    pulseWidthLtd: c.pulseWidth,
  };
}

export type LeakTarget = 'reference' | 'ground' | number;

/** Normalised stored value the cell relaxes toward: reference = 0.5, ground = 0, value w in [-1, 1] -> (w + 1) / 2. */
export function leakTargetLevel(target: LeakTarget): number {
  if (target === 'reference') return 0.5;
  if (target === 'ground') return 0;
  if (!(target >= -1 && target <= 1)) throw new RangeError(`leak target must be in [-1, 1] (got ${target})`);
  return (target + 1) / 2;
}

/** Relax every stored value toward `level` over dt seconds: v = level + (v - level) e^(-dt/tau). In place. */
export function applyLeak(v: Float32Array, dt: number, tau: number, level: number): void {
  if (!(dt > 0) || !(tau > 0) || !Number.isFinite(tau)) return;
  const k = Math.exp(-dt / tau);
  const c = level * (1 - k);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * k + c;
}

/**
 * Time for a stored value to lose one LSB level (1 / levels of the swing) while relaxing toward
 * `target`: t = -tau ln(1 - (1/levels) / |v0 - target|). Default v0 = the level farthest from the
 * target (the fastest loss). Infinity when v0 is within one level of the target.
 */
export function timeToLoseOneLevel(tau: number, levels: number, target: LeakTarget = 'reference', v0?: number): number {
  const t = leakTargetLevel(target);
  const d = v0 === undefined ? Math.max(t, 1 - t) : Math.abs(v0 - t);
  const step = 1 / levels;
  if (d <= step) return Infinity;
  return -tau * Math.log1p(-step / d);
}
