/**
 * User presets in configs and studies. A user preset (a fitted or tuned device saved in the
 * database) is named in a config by its id, like a built-in preset. Before a config or a study is
 * stored, every such id is resolved and the preset's complete definition is copied into the
 * document (`device.userPreset`; a study keeps the ones its knobs name in `userPresets`), so a stored
 * run means the same thing after its preset is changed or deleted. Unknown preset ids are refused
 * here, naming the field, instead of failing later as an infeasible design point.
 *
 * These functions work on raw (not yet validated) JSON and never modify their input.
 */
import type { RunConfig, UserDevice } from '../config/schema';
import { ConfigError } from '../errors';
import { DEVICE_PRESET_IDS } from './presets';
import { closest } from '../suggest';

export type UserPresetLookup = (id: string) => UserDevice | undefined;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is `id` a built-in preset or the measured-data pseudo-preset (ids a user preset may not take)? */
export function isBuiltInPreset(id: string): boolean {
  return id === 'measured' || DEVICE_PRESET_IDS.includes(id);
}

function unknownPreset(id: string, path: string, userIds: readonly string[]): ConfigError {
  const known = [...DEVICE_PRESET_IDS, 'measured', ...userIds];
  const guess = closest(id, known);
  const message = `unknown device preset '${id}'${guess ? ` (did you mean '${guess}'?)` : ''}; built-in: ${DEVICE_PRESET_IDS.join(', ')}, measured${userIds.length ? `; user presets: ${userIds.join(', ')}` : ''}`;
  return new ConfigError(`${path}: ${message}`, { issues: [{ path, message, value: id }] });
}

/**
 * A device spec with its user preset resolved: the definition copied in (or a stale one for another
 * id dropped). Built-in ids pass through; unknown ids throw a ConfigError naming `path`.
 */
function embedDevice(spec: unknown, path: string, lookup: UserPresetLookup, userIds: readonly string[]): unknown {
  if (!isObject(spec) || typeof spec.preset !== 'string') return spec;
  const id = spec.preset;
  const carried = isObject(spec.userPreset) ? spec.userPreset : undefined;
  if (carried && carried.id === id) return spec; // already self-contained: keep what it was stored with
  const { userPreset: _stale, ...rest } = spec;
  if (isBuiltInPreset(id)) return carried ? rest : spec;
  const def = lookup(id);
  if (!def) throw unknownPreset(id, `${path}.preset`, userIds);
  return { ...rest, userPreset: def };
}

function embedSynapse(config: unknown, prefix: string, lookup: UserPresetLookup, userIds: readonly string[]): unknown {
  if (!isObject(config) || !isObject(config.synapse)) return config;
  const syn = config.synapse;
  const device = embedDevice(syn.device, `${prefix}synapse.device`, lookup, userIds);
  const lsb = embedDevice(syn.lsb, `${prefix}synapse.lsb`, lookup, userIds);
  if (device === syn.device && lsb === syn.lsb) return config;
  return { ...config, synapse: { ...syn, ...(syn.device !== undefined ? { device } : {}), ...(syn.lsb !== undefined ? { lsb } : {}) } };
}

/** A run config (raw JSON) with every user preset it names resolved and copied in. */
export function embedUserPresetsInConfig(config: unknown, lookup: UserPresetLookup, userIds: readonly string[] = []): unknown {
  return embedSynapse(config, '', lookup, userIds);
}

/** Knob paths whose values are device preset ids, and those whose values are whole device specs. */
const PRESET_KNOBS = new Set(['synapse.device.preset', 'synapse.lsb.preset']);
const DEVICE_KNOBS = new Set(['synapse.device', 'synapse.lsb']);

/**
 * A study (raw JSON) with its user presets resolved: the base config's and the baseline's devices
 * get their definitions, device-spec knob values too, and preset-id knob values name their
 * definitions in `userPresets` (expansion copies them into each point's config).
 */
export function embedUserPresetsInStudy(study: unknown, lookup: UserPresetLookup, userIds: readonly string[] = []): unknown {
  if (!isObject(study)) return study;
  const out: Json = { ...study };
  if (out.base !== undefined) out.base = embedSynapse(out.base, 'base.', lookup, userIds);
  if (isObject(out.baseline) && out.baseline.device !== undefined) out.baseline = { ...out.baseline, device: embedDevice(out.baseline.device, 'baseline.device', lookup, userIds) };
  const named: Record<string, UserDevice> = isObject(out.userPresets) ? { ...(out.userPresets as Record<string, UserDevice>) } : {};
  if (Array.isArray(out.knobs)) {
    out.knobs = out.knobs.map((k, i) => {
      if (!isObject(k) || typeof k.path !== 'string' || !Array.isArray(k.values)) return k;
      const values = k.values as unknown[];
      if (DEVICE_KNOBS.has(k.path)) return { ...k, values: values.map((v, j) => embedDevice(v, `knobs.${i}.values.${j}`, lookup, userIds)) };
      if (PRESET_KNOBS.has(k.path))
        values.forEach((v, j) => {
          if (typeof v !== 'string' || isBuiltInPreset(v) || named[v]) return;
          const def = lookup(v);
          if (!def) throw unknownPreset(v, `knobs.${i}.values.${j}`, userIds);
          named[v] = def;
        });
      return k;
    });
  }
  if (Object.keys(named).length > 0) out.userPresets = named;
  return out;
}

type DeviceSpec = RunConfig['synapse']['device'];

function attachDevice(spec: DeviceSpec, defs: Readonly<Record<string, UserDevice>> | undefined): DeviceSpec {
  const def = defs?.[spec.preset];
  if (def) return spec.userPreset === def ? spec : { ...spec, userPreset: def };
  if (spec.userPreset && spec.userPreset.id !== spec.preset) {
    // A knob moved the device to another preset: the base's definition no longer applies.
    const { userPreset: _stale, ...rest } = spec;
    return rest;
  }
  return spec;
}

/**
 * A planned point's config with the study's user preset definitions attached to the devices that
 * name them (and definitions left behind by a knob that changed the preset removed). Returns the
 * same object when nothing changes, so configs without user presets hash as before.
 */
export function attachUserPresets(config: RunConfig, defs: Readonly<Record<string, UserDevice>> | undefined): RunConfig {
  const s = config.synapse;
  const device = attachDevice(s.device, defs);
  const lsb = attachDevice(s.lsb, defs);
  if (device === s.device && lsb === s.lsb) return config;
  return { ...config, synapse: { ...s, device, lsb } };
}
