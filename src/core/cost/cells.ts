/**
 * Cost-relevant device facts: conductance range, levels, write pulses, cell kind and footprint, taken
 * from the device presets (core/devices/presets.ts, the single source of truth, including measured
 * devices and the config's overrides) except for the two cells whose cost view differs (below).
 */
import type { DeviceSpec } from '../config/schema';
import type { CellKind, DeviceParams } from '../devices/types';
import { resolveDevice } from '../devices/presets';

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

/**
 * Cells whose cost-model view differs from the training preset:
 * - fefet-2t1f: the preset describes the LSB (gate charge, 64 levels, 1 V / 1 ns); the cost model
 *   prices the MSB FeFET programming (4 levels, 2-4 V / 3 us, 50 fF gate) and the 2T-1FeFET footprint.
 * - ideal: no physical cell; priced as a generic 1T1R cell so software references get a cost.
 * Every other device (presets, overrides, measured devices) comes from core/devices/presets.ts.
 */
const COST_ONLY: Readonly<Record<string, CostDevice>> = {
  'fefet-2t1f': { id: 'fefet-2t1f', cell: 'fefet-2t1f', params: p(39.73e-9, 1.788e-6, 4, 4, 0.5, 0.5, 0.005, 4, 4, 3e-6, 3e-6), cellWidthF: 20, cellHeightF: 10, gateCapacitance: 50e-15 },
  ideal: { id: 'ideal', cell: 'ideal', params: p(1e-7, 1e-5, 1024, 1024, 0, 0, 0, 0, 0, 0, 0), cellWidthF: 4, cellHeightF: 4 },
};

/** FeFET gate capacitance (docs/cost.md#cells). */
const FEFET_GATE_CAPACITANCE = 2.17e-18;

/** 2T-1FeFET LSB (gate charge) write: 1 V, 1 ns, 64 levels (docs/devices.md#presets). */
export const FEFET_2T1F_LSB = { voltage: 1, pulseWidth: 1e-9, levels: 64 } as const;

const resolved = new WeakMap<DeviceSpec, CostDevice | null>();

/**
 * Resolve a device spec for costing: the preset (or measured device) plus the config's overrides.
 * Unknown id -> undefined. Memoised per spec object (sweeps share unchanged config subtrees).
 */
export function costDevice(spec: DeviceSpec): CostDevice | undefined {
  const hit = resolved.get(spec);
  if (hit !== undefined) return hit ?? undefined;
  const dev = resolveCostDevice(spec);
  resolved.set(spec, dev ?? null);
  return dev;
}

function resolveCostDevice(spec: DeviceSpec): CostDevice | undefined {
  const special = COST_ONLY[spec.preset];
  if (special) {
    const o = spec.overrides;
    if (!o) return special;
    const params: DeviceParams = { ...special.params };
    for (const k of Object.keys(o) as (keyof typeof o)[]) {
      const v = o[k];
      if (v !== undefined) (params as unknown as Record<string, number>)[k] = v;
    }
    return { ...special, params };
  }
  let resolved: ReturnType<typeof resolveDevice>;
  try {
    resolved = resolveDevice(spec);
  } catch {
    return undefined;
  }
  const { preset, params } = resolved;
  return {
    id: preset.id,
    cell: preset.cell,
    params,
    cellWidthF: preset.cellWidthF,
    cellHeightF: preset.cellHeightF,
    ...(preset.capacitance !== undefined ? { capacitance: preset.capacitance } : {}),
    ...(preset.writeCurrent !== undefined ? { writeCurrent: preset.writeCurrent } : {}),
    ...(preset.cell === 'fefet' ? { gateCapacitance: FEFET_GATE_CAPACITANCE } : {}),
  };
}
