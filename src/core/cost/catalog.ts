/**
 * Flat metric catalogue: the objective names sweeps and reports use (key -> label, unit, direction),
 * and `flattenCostMetrics` which maps a CostResult onto exactly these keys.
 */
import { AREA_COMPONENTS, COMPONENTS, PHASES, type CostMetrics } from './types';

export interface CostMetricInfo {
  readonly label: string;
  readonly unit: string;
  readonly direction: 'min' | 'max';
}

const PHASE_LABEL = { fw: 'forward (FW)', ag: 'activation gradient (AG)', wg: 'weight gradient (WG)', wu: 'weight update (WU)', transfer: 'HPS transfer' } as const;

function buildCatalog(): Record<string, CostMetricInfo> {
  const c: Record<string, CostMetricInfo> = {
    energyPerEpoch: { label: 'Energy per epoch', unit: 'J', direction: 'min' },
    latencyPerEpoch: { label: 'Latency per epoch', unit: 's', direction: 'min' },
    energyPerImage: { label: 'Energy per training image', unit: 'J', direction: 'min' },
    latencyPerImage: { label: 'Latency per training image', unit: 's', direction: 'min' },
    energyPerBatch: { label: 'Energy per batch', unit: 'J', direction: 'min' },
    latencyPerBatch: { label: 'Latency per batch', unit: 's', direction: 'min' },
    dynamicEnergyPerEpoch: { label: 'Dynamic energy per epoch', unit: 'J', direction: 'min' },
    leakageEnergy: { label: 'Leakage energy per epoch', unit: 'J', direction: 'min' },
    leakagePower: { label: 'Leakage power', unit: 'W', direction: 'min' },
    area: { label: 'Chip area', unit: 'm^2', direction: 'min' },
    topsPerWatt: { label: 'Energy efficiency', unit: 'TOPS/W', direction: 'max' },
    tops: { label: 'Throughput', unit: 'TOPS', direction: 'max' },
    peakTopsPerWatt: { label: 'Peak energy efficiency (compute only)', unit: 'TOPS/W', direction: 'max' },
    peakTops: { label: 'Peak throughput (compute only)', unit: 'TOPS', direction: 'max' },
    opsPerEpoch: { label: 'Operations per epoch', unit: 'op', direction: 'max' },
    utilization: { label: 'Memory utilisation', unit: 'fraction', direction: 'max' },
    subArrays: { label: 'Sub-arrays', unit: '1', direction: 'min' },
    'pulses.envm': { label: 'eNVM programming pulses per epoch', unit: '1', direction: 'min' },
    'pulses.lsb': { label: 'LSB (volatile) pulses per epoch', unit: '1', direction: 'min' },
  };
  for (const p of PHASES) {
    c[`energy.${p}`] = { label: `Energy per epoch, ${PHASE_LABEL[p]}`, unit: 'J', direction: 'min' };
    c[`latency.${p}`] = { label: `Latency per epoch, ${PHASE_LABEL[p]}`, unit: 's', direction: 'min' };
  }
  for (const k of COMPONENTS) {
    c[`energyByComponent.${k}`] = { label: `Energy per epoch, ${k}`, unit: 'J', direction: 'min' };
    c[`latencyByComponent.${k}`] = { label: `Latency per epoch, ${k}`, unit: 's', direction: 'min' };
  }
  for (const k of AREA_COMPONENTS) c[`area.${k}`] = { label: `Area, ${k}`, unit: 'm^2', direction: 'min' };
  return c;
}

export const costMetricCatalog: Readonly<Record<string, CostMetricInfo>> = buildCatalog();

/** The metrics of one successful evaluation as a flat record whose keys are exactly the catalogue's. */
export function flattenCostMetrics(m: CostMetrics): Record<string, number> {
  const out: Record<string, number> = {
    energyPerEpoch: m.energy.total,
    latencyPerEpoch: m.latency.total,
    energyPerImage: m.perImage.energy,
    latencyPerImage: m.perImage.latency,
    energyPerBatch: m.perBatch.energy,
    latencyPerBatch: m.perBatch.latency,
    dynamicEnergyPerEpoch: m.energy.dynamic,
    leakageEnergy: m.energy.leakage,
    leakagePower: m.leakagePower,
    area: m.area.total,
    topsPerWatt: m.topsPerWatt,
    tops: m.tops,
    peakTopsPerWatt: m.peakTopsPerWatt,
    peakTops: m.peakTops,
    opsPerEpoch: m.opsPerEpoch,
    utilization: m.mapping.utilization,
    subArrays: m.mapping.subArrays,
    'pulses.envm': m.writePulses.envm,
    'pulses.lsb': m.writePulses.lsb,
  };
  for (const p of PHASES) {
    out[`energy.${p}`] = m.energy[p];
    out[`latency.${p}`] = m.latency[p];
  }
  for (const k of COMPONENTS) {
    out[`energyByComponent.${k}`] = m.energyByComponent[k];
    out[`latencyByComponent.${k}`] = m.latencyByComponent[k];
  }
  for (const k of AREA_COMPONENTS) out[`area.${k}`] = m.area.byComponent[k];
  return out;
}
