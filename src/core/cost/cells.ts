/**
 * Cost-relevant device facts. The device presets (core/devices/presets.ts) are the source of truth for
 * the training engine; the cost model needs only conductance range, levels, write pulses, cell kind and
 * footprint. This table repeats domain.md section 3 for those fields so the cost model works on its own,
 * and `costDevice()` applies the config's overrides.
 */
import type { DeviceSpec } from '../config/schema';
import type { CellKind, DeviceParams } from '../devices/types';

export interface CostDevice {
  readonly id: string;
  readonly cell: CellKind;
  readonly params: DeviceParams;
  /** Cell footprint in F (F = array wire width). */
  readonly cellWidthF: number;
  readonly cellHeightF: number;
  /** Volatile cells: capacitance (F) and write current (A). */
  readonly capacitance?: number;
  readonly writeCurrent?: number;
  /** FeFET gate capacitance (F). */
  readonly gateCapacitance?: number;
}

const p = (
  gMin: number,
  gMax: number,
  levelsLtp: number,
  levelsLtd: number,
  nlLtp: number,
  nlLtd: number,
  sigmaC2c: number,
  vLtp: number,
  vLtd: number,
  twLtp: number,
  twLtd: number,
): DeviceParams => ({
  gMin,
  gMax,
  levelsLtp,
  levelsLtd,
  nlLtp,
  nlLtd,
  sigmaC2c,
  sigmaD2d: 0,
  writeVoltageLtp: vLtp,
  writeVoltageLtd: vLtd,
  pulseWidthLtp: twLtp,
  pulseWidthLtd: twLtd,
});

/** domain.md section 3 (see citations there). Footprints: 1T1R 4F x 4F, FeFET 4F x 4F (V2.1), HPS 100F x 50F, 8T SRAM 8F x 20F. */
export const COST_DEVICES: Readonly<Record<string, CostDevice>> = {
  'ag-a-si': { id: 'ag-a-si', cell: 'rram-1t1r', params: p(3.077e-9, 38.46e-9, 97, 100, 2.4, -4.88, 0.035, 3.2, 2.8, 300e-6, 300e-6), cellWidthF: 4, cellHeightF: 4 },
  'taox-hfox': { id: 'taox-hfox', cell: 'rram-1t1r', params: p(1e-6, 10e-6, 128, 128, 0.04, -0.63, 0.037, 1.6, 1.6, 50e-9, 50e-9), cellWidthF: 4, cellHeightF: 4 },
  pcmo: { id: 'pcmo', cell: 'rram-1t1r', params: p(1 / 23e6 / 6.84, 1 / 23e6, 50, 50, 3.68, -6.76, 0.01, 2, 2, 1e-3, 1e-3), cellWidthF: 4, cellHeightF: 4 },
  'alox-hfo2': { id: 'alox-hfo2', cell: 'rram-1t1r', params: p(13.36e-6, 59.17e-6, 40, 40, 1.94, -0.61, 0.05, 0.9, 1.0, 100e-6, 100e-6), cellWidthF: 4, cellHeightF: 4 },
  'gst-pcm': { id: 'gst-pcm', cell: 'pcm-1t1r', params: p(1 / 4.71e3 / 19.8, 1 / 4.71e3, 100, 120, 0.105, 2.4, 0.015, 0.7, 3, 6e-6, 125e-9), cellWidthF: 4, cellHeightF: 4 },
  epiram: { id: 'epiram', cell: 'rram-1t1r', params: p(0.246e-6, 12.35e-6, 64, 64, 0.5, -0.5, 0.02, 5, 3, 5e-6, 5e-6), cellWidthF: 4, cellHeightF: 4 },
  'hzo-fefet': { id: 'hzo-fefet', cell: 'fefet', params: p(1 / 559e3 / 45, 1 / 559e3, 32, 32, 1.75, 1.46, 0.005, 3.65, 2.95, 75e-9, 75e-9), cellWidthF: 4, cellHeightF: 4, gateCapacitance: 2.17e-18 },
  'hps-envm': { id: 'hps-envm', cell: 'rram-1t1r', params: p(0.476e-6, 10e-6, 31, 31, 4.22, -4.22, 0.005, 2, 2, 80e-9, 80e-9), cellWidthF: 4, cellHeightF: 4 },
  'cap-3t1c': { id: 'cap-3t1c', cell: 'cap-3t1c', params: p(4e-6, 20e-6, 32, 32, 0.2, -0.2, 0.005, 1, 1, 0.5e-9, 0.5e-9), cellWidthF: 100, cellHeightF: 50, capacitance: 100e-15, writeCurrent: 6.67e-6 },
  'fefet-2t1f': { id: 'fefet-2t1f', cell: 'fefet-2t1f', params: p(39.73e-9, 1.788e-6, 4, 4, 0.5, 0.5, 0.005, 4, 4, 3e-6, 3e-6), cellWidthF: 20, cellHeightF: 10, gateCapacitance: 50e-15 },
  ideal: { id: 'ideal', cell: 'ideal', params: p(1e-7, 1e-5, 1024, 1024, 0, 0, 0, 0, 0, 0, 0), cellWidthF: 4, cellHeightF: 4 },
};

/** 2T-1FeFET LSB (gate charge) write: 1 V, 1 ns, 64 levels (domain.md section 3). */
export const FEFET_2T1F_LSB = { voltage: 1, pulseWidth: 1e-9, levels: 64 } as const;

/** Resolve a device spec for costing: preset facts plus the config's overrides. Unknown id -> undefined. */
export function costDevice(spec: DeviceSpec): CostDevice | undefined {
  const base = COST_DEVICES[spec.preset];
  if (!base) return undefined;
  const o = spec.overrides;
  if (!o) return base;
  const params: DeviceParams = { ...base.params };
  for (const k of Object.keys(o) as (keyof typeof o)[]) {
    const v = o[k];
    if (v !== undefined) (params as unknown as Record<string, number>)[k] = v;
  }
  return { ...base, params };
}
