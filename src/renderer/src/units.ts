/**
 * The one place where the renderer decides in which unit a config field is shown and typed: the
 * field's display unit from FIELD_DOCS (retention in ms, clock in GHz) or else the unit the schema
 * states (core/config/fields), its label, and value <-> text conversion. Forms, the knob editor,
 * tables and plot axes all ask here, so a quantity reads the same everywhere.
 */
import { configField } from '../../core/config/fields';
import { FIELD_DOCS } from './fieldMeta';
import { sig } from './format';

export interface DisplayUnit {
  /** Unit text shown next to values ('ms', 'images', '' for plain numbers). */
  readonly label: string;
  /** SI value = display value x factor. */
  readonly factor: number;
}

const SI_LABEL: Readonly<Record<string, string>> = { fraction: '', 'm^2': 'm²' };

/** Display unit of a run-config path. */
export function displayUnitOf(path: string): DisplayUnit {
  const doc = FIELD_DOCS[path] ?? FIELD_DOCS[path.split('.').pop() ?? ''];
  if (doc?.unit !== undefined) return { label: doc.unit === '1' ? '' : doc.unit, factor: doc.factor ?? 1 };
  const u = configField(path)?.unit ?? '';
  return { label: SI_LABEL[u] ?? u, factor: 1 };
}

const ABBREVIATIONS: Readonly<Record<string, string>> = { nl: 'NL', ltp: 'LTP', ltd: 'LTD', adc: 'ADC', lsb: 'LSB', c2c: 'c2c', d2d: 'd2d', tau: 'τ', dram: 'DRAM', wg: 'WG' };

/** 'everyImages' -> 'every images', 'nlLtp' -> 'NL LTP'. */
function words(seg: string): string {
  return seg
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((w) => ABBREVIATIONS[w.toLowerCase()] ?? w.toLowerCase())
    .join(' ');
}

/** Human label of a config path: FIELD_DOCS' label, else words from the path (device overrides name their device). */
export function pathLabel(path: string): string {
  const doc = FIELD_DOCS[path];
  if (doc) return doc.label;
  const segs = path.split('.');
  const last = segs[segs.length - 1]!;
  if (segs.includes('overrides')) {
    const device = segs.includes('lsb') ? 'LSB' : 'eNVM';
    return `${device} ${FIELD_DOCS[last]?.label ?? words(last)}`;
  }
  if (last === 'preset') return segs.includes('lsb') ? 'LSB device preset' : 'eNVM device preset';
  if (last === 'seed') return 'Seed';
  const text = words(last);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Label with its display unit: 'Capacitor retention τ (ms)'. */
export function pathLabelWithUnit(path: string): string {
  const u = displayUnitOf(path).label;
  return u ? `${pathLabel(path)} (${u})` : pathLabel(path);
}

/** A value of a field as text in the field's display unit (numbers without the unit). */
export function toDisplay(path: string, v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'none';
  if (typeof v === 'number') {
    const f = displayUnitOf(path).factor;
    return sig(f === 1 ? v : v / f, 6);
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A number typed in the display unit, as SI (rounded to 12 significant digits so 30 ms is 0.03 s exactly). */
export function fromDisplay(path: string, n: number): number {
  const f = displayUnitOf(path).factor;
  return f === 1 ? n : Number((n * f).toPrecision(12));
}
