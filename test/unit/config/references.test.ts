/**
 * Names a config or study refers to are checked against the catalogues: a mistyped device preset
 * or metric is a ConfigError naming the field and the known names; measured data is reported as
 * measured data, at the field that holds the bad value.
 */
import { describe, expect, it } from 'vitest';
import { configIssues } from '../../../src/core/config/references';
import { runConfigSchema } from '../../../src/core/config/schema';
import { studyIssues } from '../../../src/core/dse/references';
import { parseStudy } from '../../../src/core/dse/study';
import { DEVICE_PRESET_IDS } from '../../../src/core/devices/presets';
import { costMetricCatalog } from '../../../src/core/cost';

const catalogs = { devicePresets: DEVICE_PRESET_IDS, metrics: ['accuracy', 'accuracyNonVolatile', ...Object.keys(costMetricCatalog)] };

describe('config references', () => {
  it('names a mistyped device preset and lists the known ids', () => {
    const cfg = runConfigSchema.parse({ synapse: { device: { preset: 'ag-a-sii' } } });
    const [issue] = configIssues(cfg, 'config', catalogs);
    expect(issue!.path).toBe('config.synapse.device.preset');
    expect(issue!.value).toBe('ag-a-sii');
    expect(issue!.message).toMatch(/unknown device preset; known: ag-a-si, taox-hfox, .*, measured/);
  });

  it('reports bad measured data at the value, not as an unknown preset', () => {
    const cfg = runConfigSchema.parse({ synapse: { scheme: 'baseline', device: { preset: 'measured', measured: { ltp: [[0, 1e-6], [1, 2e-6], [1e308, 3e-6]], ltd: [[0, 3e-6], [1, 2e-6], [2, 1e-6]] } } } });
    const [issue] = configIssues(cfg, 'config', catalogs);
    expect(issue!.path).toBe('config.synapse.device.measured.ltp[2][0]');
    expect(issue!.message).toMatch(/measured device data: .*LTP pulse number above 100000/);
  });

  it('checks the LSB only where the scheme uses it', () => {
    expect(configIssues(runConfigSchema.parse({ synapse: { scheme: 'baseline', lsb: { preset: 'nope' } } }), '', catalogs)).toEqual([]);
    expect(configIssues(runConfigSchema.parse({ synapse: { scheme: 'hps', lsb: { preset: 'nope' } } }), '', catalogs)[0]!.path).toBe('synapse.lsb.preset');
  });
});

describe('study references', () => {
  const base = {
    name: 'refs',
    knobs: [{ path: 'synapse.device.preset', type: 'categorical', values: ['ag-a-si', 'pcmoo'] }],
    objectives: [
      { metric: 'four', direction: 'min' },
      { metric: 'energyPerEpoch', direction: 'min' },
    ],
    constraints: [{ metric: 'areaa', op: '<=', value: 1 }],
    baseline: { device: { preset: 'taox' } },
  };

  it('names a bad knob value, the baseline device and unknown objective and constraint metrics', () => {
    const issues = studyIssues(parseStudy(base), catalogs);
    expect(issues.map((i) => i.path)).toEqual(['baseline.device.preset', 'knobs[0].values[1]', 'objectives[0].metric', 'constraints[0].metric']);
    expect(issues[1]!.message).toMatch(/^synapse\.device\.preset: unknown device preset/);
    expect(issues[2]!.message).toMatch(/unknown metric; known: accuracy, accuracyNonVolatile, .*energyPerEpoch/);
  });

  it('accepts every bundled template', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../../resources/templates/', import.meta.url);
    for (const f of readdirSync(dir)) expect(studyIssues(parseStudy(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))), catalogs), f).toEqual([]);
  });
});
