/** Scaling laws and mode directions of the cost model. */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { costMetricCatalog, evaluateCost, flattenCostMetrics, hardwareSecondsPerBatch, statsFromCounts, defaultTrainingStats } from '../../../src/core/cost';
import { emptyCounts } from '../../../src/core/synapse/types';
import { calibrationConfig, ok, variant } from './helpers';

describe('scaling laws', () => {
  it('SAR instead of flash MLSA: smaller ADC area, less ADC energy, slower ADC', () => {
    const m = ok(calibrationConfig());
    const s = ok(variant((c) => (c.circuit!.adcType = 'sar')));
    expect(s.area.byComponent.adc).toBeLessThan(m.area.byComponent.adc);
    expect(s.energyByComponent.adc).toBeLessThan(m.energyByComponent.adc);
    expect(s.latencyByComponent.adc).toBeGreaterThan(m.latencyByComponent.adc);
  });
  it('slow-pulse devices (Ag:a-Si, 300 us) make WU dominate latency (section 6)', () => {
    const r = ok(variant((c) => (c.synapse = { scheme: 'baseline', device: { preset: 'ag-a-si' }, mapping: 'reference' })));
    expect(r.latency.wu).toBeGreaterThan(0.5 * r.latency.total);
    expect(r.latency.wu).toBeGreaterThan(r.latency.fw + r.latency.ag + r.latency.wg);
    const fast = ok(calibrationConfig());
    expect(fast.latency.wu).toBeLessThan(0.01 * fast.latency.total);
  });
  it('HPS moves eNVM programming into transfers: baseline eNVM pulses every batch vs HPS LSB pulses + rare transfers', () => {
    const base = ok(variant((c) => (c.synapse = { scheme: 'baseline', device: { preset: 'hps-envm' }, mapping: 'reference' })));
    const hps = ok(variant((c) => (c.synapse = { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4, transfer: { everyImages: 8000 } })));
    expect(base.writePulses.lsb).toBe(0);
    expect(base.energy.transfer).toBe(0);
    expect(hps.writePulses.lsb).toBeGreaterThan(0);
    expect(hps.energy.transfer).toBeGreaterThan(0);
    expect(hps.latency.transfer).toBeGreaterThan(0);
    expect(hps.writePulses.envm).toBeLessThan(base.writePulses.envm);
    // HPS WU (LSB path, 0.5 ns pulses) is faster than the baseline eNVM WU (80 ns pulses)
    expect(hps.latency.wu).toBeLessThan(base.latency.wu);
    // a shorter transfer interval costs more transfer energy
    const often = ok(variant((c) => (c.synapse = { scheme: 'hps', transfer: { everyImages: 1000 } })));
    expect(often.energy.transfer).toBeGreaterThan(hps.energy.transfer * 4);
  });
  it('row-by-row read is slower than parallel read', () => {
    const p = ok(calibrationConfig());
    const r = ok(variant((c) => (c.circuit!.readMode = 'row-by-row')));
    expect(r.latency.fw).toBeGreaterThan(p.latency.fw);
  });
  it('pipelined FW/AG is not slower than layer by layer; WG and WU unchanged', () => {
    const a = ok(calibrationConfig());
    const b = ok(variant((c) => (c.circuit!.pipeline = 'pipelined')));
    expect(b.latency.fw).toBeLessThanOrEqual(a.latency.fw);
    expect(b.latency.wg).toBeCloseTo(a.latency.wg, 9);
    expect(b.latency.wu).toBeCloseTo(a.latency.wu, 9);
  });
  it('GDDR5 costs more DRAM energy than HBM2 (14 vs 3.9 pJ/bit)', () => {
    const a = ok(calibrationConfig());
    const b = ok(variant((c) => (c.circuit!.dram = 'GDDR5')));
    expect(b.energyByComponent.dram / a.energyByComponent.dram).toBeCloseTo(14 / 3.9, 6);
  });
  it('a faster clock shortens buffer latency by its half-clock part only (decoders keep their delay); more columns per ADC lengthens ADC latency and shrinks ADC area', () => {
    const a = ok(calibrationConfig());
    const f = ok(variant((c) => (c.circuit!.clock = 2e9)));
    expect(f.latencyByComponent.buffer).toBeLessThan(a.latencyByComponent.buffer);
    expect(f.latencyByComponent.buffer).toBeGreaterThan(a.latencyByComponent.buffer / 2);
    const m = ok(variant((c) => (c.circuit!.columnsPerAdc = 16)));
    expect(m.latencyByComponent.adc).toBeGreaterThan(a.latencyByComponent.adc);
    expect(m.area.byComponent.adc).toBeLessThan(a.area.byComponent.adc);
  });
  it('differential mapping doubles the columns per weight', () => {
    const d = ok(variant((c) => (c.synapse!.mapping = 'differential')));
    expect(d.mapping.cellsPerWeight).toBe(2);
  });
});

describe('API', () => {
  it('every catalogue key is produced and nothing else; directions are min|max', () => {
    const flat = flattenCostMetrics(ok(calibrationConfig()));
    expect(Object.keys(flat).sort()).toEqual(Object.keys(costMetricCatalog).sort());
    for (const v of Object.values(flat)) expect(Number.isFinite(v)).toBe(true);
    for (const k of ['energyPerEpoch', 'latencyPerEpoch', 'area', 'topsPerWatt', 'energy.wg']) expect(costMetricCatalog[k]).toBeDefined();
    expect(costMetricCatalog['topsPerWatt']!.direction).toBe('max');
  });
  it('phases sum to the totals; components sum to the totals', () => {
    const m = ok(calibrationConfig());
    const ph = m.energy.fw + m.energy.ag + m.energy.wg + m.energy.wu + m.energy.transfer;
    expect(ph).toBeCloseTo(m.energy.dynamic, 9);
    const comp = Object.values(m.energyByComponent).reduce((s, v) => s + v, 0);
    expect(comp / m.energy.total).toBeCloseTo(1, 9);
    const lat = Object.values(m.latencyByComponent).reduce((s, v) => s + v, 0);
    expect(lat / m.latency.total).toBeCloseTo(1, 6);
    expect(m.assumptions.length).toBeGreaterThan(5);
  });
  it('hardwareSecondsPerBatch: from the model, or the explicit config value', () => {
    const cfg = calibrationConfig();
    const m = ok(cfg);
    expect(hardwareSecondsPerBatch(cfg)).toBeCloseTo(((m.latency.fw + m.latency.ag + m.latency.wg + m.latency.wu) / 50000) * 200, 12);
    const fixed = runConfigSchema.parse({ ...cfg, training: { ...cfg.training, hardwareSecondsPerBatch: 0.5 } });
    expect(hardwareSecondsPerBatch(fixed)).toBe(0.5);
  });
  it('statistics from a run replace the defaults (more pulses -> more WU energy)', () => {
    const cfg = runConfigSchema.parse({ workload: { network: 'mlp-400-100-10' }, synapse: { scheme: 'baseline', device: { preset: 'hps-envm' } }, training: { batchSize: 1, imagesPerEpoch: 8000 } });
    const counts = [emptyCounts(), emptyCounts()];
    // 100 updates; every update writes every synapse of layer 1 with 3 pulses, rows all written, row max 3 up / 3 down
    counts[0] = { ...counts[0]!, updates: 100, cellsWritten: 100 * 40000, rowsWritten: 100 * 400, rowMaxPulsesUp: 3 * 100 * 400, rowMaxPulsesDown: 3 * 100 * 400, envmPulsesUp: 6e6, envmPulsesDown: 6e6 };
    const st = statsFromCounts(cfg, counts, 100);
    expect(st.source).toBe('measured');
    expect(st.update[0]!.cellFraction).toBeCloseTo(1, 9);
    expect(st.update[0]!.pulsesPerCell).toBeCloseTo(3, 9);
    const a = evaluateCost(cfg, defaultTrainingStats(cfg));
    const b = evaluateCost(cfg, st);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.energy.wu).toBeGreaterThan(a.energy.wu);
  });
});
