/**
 * Designs away from the calibration point: multi-cell weights on NeuroSim's floorplan, the 8T SRAM
 * baseline and its place in studies, and the default pulse count of a weight update.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { evaluateCost, floorplan, pulsesPerGradientStep, defaultTrainingStats } from '../../../src/core/cost';
import { DEVICE_PRESETS } from '../../../src/core/devices/presets';
import { baselineTwin } from '../../../src/core/dse/expand';
import { NETWORKS } from '../../../src/core/networks';
import { createSynapseLayer } from '../../../src/core/synapse/builder';
import { BaselineSynapse } from '../../../src/core/synapse/baseline';
import { Rng } from '../../../src/core/rng';
import { calibrationConfig, ok, variant } from './helpers';

describe('floorplan (Chip.cpp ChipDesignInitialize / ChipFloorPlan / PEDesign / SubArrayDup / OverallEachLayer)', () => {
  const vgg = NETWORKS.vgg8.layers;
  it('VGG-8, 5-bit cells: novel-mapped 512-cell PEs (9 a tile) for conv 2-6, 1024-cell conventional tiles of 512-cell PEs for the rest', () => {
    const p = floorplan(vgg, 1, 128, 128, true);
    expect(p.layers.map((l) => l.novel)).toEqual([false, true, true, true, true, true, false, false]);
    expect([p.peNovel, p.pesPerNovelTile, p.tileConv, p.peConv]).toEqual([512, 9, 1024, 512]);
    expect([p.tilesNovel, p.tilesConv]).toEqual([5, 10]);
    // 5 x 9 x 16 + 10 x 4 x 16 sub-arrays
    expect(p.subArrays).toBe(1360);
  });
  it('weights spread over 5 one-bit cells sit side by side in the columns: 5 x the columns, 18 novel + 42 conventional tiles, 5,280 sub-arrays', () => {
    const p = floorplan(vgg, 5, 128, 128, true);
    expect([p.tilesNovel, p.tilesConv]).toEqual([18, 42]);
    // by hand: conv2 1x1 tiles of (128 x 640) -> 2 column tiles; ...; fc1 8 x 5 tiles
    expect(p.layers.map((l) => `${l.tileRows}x${l.tileCols}`)).toEqual(['1x1', '1x2', '1x3', '1x3', '1x5', '1x5', '8x5', '1x1']);
    expect(p.layers.map((l) => l.dupRows * l.dupCols)).toEqual([8, 4, 4, 2, 2, 1, 1, 8]);
    expect(p.subArrays).toBe(18 * 9 * 16 + 42 * 4 * 16);
  });
  it('cell bits 1: the ADC area grows with the sub-array count NeuroSim\'s mapping implies (5,280 / 1,360 = 3.88x), not with its square', () => {
    const one = ok(variant((c) => (c.circuit!.cellBits = 1)));
    const five = ok(calibrationConfig());
    expect(one.mapping.cellsPerWeight).toBe(5);
    expect(one.mapping.subArrays).toBe(5280);
    expect(one.area.byComponent.adc / five.area.byComponent.adc).toBeCloseTo(5280 / 1360, 6);
  });
  it('a network of fully connected layers maps conventionally', () => {
    const p = floorplan(NETWORKS['mlp-400-100-10'].layers, 2, 128, 128, true);
    expect(p.layers.every((l) => !l.novel)).toBe(true);
    expect(p.tilesNovel).toBe(0);
    expect(p.subArrays).toBeGreaterThan(0);
  });
});

describe('8T SRAM baseline (NeuroSim memcelltype 1)', () => {
  const sramCfg = variant((c) => (c.synapse = { scheme: 'baseline', device: { preset: 'sram-8t' }, mapping: 'reference' }));
  it('preset: 20F x 8F, one bit a cell, cites DNN+NeuroSim', () => {
    const p = DEVICE_PRESETS['sram-8t']!;
    expect(p.cell).toBe('sram-8t');
    expect([p.cellWidthF, p.cellHeightF]).toEqual([20, 8]);
    expect(p.params.levelsLtp).toBe(1);
    expect(p.citation).toBe('dnn-neurosim-v2');
  });
  it('costs weightBits cells per weight, laid out at the logic node, written without programming pulses', () => {
    const m = ok(sramCfg);
    expect(m.mapping.cellsPerWeight).toBe(5);
    // 5,280 sub-arrays of 128 x 128 cells of 20F x 8F at F = 32 nm
    expect(m.area.byComponent.array).toBeCloseTo(5280 * 128 * 128 * 160 * (32e-9) ** 2, 12);
    expect(m.assumptions.join(' ')).toMatch(/8T SRAM: one bit per cell, 5 cells per weight/);
    expect(m.warnings).toEqual([]);
    const fefet = ok(calibrationConfig());
    expect(m.latency.wu).toBeLessThan(fefet.latency.wu);
  });
  it('takes part in studies: an SRAM baseline twin evaluates, and trains as a circuit.weightBits digital word', () => {
    const hps = runConfigSchema.parse({ ...calibrationConfig(), synapse: { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' } } });
    const twin = baselineTwin(hps, { base: hps, baseline: { device: { preset: 'sram-8t' } } } as unknown as Parameters<typeof baselineTwin>[1]);
    expect(twin.synapse.scheme).toBe('baseline');
    expect(evaluateCost(twin).ok).toBe(true);
    const layer = createSynapseLayer(twin.synapse, 4, 3, new Rng(1), twin.circuit);
    expect(layer).toBeInstanceOf(BaselineSynapse);
    expect(layer.notes.join(' ')).toMatch(/Digital 5-bit weight/);
  });
});

describe('default pulses per update (NeuroSim weight-update estimate: ceil(dG / dG_min) pulses)', () => {
  it('one gradient step of 2^-b of the range takes ceil(levels / 2^b) pulses: 32, 60, 100, 200 levels at 5 bits -> 1, 2, 4, 7', () => {
    expect([32, 60, 100, 200].map((n) => pulsesPerGradientStep(n, 5))).toEqual([1, 2, 4, 7]);
    expect(pulsesPerGradientStep(10, 5)).toBe(1);
  });
  it('the defaults use the device\'s levels and the training\'s gradient bits, and say so in the assumptions', () => {
    const withLevels = (n: number) =>
      variant((c) => {
        c.synapse!.device!.overrides = { ...c.synapse!.device!.overrides, levelsLtp: n, levelsLtd: n };
      });
    const pulses = [32, 60, 100, 200].map((n) => defaultTrainingStats(withLevels(n)).update[1]!.pulsesPerCell);
    expect(pulses).toEqual([1, 2, 4, 7]);
    const wu = [32, 60, 100, 200].map((n) => ok(withLevels(n)).latency.wu);
    for (let i = 1; i < wu.length; i++) expect(wu[i]!).toBeGreaterThan(wu[i - 1]!);
    expect(ok(withLevels(60)).assumptions.join(' ')).toMatch(/ceil\(60 levels \/ 2\^5\) = 2 pulses/);
    const float = variant((c) => {
      c.training!.quant = { enabled: false };
    });
    // no gradient quantisation: the weight precision (5 bits) sets the step
    expect(defaultTrainingStats(float).update[0]!.pulsesPerCell).toBe(2);
  });
});
