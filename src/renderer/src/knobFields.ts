/**
 * What the wizard's sweep step can sweep: every field of the run config (core/config/fields), with
 * its label, display unit, the values it may take (range from the schema, named options, device
 * presets, technology nodes) and how its values are edited. Pure, unit-tested.
 */
import { configFields, type ConfigField } from '../../core/config/fields';
import type { RunConfig } from '../../core/config/schema';
import { getPath, type KnobDraft, type KnobType } from './studyDraft';
import { displayUnitOf, pathLabel, toDisplay, type DisplayUnit } from './units';

export interface KnobField {
  readonly path: string;
  readonly label: string;
  readonly unit: DisplayUnit;
  /** 'choices': pick from a closed set; 'number': values or a range; 'text': free values. */
  readonly editor: 'choices' | 'number' | 'text';
  readonly type: KnobType;
  /** Closed set of values (enums, booleans, presets, technology nodes). */
  readonly choices?: readonly (string | number | boolean)[];
  /** What the schema allows, in the display unit ('> 0', '1 … 12 bit', 'one of …'). */
  readonly range: string;
  readonly description: string;
  /** Section of the config for grouping ('Circuit', 'Training' ...). */
  readonly section: string;
}

const SECTIONS: Readonly<Record<string, string>> = { workload: 'Workload', synapse: 'Synapse and devices', training: 'Training', circuit: 'Circuit', seed: 'Run' };
/** Fields that name the run, not the design: never a knob. */
const NOT_SWEPT = new Set(['name']);

function rangeText(f: ConfigField, unit: DisplayUnit): string {
  const shown = (v: number): string => toDisplay(f.path, v);
  const u = unit.label ? ` ${unit.label}` : '';
  if (f.kind === 'number') {
    const lo = f.min !== undefined ? `${f.minInclusive ? '≥' : '>'} ${shown(f.min)}` : '';
    const hi = f.max !== undefined ? `${f.maxInclusive ? '≤' : '<'} ${shown(f.max)}` : '';
    const both = [lo, hi].filter(Boolean).join(', ');
    return `${f.int ? 'whole numbers' : 'numbers'}${both ? ` ${both}` : ''}${u}${f.nullable ? ' (or none)' : ''}`;
  }
  if (f.kind === 'boolean') return 'true or false';
  if (f.options) return `one of ${f.options.map((o) => (typeof o === 'number' ? shown(o) : o)).join(', ')}${typeof f.options[0] === 'number' ? u : ''}`;
  return 'text';
}

/** A sweepable field; `presets`: the device preset ids (built-in and user) a preset path may take. */
export function knobField(f: ConfigField, presets: readonly string[]): KnobField {
  const unit = displayUnitOf(f.path);
  const base = { path: f.path, label: pathLabel(f.path), unit, description: f.description, section: SECTIONS[f.path.split('.')[0]!] ?? 'Other' };
  if (f.path.endsWith('.preset') && presets.length)
    return { ...base, editor: 'choices', type: 'categorical', choices: [...presets], range: `a device preset (${presets.length} available)` };
  if (f.kind === 'boolean') return { ...base, editor: 'choices', type: 'categorical', choices: [true, false], range: rangeText(f, unit) };
  if (f.options) {
    // Numeric options (the technology node) stay numbers, so plots put them on a numeric axis.
    const numeric = f.options.every((o) => typeof o === 'number');
    return { ...base, editor: 'choices', type: numeric ? 'integer' : 'categorical', choices: [...f.options], range: rangeText(f, unit) };
  }
  if (f.kind === 'number') return { ...base, editor: 'number', type: f.int ? 'integer' : 'numeric', range: rangeText(f, unit) };
  return { ...base, editor: 'text', type: 'categorical', range: rangeText(f, unit) };
}

/** Every sweepable field of the run config, in schema order. */
export function sweepableFields(presets: readonly string[]): KnobField[] {
  return configFields()
    .filter((f) => !NOT_SWEPT.has(f.path) && f.kind !== 'other')
    .map((f) => knobField(f, presets));
}

/** Does a field match a search text (every word in its label, path, unit or description)? */
export function matchesSearch(f: KnobField, text: string): boolean {
  const hay = `${f.label} ${f.path} ${f.unit.label} ${f.description} ${f.section}`.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * A new knob on a field, starting from the study's base value: a closed set offers the base value
 * and one other choice, numbers start with the base value (the user adds more).
 */
export function newKnob(f: KnobField, base: RunConfig): KnobDraft {
  const current = getPath(base, f.path);
  if (f.editor === 'choices') {
    // Numbers take the next value (node 32 -> 22), names the first other one (a preset list's order).
    const choices = f.choices ?? [];
    const at = choices.findIndex((c) => c === current);
    if (at < 0) return { path: f.path, type: f.type, values: choices.slice(0, 2), scale: 'linear' };
    const other = typeof current === 'number' ? choices[(at + 1) % choices.length] : choices.find((c) => c !== current);
    return { path: f.path, type: f.type, values: other !== undefined && other !== current ? [current as string | number | boolean, other] : [current as string | number | boolean], scale: 'linear' };
  }
  if (f.editor === 'number') return { path: f.path, type: f.type, values: typeof current === 'number' ? [current] : [], scale: 'linear' };
  return { path: f.path, type: 'categorical', values: typeof current === 'string' ? [current] : [], scale: 'linear' };
}
