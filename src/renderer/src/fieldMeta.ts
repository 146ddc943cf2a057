/**
 * Field metadata for the wizard from the run-config zod schema: the `describe()` text (units and
 * source), bounds, integer-ness, enum options, the default; plus the display unit and, where the
 * schema text does not cite one, where the default comes from, each with the section of the user
 * documentation (docs/) that explains it.
 */
import type { z } from 'zod';
import { runConfigSchema } from '../../core/config/schema';
import { configField, unwrapSchema } from '../../core/config/fields';
import { defaultConfig, getPath } from './studyDraft';

export interface FieldMeta {
  path: string;
  description: string;
  min?: number;
  max?: number;
  int: boolean;
  nullable: boolean;
  optional: boolean;
  options?: string[];
  kind: 'number' | 'enum' | 'boolean' | 'string' | 'other';
  defaultValue: unknown;
  leaf: z.ZodType | null;
}

/** Display unit (label, factor = SI per display unit) and the source of the default. */
export interface FieldDoc {
  label: string;
  /** Placeholder for an empty optional / nullable field (what empty means). */
  empty?: string;
  unit?: string;
  factor?: number;
  source?: string;
}

const CIM = 'DNN+NeuroSim V2.1 default';
/** A source with the section of the user documentation that explains it: 'text (docs/cost.md#adc)'. */
const cite = (text: string, section: string): string => `${text} (docs/${section})`;
export const FIELD_DOCS: Record<string, FieldDoc> = {
  'workload.network': { label: 'Network', source: cite('MLP+NeuroSim V3.0 uses an MLP on MNIST; DNN+NeuroSim V2.1 VGG-8 on CIFAR-10', 'training.md#networks') },
  'workload.dataset.source': { label: 'Dataset' },
  'workload.hiddenActivation': { label: 'Hidden units', empty: "network's own (MLPs: sigmoid)", source: 'MLP+NeuroSim uses sigmoid hidden units; no network has biases (docs/fair-comparisons.md#network)' },
  'training.lrConvention': { label: 'Learning-rate convention', source: 'NeuroSim: the rate acts on the normalised crossbar weights (docs/fair-comparisons.md#lr-convention)' },
  'workload.dataset.dir': { label: 'Dataset folder' },
  'workload.dataset.trainLimit': { label: 'Training images (limit)', unit: 'images', empty: 'all' },
  'workload.dataset.testLimit': { label: 'Test images (limit)', unit: 'images', empty: 'all' },
  'circuit.node': { label: 'Technology node', unit: 'nm', source: cite('MLP+NeuroSim V3.0 default 32 nm', 'cost.md#technology') },
  'circuit.roadmap': { label: 'Transistor roadmap', source: cite('NeuroSim: LSTP for low leakage', 'cost.md#technology') },
  'circuit.arrayRows': { label: 'Array rows', unit: 'rows', source: cite(`${CIM}: 128 x 128 sub-arrays`, 'cost.md#hierarchy') },
  'circuit.arrayCols': { label: 'Array columns', unit: 'cols', source: cite(`${CIM}: 128 x 128 sub-arrays`, 'cost.md#hierarchy') },
  'circuit.adcType': { label: 'ADC type', source: cite(`${CIM}: multi-level sense amplifier (MLSA)`, 'cost.md#adc') },
  'circuit.adcBits': { label: 'ADC precision', unit: 'bit', source: cite(`${CIM}: 6-bit ADC (≥ 4 bit for VGG-8 with 128 rows)`, 'cost.md#adc') },
  'circuit.columnsPerAdc': { label: 'Columns sharing one ADC', unit: 'cols', source: cite(`${CIM}: 8 columns per ADC`, 'cost.md#hierarchy') },
  'circuit.readMode': { label: 'Read mode', source: cite('NeuroSim: parallel read of all rows', 'cost.md#adc') },
  'circuit.clock': { label: 'Clock', unit: 'GHz', factor: 1e9, source: cite('NeuroSim clock; MLP+NeuroSim uses 2 GHz', 'cost.md#calibration') },
  'circuit.readVoltage': { label: 'Read voltage', unit: 'V', source: cite('NeuroSim read voltage 0.5 V', 'cost.md#cells') },
  'circuit.readPulse': { label: 'Read pulse', unit: 'ns', factor: 1e-9, source: cite('NeuroSim read pulse 10 ns', 'cost.md#cells') },
  'circuit.cellBits': { label: 'Bits per cell', unit: 'bit' },
  'circuit.inputBits': { label: 'Input bits', unit: 'bit', source: cite('WAGE: 8-bit activations applied bit-serially', 'cost.md#fw') },
  'training.epochs': { label: 'Epochs', unit: 'epochs', source: cite('Short default for interactive studies (MLP+NeuroSim runs 125)', 'training.md#evaluation') },
  'training.batchSize': { label: 'Batch size', unit: 'images', source: cite('MLP+NeuroSim uses batch 1; DNN+NeuroSim V2.1 batch 200', 'training.md#learning-rate') },
  'training.learningRate': { label: 'Learning rate', unit: '1', source: cite('Acts on normalised weights; MLP+NeuroSim uses 0.4 / 0.2 on its own weight scale', 'training.md#learning-rate') },
  'training.imagesPerEpoch': { label: 'Images per epoch', unit: 'images', empty: 'whole training set' },
  'training.optimizer': { label: 'Optimizer' },
  'synapse.transfer.everyImages': { label: 'Transfer interval', unit: 'images', source: cite('8,000 images (Ambrogio et al. 2018; MLP+NeuroSim V3.0)', 'synapses.md#transfer') },
  'synapse.transfer.programming': { label: 'eNVM programming at transfer', source: cite('open-loop as MLP+NeuroSim V3.0; closed-loop as Ambrogio et al. 2018', 'synapses.md#programming-modes') },
  'synapse.retention.tau': { label: 'Capacitor retention τ', unit: 'ms', factor: 1e-3, source: cite('No published value: an assumption; empty = no leakage', 'synapses.md#retention'), empty: 'no leakage' },
  'synapse.significance': { label: 'Significance factor F', unit: '1', source: cite('MLP+NeuroSim V3.0 default 4', 'synapses.md#hps-composition') },
  'synapse.mapping': { label: 'Baseline mapping', source: cite('reference column or differential pair', 'synapses.md#baseline') },
  // Device overrides (per device spec).
  gMin: { label: 'G min', unit: 'µS', factor: 1e-6 },
  gMax: { label: 'G max', unit: 'µS', factor: 1e-6 },
  levelsLtp: { label: 'Levels LTP', unit: 'pulses' },
  levelsLtd: { label: 'Levels LTD', unit: 'pulses' },
  nlLtp: { label: 'NL LTP', unit: '1' },
  nlLtd: { label: 'NL LTD', unit: '1' },
  sigmaC2c: { label: 'σ cycle-to-cycle', unit: '% of range', factor: 0.01 },
  sigmaD2d: { label: 'σ device-to-device (NL)', unit: '1' },
  writeVoltageLtp: { label: 'Write voltage LTP', unit: 'V' },
  writeVoltageLtd: { label: 'Write voltage LTD', unit: 'V' },
  pulseWidthLtp: { label: 'Pulse width LTP', unit: 'ns', factor: 1e-9 },
  pulseWidthLtd: { label: 'Pulse width LTD', unit: 'ns', factor: 1e-9 },
};

const defaults = defaultConfig();
const cache = new Map<string, FieldMeta>();

/** Metadata of a RunConfig dot path ('circuit.adcBits'), read from the schema (core/config/fields). */
export function fieldMeta(path: string, root: z.ZodType = runConfigSchema, defaultRoot: unknown = defaults): FieldMeta {
  const key = root === runConfigSchema ? path : '';
  if (key && cache.has(key)) return cache.get(key)!;
  const f = configField(path, root);
  // Inputs edit text or pick named options; a closed set of numbers (the node) is typed as a number.
  const named = f?.options?.every((o) => typeof o === 'string') ? (f.options as string[]) : undefined;
  const meta: FieldMeta = {
    path,
    description: f?.description ?? '',
    int: f?.int ?? false,
    nullable: f?.nullable ?? false,
    optional: f?.optional ?? false,
    kind: !f ? 'other' : f.kind === 'enum' && !named ? 'number' : f.kind,
    defaultValue: getPath(defaultRoot, path),
    leaf: f ? unwrapSchema(f.schema).inner : null,
    ...(f?.min !== undefined ? { min: f.min } : {}),
    ...(f?.max !== undefined ? { max: f.max } : {}),
    ...(named ? { options: named } : {}),
  };
  if (key) cache.set(key, meta);
  return meta;
}

/** Tooltip text: what the field is, its unit, its default and where the default comes from. */
export function tooltipOf(path: string, meta: FieldMeta, doc: FieldDoc | undefined, fmtDefault: string): string {
  const parts: string[] = [];
  if (meta.description) parts.push(meta.description);
  if (doc?.source) parts.push(`Source: ${doc.source}`);
  parts.push(`Default: ${fmtDefault}`);
  if (meta.min !== undefined || meta.max !== undefined) parts.push(`Range: ${meta.min ?? '−∞'} … ${meta.max ?? '∞'} (SI)`);
  parts.push(`Config path: ${path}`);
  return parts.join(' · ');
}

/** Validate a value with the field's own schema; returns the first message or null. */
export function validateField(meta: FieldMeta, value: unknown): string | null {
  if (!meta.leaf) return null;
  if (value === null && meta.nullable) return null;
  if (value === undefined && (meta.optional || meta.defaultValue !== undefined)) return null;
  const r = meta.leaf.safeParse(value);
  if (r.success) return null;
  return r.error.issues[0]?.message ?? 'invalid value';
}
