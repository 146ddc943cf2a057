/**
 * Generators for the fuzz suite: request payloads built from the contract's own schemas (through
 * zod's JSON Schema), domain documents (studies from the bundled templates, run configs, devices,
 * measured sweeps), and the hostile values that found crashes before (huge and absurd numbers,
 * deep nesting, long strings, path traversal, prototype keys).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { channels, type Channel } from '../../../src/shared/contract';
import { DEVICE_PRESET_IDS } from '../../../src/core/devices/presets';
import { ROOT } from '../helpers';

type Json = Record<string, unknown>;
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

/** Values that broke or stalled the app before, or that a careless handler would mishandle. */
export const hostile: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  1e308,
  -1e308,
  9e6,
  2e7,
  -3,
  0,
  1e9,
  Number.MAX_SAFE_INTEGER + 2,
  0.5,
  'NaN',
  'Infinity',
  '',
  'x'.repeat(100_001),
  '../../../../etc/passwd',
  '/etc/passwd',
  '..',
  'C:\\Windows\\win.ini',
  'a\u0000b',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  null,
  true,
  [],
  {},
  { __proto__: { polluted: 1 } },
  JSON.parse('{"__proto__": {"polluted": 1}}') as unknown,
  deep(60),
  Array.from({ length: 5000 }, (_, i) => i),
);

export const templates: Json[] = readdirSync(join(ROOT, 'resources', 'templates'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'resources', 'templates', f), 'utf8')) as Json);

/** A small study from a template: every knob cut to a few values, so planning stays quick. */
function smallStudy(t: Json): Json {
  const knobs = ((t.knobs as Json[] | undefined) ?? []).slice(0, 2).map((k) => {
    const out = { ...k };
    if (typeof out.steps === 'number') out.steps = Math.min(out.steps, 3);
    if (Array.isArray(out.values)) out.values = out.values.slice(0, 3);
    return out;
  });
  const sampler = t.sampler && (t.sampler as Json).kind !== 'grid' ? { ...(t.sampler as Json), samples: 4 } : t.sampler;
  return { ...t, knobs, ...(sampler ? { sampler } : {}), evaluation: 'cost', objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'latencyPerEpoch', direction: 'min' }], executor: undefined };
}

const presetId = fc.oneof(fc.constantFrom(...DEVICE_PRESET_IDS), fc.constantFrom('measured', 'ag-a-sii', 'hps-envmm', ''), fc.string({ maxLength: 12 }));

const sweepPoint = fc.tuple(fc.oneof(fc.nat({ max: 200 }), fc.constantFrom(1e308, 9e6, 2e7, 100_000, -1)), fc.oneof(fc.double({ min: 1e-7, max: 1e-5, noNaN: true }), fc.constantFrom(0, -1e-6, 1e308)));
export const measured = fc.record({ ltp: fc.array(sweepPoint, { minLength: 0, maxLength: 6 }), ltd: fc.array(sweepPoint, { minLength: 0, maxLength: 6 }) });

export const device = fc.oneof(
  fc.record({ preset: presetId }),
  fc.record({ preset: fc.constant('measured'), measured }),
  fc.record({ preset: presetId, overrides: fc.dictionary(fc.constantFrom('gMin', 'gMax', 'levelsLtp', 'nlLtp', 'sigmaC2c', 'pulseWidthLtp'), fc.oneof(fc.double({ noNaN: true }), hostile), { maxKeys: 3 }) }),
);

/** Run configs that train in a blink when valid (synthetic data, one epoch). */
export const config: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({}),
  fc.record({ synapse: fc.record({ scheme: fc.constantFrom('hps', 'baseline', 'ideal', 'fefet-2t1f', 'nope'), device }) }, { requiredKeys: [] }),
  fc.record({
    workload: fc.record({ network: fc.constantFrom('mlp-400-100-10', 'lenet5', 'vgg9'), dataset: fc.oneof(fc.constant({ source: 'synthetic', trainLimit: 64, testLimit: 32 }), fc.record({ source: fc.constantFrom('mnist', 'cifar10'), dir: fc.constantFrom('/nonexistent', '/etc', '../..') })) }),
    training: fc.record({ epochs: fc.oneof(fc.constant(1), hostile) }),
  }),
  fc.record({ circuit: fc.dictionary(fc.constantFrom('node', 'arrayRows', 'adcBits', 'columnsPerAdc', 'clockHz'), fc.oneof(fc.integer({ min: -10, max: 4096 }), hostile), { maxKeys: 2 }) }),
  hostile,
);

export const study: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...templates).map(smallStudy),
  fc.tuple(fc.constantFrom(...templates).map(smallStudy), fc.constantFrom('name', 'knobs', 'objectives', 'sampler', 'base', 'iso', 'constraints', 'baseline', 'evaluation'), hostile).map(([s, k, v]) => ({ ...s, [k]: v })),
  fc.tuple(fc.constantFrom(...templates).map(smallStudy), presetId).map(([s, p]) => ({ ...s, knobs: [{ path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', p] }] })),
  fc.tuple(fc.constantFrom(...templates).map(smallStudy), fc.string({ maxLength: 20 })).map(([s, m]) => ({ ...s, objectives: [{ metric: m, direction: 'min' }, { metric: 'energyPerEpoch', direction: 'min' }] })),
  hostile,
);

/** Domain generator for a schema field the contract leaves open (`z.unknown()`), by its name. */
function openField(name: string): fc.Arbitrary<unknown> {
  if (name === 'spec') return study;
  if (name === 'config') return config;
  if (name === 'device') return device;
  return fc.jsonValue({ maxDepth: 3 });
}

function fromSchema(s: JsonSchema, name: string, ids: readonly string[]): fc.Arbitrary<unknown> {
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => fromSchema(x, name, ids)));
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  switch (s.type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, k, ids)]));
      return fc.record(props, { requiredKeys: s.required ?? [] });
    }
    case 'array':
      return fc.array(fromSchema(s.items ?? {}, name, ids), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'string': {
      if (/id$/i.test(name) && ids.length > 0) return fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids).map((i) => i.slice(0, 8)), fc.uuid());
      const max = Math.min(s.maxLength ?? 24, 24);
      const base = s.pattern ? fc.stringMatching(new RegExp(s.pattern), { maxLength: max }) : fc.string({ minLength: s.minLength ?? 0, maxLength: max });
      return base.filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? Infinity));
    }
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1000, 1e6) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return openField(name);
  }
}

/** Payloads a well-meaning client could send: built from the channel's request schema. */
export function validish(channel: Channel, ids: readonly string[]): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(channels[channel].request, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  return fromSchema(schema, channel, ids);
}

/** What a hostile or broken client sends: a valid-ish payload with one thing wrong, or garbage. */
export function malformed(channel: Channel, ids: readonly string[]): fc.Arbitrary<{ raw?: string; payload?: unknown }> {
  const base = validish(channel, ids);
  const asObject = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
  return fc.oneof(
    fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), hostile).map(([v, k, x]) => ({ payload: { ...asObject(v), [`x${k}`]: x } })),
    fc.tuple(base, hostile).map(([v, x]) => {
      const o = asObject(v);
      const keys = Object.keys(o);
      return { payload: keys.length ? { ...o, [keys[x === null ? 0 : keys.length - 1]!]: x } : x };
    }),
    hostile.map((x) => ({ payload: x })),
    fc.constantFrom('{', '{"a":', 'nul', '\u00ff\u00fe', '{"spec":' + '['.repeat(70) + ']'.repeat(70) + '}', '['.repeat(200_000), '{"__proto__":{"x":1}}', ' '.repeat(10)).map((raw) => ({ raw })),
  );
}
