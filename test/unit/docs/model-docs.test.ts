/**
 * The check values of the user documentation (docs/devices.md, docs/synapses.md, docs/training.md,
 * docs/cost.md) reproduced from the code. Tables are read from the documents themselves, so a value
 * that drifts from the code, or a preset without a documented row, fails here; values stated in
 * prose are repeated below with the section they come from.
 */
import { describe, expect, it } from 'vitest';
import { NL_MAX, nlToANorm, nlToANormFast } from '../../../src/core/devices/nl';
import { NORMAL_BINS_SHIFT, NORMAL_QUANTILES, inverseNormalCdf } from '../../../src/core/devices/normal';
import { MAX_BACKTRACK, MEASURED_DEFAULT_PULSE, MEASURED_DEFAULT_VOLTAGE, MIN_SWEEP_POINTS } from '../../../src/core/devices/measured';
import { runConfigSchema } from '../../../src/core/config/schema';
import { deviceModel } from '../../../src/core/devices/envm';
import { DEVICE_PRESETS, DEVICE_PRESET_IDS } from '../../../src/core/devices/presets';
import { capacitorLevels, capacitorStepVoltage, timeToLoseOneLevel } from '../../../src/core/devices/capacitor';
import { fefetTransferEnergy } from '../../../src/core/devices/fefet';
import { NETWORKS } from '../../../src/core/networks';
import { layerScale } from '../../../src/core/training/network';
import { quantizeSignedInPlace, quantizeUnsignedScalar } from '../../../src/core/training/quant';
import { effectiveWidth, nmosOnResistance, technology, type Roadmap } from '../../../src/core/cost/technology';
import { DEFAULT_CHANGE_FRACTION, VGG8_INPUT_ACTIVITY, evaluateCost, pricing } from '../../../src/core/cost';
import { trainImagesPerEpoch } from '../../../src/core/config/workload';
import { agreesToWrittenDigits, firstTable, pair, parseValue, readDoc, ROOT, section } from './markdown';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const devices = readDoc('docs/devices.md');
const synapses = readDoc('docs/synapses.md');
const training = readDoc('docs/training.md');
const cost = readDoc('docs/cost.md');

describe('docs/devices.md', () => {
  it('#nl-to-a: every NL -> A_norm check value, exact solve and table, to 1e-3 relative', () => {
    const { rows } = firstTable(section(devices, 'nl-to-a'));
    expect(rows.length).toBeGreaterThanOrEqual(13);
    for (const [nl, a] of rows) {
      expect(Math.abs(nlToANorm(Number(nl)) / Number(a) - 1), `NL ${nl}`).toBeLessThan(1e-3);
      expect(Math.abs(nlToANormFast(Number(nl)) / Number(a) - 1), `NL ${nl} (table)`).toBeLessThan(1e-3);
    }
  });

  it('#nl-to-a: labels up to |NL| = 10.1 have a solution', () => {
    expect(NL_MAX).toBeCloseTo(10.1, 2);
    expect(section(devices, 'nl-to-a')).toContain('|NL| = 10.1');
  });

  it('#c2c: 4,096 bins; interpolated z within 2e-5 of the exact quantile in the central 4,006 bins, 0.015 next to the outermost', () => {
    expect(2 ** (32 - NORMAL_BINS_SHIFT)).toBe(4096);
    const worstIn = (b: number): number => {
      let w = 0;
      for (let f = 0.05; f < 1; f += 0.1) {
        const z = NORMAL_QUANTILES[b]! + f * (NORMAL_QUANTILES[b + 1]! - NORMAL_QUANTILES[b]!);
        w = Math.max(w, Math.abs(z - inverseNormalCdf((b + f) / 4096)));
      }
      return w;
    };
    const central = Array.from({ length: 4006 }, (_, i) => worstIn(45 + i));
    expect(Math.max(...central)).toBeLessThanOrEqual(2e-5);
    expect(4006 / 4096).toBeCloseTo(0.978, 3);
    expect(worstIn(44)).toBeGreaterThan(2e-5);
    expect(worstIn(1)).toBeCloseTo(0.015, 3);
    expect(worstIn(4094)).toBeCloseTo(0.015, 3);
  });

  it('#measured: at least 3 points per sweep, back by at most 50 %, 2 V and 100 ns assumed', () => {
    expect(MIN_SWEEP_POINTS).toBe(3);
    expect(MAX_BACKTRACK).toBe(0.5);
    expect([MEASURED_DEFAULT_VOLTAGE, MEASURED_DEFAULT_PULSE]).toEqual([2, 100e-9]);
  });

  it('#worked-values: every worked conductance to 1e-4', () => {
    const { rows } = firstTable(section(devices, 'worked-values'));
    expect(rows.length).toBe(9);
    for (const [dev, start, pulses, after] of rows) {
      const id = dev!.split(' ')[0]!;
      const m = deviceModel(DEVICE_PRESETS[id]!.params);
      const n = parseValue(pulses!);
      const g = n > 0 ? m.stepUp(Number(start), n) : m.stepDown(Number(start), -n);
      expect(g, `${id} from ${start} by ${pulses}`).toBeCloseTo(Number(after), 4);
    }
  });

  it('#worked-values: a linear 31-level device reaches 4/31 = 0.129 after four pulses', () => {
    const lin = deviceModel({ ...DEVICE_PRESETS['hps-envm']!.params, nlLtp: 0, nlLtd: 0 });
    expect(lin.stepUp(0, 4)).toBeCloseTo(0.129, 3);
  });

  it('#presets: one row per preset, every value as the code has it (to the digits written)', () => {
    const { header, rows } = firstTable(section(devices, 'presets'));
    expect(header.slice(0, 4)).toEqual(['id', 'device', 'Gmin', 'Gmax']);
    const ids = rows.map((r) => r[0]!.replace(/`/g, ''));
    expect([...ids].sort()).toEqual([...DEVICE_PRESET_IDS].sort());
    for (const r of rows) {
      const id = r[0]!.replace(/`/g, '');
      const p = DEVICE_PRESETS[id]!;
      const q = p.params;
      expect(r[1], id).toBe(p.title);
      const [levelsLtp, levelsLtd] = pair(r[4]!);
      expect([levelsLtp, levelsLtd], `${id} levels`).toEqual([q.levelsLtp, q.levelsLtd]);
      expect(pair(r[5]!), `${id} NL`).toEqual([q.nlLtp, q.nlLtd]);
      expect(parseValue(r[6]!, '%'), `${id} c2c`).toBeCloseTo(q.sigmaC2c, 12);
      expect(r[9], `${id} cell`).toBe(`${p.cellWidthF}F × ${p.cellHeightF}F`);
      if (p.cell === 'ideal' || p.cell === 'sram-8t') continue; // normalised conductances, no write pulses
      for (const [cell, exact] of [
        [r[2]!, q.gMin],
        [r[3]!, q.gMax],
      ] as const)
        expect(agreesToWrittenDigits(cell, exact, parseValue(cell, 'S')), `${id} ${cell} vs ${exact}`).toBe(true);
      expect(pair(r[7]!, 'V'), `${id} write V`).toEqual([q.writeVoltageLtp, q.writeVoltageLtd]);
      const [tUp, tDown] = pair(r[8]!, 's');
      expect(tUp / q.pulseWidthLtp, `${id} pulse LTP`).toBeCloseTo(1, 9);
      expect(tDown / q.pulseWidthLtd, `${id} pulse LTD`).toBeCloseTo(1, 9);
    }
  });

  it('#derived-values: Gmax = 1 / R_on, Gmin = Gmax / (on/off); the 3T1C step I t / C', () => {
    const text = section(devices, 'derived-values');
    expect(text).toContain('1 / 23 MΩ = 43.48 nS, / 6.84 = 6.356 nS');
    expect(1 / 23e6).toBeCloseTo(43.48e-9, 11);
    expect(1 / 23e6 / 6.84).toBeCloseTo(6.356e-9, 12);
    expect(DEVICE_PRESETS.pcmo!.params.gMin).toBeCloseTo(6.356e-9, 12);
    expect(DEVICE_PRESETS['gst-pcm']!.params.gMin).toBeCloseTo(10.72e-6, 8);
    expect(DEVICE_PRESETS['hzo-fefet']!.params.gMax).toBeCloseTo(1.789e-6, 9);
    expect(DEVICE_PRESETS['hps-envm']!.params.gMin).toBeCloseTo(476.2e-9, 10);
    const cap = DEVICE_PRESETS['cap-3t1c']!;
    const step = capacitorStepVoltage(cap.capacitance!, cap.writeCurrent!, cap.params.pulseWidthLtp);
    expect(step).toBeCloseTo(0.03335, 6);
    expect(1 / step).toBeCloseTo(29.99, 2);
    expect(capacitorLevels(1, step)).toBe(29);
    expect(cap.params.levelsLtp).toBe(32);
  });
});

describe('docs/synapses.md', () => {
  it('#baseline: reference mapping pulse counts round(|dw| / 2 * Pmax) = 3 and 8 on hps-envm', () => {
    const pMax = DEVICE_PRESETS['hps-envm']!.params.levelsLtp;
    expect(Math.round((0.2 / 2) * pMax)).toBe(3);
    expect(Math.round((0.5 / 2) * pMax)).toBe(8);
  });

  it('#hps-update and #programming-modes: 4 LSB pulses for dW = 0.05; open loop 4 pulses from Gmin reach 0.411', () => {
    expect(Math.round(((4 + 1) * 0.05) / 2 * 32)).toBe(4);
    const n = Math.round((0.5 / 4) * 31);
    expect(n).toBe(4);
    expect(deviceModel(DEVICE_PRESETS['hps-envm']!.params).stepUp(0, n)).toBeCloseTo(0.411, 3);
  });

  it('#lsb-level-time: time to lose one LSB level for each target of the table, and 0.645 ms at tau = 10 ms', () => {
    const { rows } = firstTable(section(synapses, 'lsb-level-time'));
    const levels = DEVICE_PRESETS['cap-3t1c']!.params.levelsLtp;
    for (const [target, , t] of rows) {
      const name = target!.split(' ')[0] as 'reference' | 'ground';
      expect(timeToLoseOneLevel(1, levels, name), target).toBeCloseTo(parseValue(t!.replace(' τ', '')), 4);
    }
    expect(timeToLoseOneLevel(10e-3, levels)).toBeCloseTo(0.645e-3, 6);
  });

  it('#fefet-2t1f: one MSB transfer (2 V level) costs (16 + 4) V^2 x 50 fF = 1 pJ', () => {
    expect(fefetTransferEnergy(DEVICE_PRESETS['fefet-2t1f']!.hybrid!, 0)).toBeCloseTo(1e-12, 20);
  });
});

describe('docs/training.md', () => {
  it('#weight-scaling: Glorot limits 0.08239 (784x100), 0.2335 (100x10), 0.1095 (400x100)', () => {
    const [fc1, fc2] = NETWORKS['mlp-784-100-10'].layers;
    expect(layerScale(fc1!)).toBeCloseTo(0.08239, 5);
    expect(layerScale(fc2!)).toBeCloseTo(0.2335, 4);
    expect(layerScale(NETWORKS['mlp-400-100-10'].layers[0]!)).toBeCloseTo(0.1095, 4);
    expect(section(training, 'weight-scaling')).toContain('0.08239');
  });

  it('#learning-rate: lr = 10 on normalised weights is an effective step of lr s^2 = 0.0679', () => {
    expect(10 * layerScale(NETWORKS['mlp-784-100-10'].layers[0]!) ** 2).toBeCloseTo(0.0679, 4);
  });

  it('#quantisation: worked values of the activation, weight-change and error quantisers', () => {
    expect(quantizeUnsignedScalar(0.5, 8, 1)).toBeCloseTo(128 / 255, 12);
    const dw = Float32Array.from([0.1, 0.3, -0.05]);
    expect(quantizeSignedInPlace(dw, 5)).toBe(0.03125);
    expect(Array.from(dw)).toEqual([0.09375, 0.3125, -0.0625]);
    const e = Float32Array.from([0.1, 0.3]);
    expect(quantizeSignedInPlace(e, 8)).toBe(0.00390625);
    expect(e[0]).toBe(0.1015625);
  });

  it('#networks: no layer has a bias parameter; hidden activations as tabled', () => {
    expect(NETWORKS['mlp-784-100-10'].layers.map((l) => l.activation)).toEqual(['sigmoid', 'none']);
    expect(NETWORKS.vgg8.layers.slice(0, -1).every((l) => l.activation === 'relu')).toBe(true);
    expect(NETWORKS.lenet5.layers.map((l) => [l.inC * l.k * l.k, l.outC])).toEqual([
      [25, 6],
      [150, 16],
      [400, 120],
      [120, 84],
      [84, 10],
    ]);
  });
});

describe('docs/cost.md', () => {
  it('#technology: every row of the table is the technology the model uses', () => {
    const { rows } = firstTable(section(cost, 'technology'));
    expect(rows.length).toBe(18);
    for (const r of rows) {
      const [node, roadmap, vdd, vth, cIdeal, cFringe, reff, ionN, ionP, ioffN] = r.map((c) => c.trim());
      const t = technology(Number(node), roadmap as Roadmap);
      const finfet = Number(node) <= 14;
      expect(t.vdd, `${node} ${roadmap} Vdd`).toBe(Number(vdd));
      expect(t.vth, `${node} ${roadmap} Vth`).toBe(Number(vth));
      expect(t.cGatePerM, `${node} ${roadmap} Cgate`).toBeCloseTo(Number(cIdeal) * (finfet ? 1 : 1.2) + Number(cFringe), 20);
      expect(t.reffMult).toBe(Number(reff));
      expect([t.ionN, t.ionP, t.ioffN], `${node} ${roadmap} currents`).toEqual([Number(ionN), Number(ionP), Number(ioffN)]);
    }
  });

  it('#technology and #wires: check values at 32 nm LSTP, FinFET widths', () => {
    const t = technology(32, 'LSTP');
    expect(t.cGatePerM).toBeCloseTo(1.69e-9, 11);
    expect(nmosOnResistance(t, 32e-9) / 1e3).toBeCloseTo(82.94, 2);
    const oneFin = (node: number) => effectiveWidth(technology(node, 'LSTP'), technology(node, 'LSTP').wMinN);
    expect(oneFin(14)).toBeCloseTo(56e-9, 15);
    expect(oneFin(7)).toBeCloseTo(43e-9, 15);
    expect(t.wireWidth).toBeCloseTo(40e-9, 15);
    expect(t.rWire * 1e-6).toBeCloseTo(13.26, 2);
  });

  it('#dram, #adc, #phases, #cells: check values', () => {
    const h = pricing.dramCost('HBM2', 1e9);
    expect(h.latency).toBeCloseTo(65.8e-6, 7);
    expect(h.energy).toBeCloseTo(3.9e-3, 12);
    expect(pricing.mlsaLatency(technology(32, 'LSTP'), 1e6)).toBeCloseTo(1.258e-9, 12);
    expect(pricing.shiftAddWidth(6, 8, 1)).toBe(16);
    expect(pricing.capacitorPulseEnergy(6.67e-6, 0.5e-9, 1)).toBeCloseTo(3.335e-15, 19);
    expect((nmosOnResistance(technology(32, 'LSTP'), 32e-9) * 0.2) / (0.25 * 4.71e3)).toBeCloseTo(14.09, 2);
  });

  it('#wires: resistance per length rho / (w^2 AR) of every wire width', () => {
    const text = section(cost, 'wires');
    const widths: Record<number, number> = { 130: 200, 90: 200, 65: 100, 45: 50, 32: 40, 22: 32, 14: 22, 10: 14, 7: 14 };
    for (const m of text.matchAll(/\((\d\.\d+), (\d\.\d+e-8)(?: Ω·m)?\) at (\d+)/g)) {
      const [ar, rho, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const node = Number(Object.entries(widths).find(([, x]) => x === w)![0]);
      expect(technology(node, 'LSTP').rWire, `${w} nm`).toBeCloseTo(rho / ((w * 1e-9) ** 2 * ar), 3);
    }
    expect([...text.matchAll(/at (\d+)/g)].length).toBeGreaterThanOrEqual(7);
  });

  it('#per-epoch and #statistics: default images per epoch and training statistics', () => {
    const epoch = (source: string, extra: object = {}, training: object = {}): number =>
      trainImagesPerEpoch(runConfigSchema.parse({ workload: { dataset: { source, ...extra } }, training }));
    expect(epoch('fashion-mnist')).toBe(60000);
    expect(epoch('mnist')).toBe(60000);
    expect(epoch('cifar10')).toBe(50000);
    expect(epoch('bundled')).toBe(3000);
    expect(epoch('fashion-mnist', { trainLimit: 1200 })).toBe(1200);
    expect(epoch('bundled', {}, { imagesPerEpoch: 8000 })).toBe(8000);
    // The cost model prices that epoch: whole batches of it.
    const priced = evaluateCost(runConfigSchema.parse({ workload: { dataset: { source: 'bundled' } }, training: { batchSize: 32 } }));
    if (!priced.ok) throw new Error(priced.reason);
    expect(priced.imagesPerEpoch).toBe(Math.ceil(3000 / 32) * 32);
    expect(section(cost, 'statistics')).toContain(VGG8_INPUT_ACTIVITY.map((a) => a.toFixed(3)).join(', '));
    expect(DEFAULT_CHANGE_FRACTION).toBe(0.16);
  });

  it('#calibration: the product stays within 15 % of the NeuroSim area, energy and latency the document states', () => {
    const cfg = runConfigSchema.parse(JSON.parse(readFileSync(join(ROOT, 'resources/examples/neurosim-v21-default.json'), 'utf8')));
    const r = evaluateCost(cfg);
    if (!r.ok) throw new Error(r.reason);
    const text = section(cost, 'calibration');
    const area = Number(/chip area \| ([\d.]+) mm²/.exec(text)![1]) * 1e-6;
    const latency = Number(/\(total ([\d.]+) s\)/.exec(text)![1]);
    const [dynamic, leakage] = /\(([\d.]+) J dynamic; leakage ([\d.]+) J\)/.exec(text)!.slice(1).map(Number);
    expect(area! / 95.21e-6).toBeCloseTo(1, 12);
    expect([latency, dynamic, leakage]).toEqual([122.1, 87.1, 0.0168]);
    expect(Math.abs(r.area.total / area - 1)).toBeLessThan(0.15);
    expect(Math.abs(r.latency.total / latency - 1)).toBeLessThan(0.15);
    expect(Math.abs(r.energy.total / (dynamic! + leakage!) - 1)).toBeLessThan(0.15);
  });

  it('#calibration-per-layer: the layer rows add up to the totals row and to the phase totals of #calibration', () => {
    const { header, rows } = firstTable(section(cost, 'calibration-per-layer'));
    expect(header).toEqual(['layer', 'L_FW', 'L_AG', 'L_WG', 'L_WU', 'E_FW', 'E_AG', 'E_WG', 'E_WU']);
    const layers = rows.filter((r) => r[0] !== 'total');
    const total = rows.find((r) => r[0] === 'total')!;
    expect(layers.length).toBe(8);
    for (let c = 1; c <= 8; c++) {
      const sum = layers.reduce((s, r) => s + Number(r[c]), 0);
      expect(Math.abs(sum / Number(total[c]) - 1), header[c]).toBeLessThan(2e-3);
    }
    const summary = section(cost, 'calibration');
    expect(summary).toContain(`latency FW / AG / WG / WU | ${total.slice(1, 5).join(' / ')} s`);
    expect(summary).toContain(`energy FW / AG / WG / WU | ${total.slice(5, 8).join(' / ')} / 0.000725 J`);
  });
});
