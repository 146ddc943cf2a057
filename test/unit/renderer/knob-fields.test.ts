// The wizard's sweep step: every config field is a knob, with the unit and range the schema states,
// values typed in the unit the other steps show, and a switch to "range" that stores what it shows.
import { describe, expect, it } from 'vitest';
import { knobField, matchesSearch, newKnob, sweepableFields } from '../../../src/renderer/src/knobFields';
import { configField } from '../../../src/core/config/fields';
import { defaultConfig, knobToRange, knobToValues, specOf, newDraft } from '../../../src/renderer/src/studyDraft';
import { displayUnitOf, fromDisplay, toDisplay } from '../../../src/renderer/src/units';

const presets = ['hps-envm', 'ag-a-si', 'taox-hfox'];
const field = (path: string) => sweepableFields(presets).find((f) => f.path === path)!;

describe('sweepable fields', () => {
  it('offer every leaf of the run config except its name, among them presets, node, levels, nonlinearity, ADC type, cell bits and seed', () => {
    const paths = sweepableFields(presets).map((f) => f.path);
    for (const p of ['synapse.device.preset', 'synapse.lsb.preset', 'circuit.node', 'synapse.device.overrides.levelsLtp', 'synapse.device.overrides.nlLtp', 'circuit.adcType', 'circuit.cellBits', 'seed', 'training.quant.adcBits'])
      expect(paths).toContain(p);
    expect(paths).not.toContain('name');
  });
  it('device presets and the node are picked from their closed sets; the node stays a number', () => {
    expect(field('synapse.device.preset')).toMatchObject({ editor: 'choices', type: 'categorical', choices: presets });
    expect(field('circuit.node')).toMatchObject({ editor: 'choices', type: 'integer', unit: { label: 'nm', factor: 1 } });
    expect(field('circuit.node').choices).toEqual([130, 90, 65, 45, 32, 22, 14, 10, 7]);
    expect(field('circuit.adcType')).toMatchObject({ editor: 'choices', type: 'categorical', choices: ['mlsa', 'sar'] });
    expect(field('training.quant.enabled')).toMatchObject({ editor: 'choices', choices: [true, false] });
  });
  it('ranges come from the schema in the display unit: ADC bits 1..12 bit, retention > 0 ms, levels whole numbers', () => {
    expect(field('circuit.adcBits').range).toBe('whole numbers > 0, ≤ 12 bit');
    expect(field('synapse.retention.tau')).toMatchObject({ type: 'numeric', unit: { label: 'ms', factor: 1e-3 } });
    expect(field('synapse.retention.tau').range).toBe('numbers > 0 ms (or none)');
    expect(field('synapse.device.overrides.levelsLtp').range).toBe('whole numbers > 0, ≤ 4096 pulses');
    expect(field('synapse.device.overrides.nlLtp').range).toBe('numbers ≥ −9, ≤ 9');
  });
  it('search matches every word in the label, path, unit or description', () => {
    const f = field('circuit.node');
    expect(matchesSearch(f, 'node')).toBe(true);
    expect(matchesSearch(f, 'technology nm')).toBe(true);
    expect(matchesSearch(f, 'technology adc')).toBe(false);
    expect(sweepableFields(presets).filter((x) => matchesSearch(x, 'nonlinearity')).map((x) => x.path)).toEqual([
      'synapse.device.overrides.nlLtp', 'synapse.device.overrides.nlLtd', 'synapse.lsb.overrides.nlLtp', 'synapse.lsb.overrides.nlLtd',
    ]);
  });
  it('a preset path without the preset list is typed as text', () => {
    expect(knobField(configField('synapse.device.preset')!, [])).toMatchObject({ editor: 'text', type: 'categorical' });
  });
});

describe('new knobs start from the base', () => {
  const base = defaultConfig();
  it('a closed set offers the base value and the next choice', () => {
    expect(newKnob(field('circuit.node'), base)).toEqual({ path: 'circuit.node', type: 'integer', values: [32, 22], scale: 'linear' });
    expect(newKnob(field('synapse.device.preset'), base)).toEqual({ path: 'synapse.device.preset', type: 'categorical', values: ['hps-envm', 'ag-a-si'], scale: 'linear' });
  });
  it('numbers start with the base value; a field without one (retention: none) starts empty', () => {
    expect(newKnob(field('circuit.cellBits'), base).values).toEqual([5]);
    expect(newKnob(field('synapse.retention.tau'), base).values).toEqual([]);
  });
});

describe('values in the display unit', () => {
  it('retention is typed in ms and stored in s: 30 ms -> 0.03 s exactly', () => {
    expect(displayUnitOf('synapse.retention.tau')).toEqual({ label: 'ms', factor: 1e-3 });
    expect(fromDisplay('synapse.retention.tau', 30)).toBe(0.03);
    expect(toDisplay('synapse.retention.tau', 0.03)).toBe('30');
    expect(displayUnitOf('circuit.clock')).toEqual({ label: 'GHz', factor: 1e9 });
    expect(displayUnitOf('circuit.cellBits')).toEqual({ label: 'bit', factor: 1 });
  });
});

describe('switching a knob to a range stores what the form shows', () => {
  it('values 500, 2000, 8000 -> min 500, max 8000, 3 steps, in the study spec', () => {
    const d = newDraft();
    d.knobs = [knobToRange(d.knobs[0]!)];
    expect(specOf(d).knobs).toEqual([{ path: 'synapse.transfer.everyImages', type: 'integer', min: 500, max: 8000, steps: 3, scale: 'linear' }]);
  });
  it('a knob without values gets 1 ... 10 in 3 steps, stored', () => {
    const k = knobToRange({ path: 'synapse.retention.tau', type: 'numeric', values: [], scale: 'linear' });
    expect(k).toEqual({ path: 'synapse.retention.tau', type: 'numeric', min: 1, max: 10, steps: 3, scale: 'linear' });
  });
  it('and back to values: the grid of the range (log: 1, 10, 100)', () => {
    expect(knobToValues({ path: 'synapse.transfer.everyImages', type: 'integer', min: 1, max: 100, steps: 3, scale: 'log' })).toEqual({ path: 'synapse.transfer.everyImages', type: 'integer', values: [1, 10, 100], scale: 'log' });
  });
});

describe('a preset knob starts from the base eNVM and the first other preset', () => {
  it('hps-envm listed late still pairs with the first preset, not the next one in the list', () => {
    const f = sweepableFields(['ag-a-si', 'taox-hfox', 'hps-envm', 'cap-3t1c']).find((x) => x.path === 'synapse.device.preset')!;
    expect(newKnob(f, defaultConfig()).values).toEqual(['hps-envm', 'ag-a-si']);
  });
});
