/**
 * Every field of the run configuration as data, read from the zod schema: its dot path, kind, the
 * values it may take (range, integer-ness, options), its default and its unit. The study wizard's
 * knob picker lists these so any config path can be swept; plots use the units for their axes.
 *
 * Units come from the schema's descriptions ('Clock frequency, Hz' -> 'Hz', 'V' -> 'V'); fields
 * whose description states none are named after what they count (adcBits -> bit, arrayRows -> rows).
 */
import type { z } from 'zod';
import { runConfigSchema, technologyNodes } from './schema';

/** The zod 4 definition fields this module reads (public `_zod.def`). */
interface DefLike {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  entries?: Record<string, string>;
  options?: readonly z.ZodType[];
  defaultValue?: unknown;
  checks?: readonly { _zod: { def: { check?: string; value?: number; inclusive?: boolean } } }[];
}
export const defOf = (s: z.ZodType): DefLike => (s as unknown as { _zod: { def: DefLike } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** Strip optional / nullable / default / readonly / pipe wrappers, noting what they said. */
export function unwrapSchema(s: z.ZodType): { inner: z.ZodType; nullable: boolean; optional: boolean; description: string } {
  let cur = s;
  let nullable = false;
  let optional = false;
  let description = '';
  for (let guard = 0; guard < 32; guard++) {
    const d = (cur as unknown as { description?: string }).description;
    if (d && !description) description = d;
    const def = defOf(cur);
    if (WRAPPERS.has(def.type) && def.innerType) {
      if (def.type === 'nullable') nullable = true;
      if (def.type === 'optional') optional = true;
      cur = def.innerType;
    } else if (def.type === 'pipe' && def.in) cur = def.in;
    else break;
  }
  const d = (cur as unknown as { description?: string }).description;
  if (d && !description) description = d;
  return { inner: cur, nullable, optional, description };
}

export type FieldKind = 'number' | 'enum' | 'boolean' | 'string' | 'other';

export interface ConfigField {
  readonly path: string;
  readonly kind: FieldKind;
  /** Whole numbers only. */
  readonly int: boolean;
  readonly min?: number;
  readonly max?: number;
  /** False when the bound itself is excluded (positive numbers: min 0, exclusive). */
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
  /** The values a field may take when it is a closed set (enums, the technology node). */
  readonly options?: readonly (string | number)[];
  readonly nullable: boolean;
  readonly optional: boolean;
  readonly description: string;
  /** SI unit or what the number counts ('s', 'Hz', 'bit', 'images', '' for plain numbers). */
  readonly unit: string;
  readonly schema: z.ZodType;
}

/** Fields with a closed set of numeric values the schema checks with a refinement. */
const NUMERIC_OPTIONS: Readonly<Record<string, readonly number[]>> = { 'circuit.node': technologyNodes };

/** What fields without a unit in their description count, by name. */
const COUNT_UNITS: readonly [RegExp, string][] = [
  [/Bits$|^bits$/i, 'bit'],
  [/^(arrayRows|subArrayRows)$/, 'rows'],
  [/^(arrayCols|columnsPerAdc)$/, 'columns'],
  [/^(batchSize|imagesPerEpoch|trainLimit|testLimit|everyImages)$/, 'images'],
  [/^epochs$|Epochs$/, 'epochs'],
  [/^levels(Ltp|Ltd)$/, 'pulses'],
  [/^verifyMaxPulses$/, 'pulses'],
];

const SI_WORDS: Readonly<Record<string, string>> = { seconds: 's', second: 's', volts: 'V', hertz: 'Hz', kelvin: 'K', siemens: 'S' };

/**
 * The unit a description states: the whole text when it is a bare unit ('V'), else the words after
 * its first comma up to a bracket or semicolon when they are short ('Clock frequency, Hz').
 */
export function unitFromDescription(description: string): string {
  const t = description.trim();
  if (/^(s|V|K|Hz|S|F|A|W|J|m\^2|nm)$/.test(t)) return t;
  const m = /,\s*(?:in\s+)?([^,;(]+?)\s*(?:[;(]|$)/.exec(t);
  if (m) {
    const u = m[1]!.trim();
    if (/^(s|V|K|Hz|S|F|A|W|J|nm|images|bits?)$/.test(u)) return u === 'bits' ? 'bit' : u;
    if (/^fraction of /.test(u)) return 'fraction';
    if (u.split(/\s+/).length <= 2 && /steps$/.test(u)) return u;
  }
  const word = /\bin hardware (seconds)\b/.exec(t);
  if (word) return SI_WORDS[word[1]!]!;
  if (/^Fraction of /i.test(t)) return 'fraction';
  return '';
}

function unitOf(path: string, description: string): string {
  const u = unitFromDescription(description);
  if (u) return u;
  const last = path.split('.').pop() ?? path;
  for (const [re, unit] of COUNT_UNITS) if (re.test(last)) return unit;
  return '';
}

function numberBounds(s: z.ZodType): Pick<ConfigField, 'int' | 'min' | 'max' | 'minInclusive' | 'maxInclusive'> {
  const n = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  let minInclusive = true;
  let maxInclusive = true;
  for (const c of defOf(s).checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') minInclusive = d.inclusive !== false;
    if (d.check === 'less_than') maxInclusive = d.inclusive !== false;
  }
  const out: { int: boolean; min?: number; max?: number; minInclusive: boolean; maxInclusive: boolean } = { int: !!n.isInt, minInclusive, maxInclusive };
  if (n.minValue !== null && Number.isFinite(n.minValue) && n.minValue > -9e15) out.min = n.minValue;
  if (n.maxValue !== null && Number.isFinite(n.maxValue) && n.maxValue < 9e15) out.max = n.maxValue;
  return out;
}

function describe(path: string, schema: z.ZodType): ConfigField {
  const { inner, nullable, optional, description } = unwrapSchema(schema);
  const def = defOf(inner);
  const base = { path, nullable, optional, description, unit: unitOf(path, description), schema, int: false, minInclusive: true, maxInclusive: true };
  if (def.type === 'number') {
    const options = NUMERIC_OPTIONS[path];
    return { ...base, kind: options ? 'enum' : 'number', ...numberBounds(inner), ...(options ? { options } : {}) };
  }
  if (def.type === 'enum') return { ...base, kind: 'enum', options: Object.values(def.entries ?? {}) };
  if (def.type === 'boolean') return { ...base, kind: 'boolean' };
  if (def.type === 'string') return { ...base, kind: 'string' };
  if (def.type === 'union') {
    // A choice of named values or a number (retention target): the named values are the options.
    const named = (def.options ?? []).flatMap((o) => {
      const od = defOf(unwrapSchema(o).inner);
      return od.type === 'enum' ? Object.values(od.entries ?? {}) : [];
    });
    return { ...base, kind: named.length ? 'enum' : 'other', ...(named.length ? { options: named } : {}) };
  }
  return { ...base, kind: 'other' };
}

/** The schema at a dot path of `root`, followed through optional / default wrappers; undefined when none. */
export function schemaAt(path: string, root: z.ZodType): z.ZodType | undefined {
  if (path === '') return undefined;
  let cur: z.ZodType = root;
  for (const seg of path.split('.')) {
    const d = defOf(unwrapSchema(cur).inner);
    if (d.type !== 'object' || !d.shape || !Object.prototype.hasOwnProperty.call(d.shape, seg)) return undefined;
    cur = d.shape[seg]!;
  }
  return cur;
}

/** The field at a dot path of `root` (default: the run config), or undefined when there is none. */
export function configField(path: string, root: z.ZodType = runConfigSchema): ConfigField | undefined {
  const s = schemaAt(path, root);
  return s ? describe(path, s) : undefined;
}

/**
 * Every leaf field of the run config (objects are walked, arrays and records are not leaves a study
 * can sweep), in schema order.
 */
export function configFields(root: z.ZodType = runConfigSchema): ConfigField[] {
  const out: ConfigField[] = [];
  const walk = (s: z.ZodType, prefix: string): void => {
    const d = defOf(unwrapSchema(s).inner);
    if (d.type === 'object' && d.shape) {
      for (const [k, v] of Object.entries(d.shape)) walk(v, prefix ? `${prefix}.${k}` : k);
      return;
    }
    if (d.type === 'array' || d.type === 'tuple' || d.type === 'record') return;
    out.push(describe(prefix, s));
  };
  walk(root, '');
  return out;
}
