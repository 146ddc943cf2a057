/**
 * Cost model contract: statistics in, metrics out. SI units (J, s, m^2, W).
 */

export const COST_ESTIMATOR_ID = 'hps-studio/neurosim-analytic@2';

export type Phase = 'fw' | 'ag' | 'wg' | 'wu' | 'transfer';
export const PHASES: readonly Phase[] = ['fw', 'ag', 'wg', 'wu', 'transfer'];

/** Energy / latency components (NeuroSim's breakdown plus the write and WG units). */
export type Component = 'adc' | 'accumulation' | 'array' | 'buffer' | 'interconnect' | 'dram' | 'wgUnit' | 'write' | 'other';
export const COMPONENTS: readonly Component[] = ['adc', 'accumulation', 'array', 'buffer', 'interconnect', 'dram', 'wgUnit', 'write', 'other'];

export type AreaComponent = 'array' | 'adc' | 'accumulation' | 'interconnect' | 'wgUnit' | 'other';
export const AREA_COMPONENTS: readonly AreaComponent[] = ['array', 'adc', 'accumulation', 'interconnect', 'wgUnit', 'other'];

/** Per-layer write statistics of one programming event (a batch update or a transfer). */
export interface WriteStats {
  /** Fraction of the layer's synapses that receive at least one pulse. */
  readonly cellFraction: number;
  /** Mean pulses per written synapse. */
  readonly pulsesPerCell: number;
  /** Fraction of the layer's crossbar rows with at least one written cell. */
  readonly rowFraction: number;
  /** Mean over written rows of the largest Up (LTP) / Down (LTD) pulse count in the row. */
  readonly rowMaxUp: number;
  readonly rowMaxDown: number;
}

/**
 * Training statistics the cost model needs (docs/cost.md#statistics). Either the section-8 defaults
 * (`defaultTrainingStats`) or measured from a run (`statsFromCounts`).
 */
export interface TrainingStats {
  readonly source: 'default' | 'measured';
  /** Fraction of 1 bits in the bit-serial inputs, per layer. */
  readonly inputActivity: readonly number[];
  /** Fraction of 1 bits in the bit-serial errors (AG), per layer. */
  readonly errorActivity: readonly number[];
  /** Mean stored conductance as a fraction of (Gmax - Gmin) above Gmin. */
  readonly conductanceFraction: number;
  /** Per-batch update of the device that takes training updates (eNVM for baseline, LSB for hybrids), per layer. */
  readonly update: readonly WriteStats[];
  /** Per-transfer eNVM programming of hybrid schemes, per layer (empty for non-hybrid). */
  readonly transfer: readonly WriteStats[];
  /** Transfers per training image (hybrid schemes); 0 otherwise. */
  readonly transfersPerImage: number;
  /** Extra verify reads per transferred cell (closed-loop programming). */
  readonly verifyReadsPerCell: number;
  /** How the statistics were obtained, in words (copied into the result's assumptions). */
  readonly assumptions: readonly string[];
}

export type PhaseValues = Record<Phase, number>;
export type ComponentValues = Record<Component, number>;

export interface LayerCost {
  readonly name: string;
  /** Per epoch, by phase. */
  readonly energy: PhaseValues;
  readonly latency: PhaseValues;
  readonly tiles: number;
  readonly duplication: number;
  readonly subArrays: number;
}

export interface CostMetrics {
  readonly estimator: string;
  readonly units: { readonly energy: 'J'; readonly latency: 's'; readonly area: 'm^2'; readonly power: 'W'; readonly throughput: 'op/s' };
  readonly area: { readonly total: number; readonly byComponent: Record<AreaComponent, number> };
  /** Per epoch (imagesPerEpoch images). Phase `transfer` is the HPS transfer phase. */
  readonly energy: PhaseValues & { readonly leakage: number; readonly dynamic: number; readonly total: number };
  readonly latency: PhaseValues & { readonly total: number };
  readonly energyByComponent: ComponentValues;
  readonly latencyByComponent: ComponentValues;
  readonly perImage: { readonly energy: number; readonly latency: number };
  readonly perBatch: { readonly energy: number; readonly latency: number };
  readonly leakagePower: number;
  /** Programming pulses per epoch on the non-volatile devices and on the volatile LSB cells. */
  readonly writePulses: { readonly envm: number; readonly lsb: number };
  readonly opsPerEpoch: number;
  /** TOPS/W = ops / J / 1e12; TOPS = ops / s / 1e12. Peak: compute parts only. */
  readonly topsPerWatt: number;
  readonly tops: number;
  readonly peakTopsPerWatt: number;
  readonly peakTops: number;
  readonly imagesPerEpoch: number;
  readonly iterationsPerEpoch: number;
  readonly layers: readonly LayerCost[];
  readonly mapping: {
    readonly subArrays: number;
    readonly tiles: number;
    readonly utilization: number;
    readonly writeParallelism: number;
    readonly cellsPerWeight: number;
  };
  readonly statsSource: 'default' | 'measured';
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
}

export type CostResult = ({ readonly ok: true } & CostMetrics) | { readonly ok: false; readonly reason: string; readonly estimator: string };
