/**
 * Device presets (docs/devices.md#presets). Each preset is the NeuroSim behavioural model's parameters
 * plus a citation (key into core/bib.ts) and notes stating every derived number and assumption.
 *
 * Conventions: conductances in S, voltages are magnitudes in V (the polarity is in the notes),
 * pulse widths in s. Cell footprints follow NeuroSim's common settings (docs/devices.md#common-settings):
 * 1T1R 4F x 4F, FeFET 4F x 6F (V3) / 4F x 4F (V2.1), HPS cell 100F x 50F, 8T SRAM 20F x 8F; GST PCM is
 * widened to 16F so its access transistor fits (see its notes).
 * No preset here has a published device-to-device sigma: sigmaD2d = 0 everywhere (a knob).
 */
import { ModelError } from '../errors';
import type { DeviceSpec, UserDevice } from '../config/schema';
import type { DeviceParams, DevicePreset } from './types';
import { measuredPreset } from './measured';

const RRAM_1T1R = { cellWidthF: 4, cellHeightF: 4 } as const;

function preset(p: DevicePreset): DevicePreset {
  return Object.freeze({ ...p, params: Object.freeze({ ...p.params }), notes: Object.freeze([...p.notes]) });
}

/** 1 / (R_on) and Gmax / (on/off), for rows that give R_on and the on/off ratio only. */
function fromRon(rOn: number, onOff: number): { gMax: number; gMin: number } {
  const gMax = 1 / rOn;
  return { gMax, gMin: gMax / onOff };
}

/** Normalised conductances (0..1), linear and noiseless, no write pulses: digital and software synapses. */
function normalisedNoWrite(levels: number): DeviceParams {
  return {
    gMin: 0,
    gMax: 1,
    levelsLtp: levels,
    levelsLtd: levels,
    nlLtp: 0,
    nlLtd: 0,
    sigmaC2c: 0,
    sigmaD2d: 0,
    writeVoltageLtp: 0,
    writeVoltageLtd: 0,
    pulseWidthLtp: 0,
    pulseWidthLtd: 0,
  };
}

const pcmo = fromRon(23e6, 6.84);
const gst = fromRon(4.71e3, 19.8);
const hzo = fromRon(559e3, 45);

export const DEVICE_PRESETS: Readonly<Record<string, DevicePreset>> = Object.freeze({
  'ag-a-si': preset({
    id: 'ag-a-si',
    title: 'Ag:a-Si RRAM',
    cell: 'rram-1t1r',
    citation: 'jo-2010',
    ...RRAM_1T1R,
    params: {
      gMin: 3.077e-9,
      gMax: 38.46e-9,
      levelsLtp: 97,
      levelsLtd: 100,
      nlLtp: 2.4,
      nlLtd: -4.88,
      sigmaC2c: 0.035,
      sigmaD2d: 0,
      writeVoltageLtp: 3.2,
      writeVoltageLtd: 2.8,
      pulseWidthLtp: 300e-6,
      pulseWidthLtd: 300e-6,
    },
    notes: [
      'Values from the NeuroSim V3 manual device table (Jo et al., Nano Lett. 2010): R_on 26 MOhm, on/off 12.5.',
      'Write pulses +3.2 V (LTP) / -2.8 V (LTD), 300 us; voltages stored as magnitudes.',
      'Cell assumed 1T1R 4F x 4F (NeuroSim default for RRAM); cross-point 2F x 2F is an option.',
    ],
  }),
  'taox-hfox': preset({
    id: 'taox-hfox',
    title: 'TaOx/HfOx RRAM',
    cell: 'rram-1t1r',
    citation: 'wu-2018',
    ...RRAM_1T1R,
    params: {
      gMin: 1e-6,
      gMax: 10e-6,
      levelsLtp: 128,
      levelsLtd: 128,
      nlLtp: 0.04,
      nlLtd: -0.63,
      sigmaC2c: 0.037,
      sigmaD2d: 0,
      writeVoltageLtp: 1.6,
      writeVoltageLtd: 1.6,
      pulseWidthLtp: 50e-9,
      pulseWidthLtd: 50e-9,
    },
    notes: [
      'Values from the NeuroSim V3 manual device table (Wu et al., VLSI 2018): R_on 100 kOhm, on/off 10.',
      'The table gives one write amplitude (1.6 V, 50 ns); used for both directions.',
      'Cell assumed 1T1R 4F x 4F.',
    ],
  }),
  pcmo: preset({
    id: 'pcmo',
    title: 'PCMO RRAM',
    cell: 'rram-1t1r',
    citation: 'park-2013',
    ...RRAM_1T1R,
    params: {
      gMin: pcmo.gMin,
      gMax: pcmo.gMax,
      levelsLtp: 50,
      levelsLtd: 50,
      nlLtp: 3.68,
      nlLtd: -6.76,
      sigmaC2c: 0.01,
      sigmaD2d: 0,
      writeVoltageLtp: 2,
      writeVoltageLtd: 2,
      pulseWidthLtp: 1e-3,
      pulseWidthLtd: 1e-3,
    },
    notes: [
      'Derived: Gmax = 1 / R_on = 1 / 23 MOhm = 43.48 nS; Gmin = Gmax / 6.84 = 6.356 nS (table gives R_on and on/off only).',
      'c2c given as "< 1 %": the upper bound 1 % is used (an assumption; lower it to explore).',
      'Write pulses -2 V (LTP) / +2 V (LTD), 1 ms (PCMO potentiates on negative bias); magnitudes stored.',
      'Cell assumed 1T1R 4F x 4F.',
    ],
  }),
  'alox-hfo2': preset({
    id: 'alox-hfo2',
    title: 'AlOx/HfO2 RRAM',
    cell: 'rram-1t1r',
    citation: 'woo-2016',
    ...RRAM_1T1R,
    params: {
      gMin: 13.36e-6,
      gMax: 59.17e-6,
      levelsLtp: 40,
      levelsLtd: 40,
      nlLtp: 1.94,
      nlLtd: -0.61,
      sigmaC2c: 0.05,
      sigmaD2d: 0,
      writeVoltageLtp: 0.9,
      writeVoltageLtd: 1,
      pulseWidthLtp: 100e-6,
      pulseWidthLtd: 100e-6,
    },
    notes: [
      'Values from the NeuroSim V3 manual device table (Woo et al., EDL 2016): R_on 16.9 kOhm, on/off 4.43.',
      'Write pulses +0.9 V / -1 V, 100 us; magnitudes stored.',
      'Cell assumed 1T1R 4F x 4F.',
    ],
  }),
  'gst-pcm': preset({
    id: 'gst-pcm',
    title: 'GST phase-change memory',
    cell: 'pcm-1t1r',
    citation: 'kuzum-2012',
    cellWidthF: 16,
    cellHeightF: 4,
    params: {
      gMin: gst.gMin,
      gMax: gst.gMax,
      levelsLtp: 100,
      levelsLtd: 120,
      nlLtp: 0.105,
      nlLtd: 2.4,
      sigmaC2c: 0.015,
      sigmaD2d: 0,
      writeVoltageLtp: 0.7,
      writeVoltageLtd: 3,
      pulseWidthLtp: 6e-6,
      pulseWidthLtd: 125e-9,
    },
    notes: [
      'Derived: Gmax = 1 / R_on = 1 / 4.71 kOhm = 212.3 uS; Gmin = Gmax / 19.8 = 10.72 uS (table gives R_on and on/off only).',
      'Levels given as "100-120": assumed 100 (LTP) and 120 (LTD).',
      'Write pulses are averages of a pulse train: 0.7 V avg, 6 us (LTP); 3 V avg, 125 ns (LTD).',
      'Same-sign NL labels (0.105 / 2.4): depression starts slow and speeds up (docs/devices.md#update-rule).',
      'Cell 1T1R 16F x 4F: the access transistor must reach 0.25 R_on = 1.18 kOhm within a linear-region ratio of 0.2, which takes 14.1F at 32 nm and 14.7F at 22 nm (LSTP), so the cell is widened as NeuroSim users do (widthInFeatureSize1T1R); 4F x 4F does not fit.',
    ],
  }),
  epiram: preset({
    id: 'epiram',
    title: 'EpiRAM (Ag:SiGe)',
    cell: 'rram-1t1r',
    citation: 'choi-2018',
    ...RRAM_1T1R,
    params: {
      gMin: 0.246e-6,
      gMax: 12.35e-6,
      levelsLtp: 64,
      levelsLtd: 64,
      nlLtp: 0.5,
      nlLtd: -0.5,
      sigmaC2c: 0.02,
      sigmaD2d: 0,
      writeVoltageLtp: 5,
      writeVoltageLtd: 3,
      pulseWidthLtp: 5e-6,
      pulseWidthLtd: 5e-6,
    },
    notes: [
      'Values from the NeuroSim V3 manual device table (Choi et al., Nat. Mater. 2018): R_on 81 kOhm, on/off 50.2.',
      'Write pulses +5 V / -3 V, 5 us; magnitudes stored.',
      'Cell assumed 1T1R 4F x 4F.',
    ],
  }),
  'hzo-fefet': preset({
    id: 'hzo-fefet',
    title: 'HZO FeFET',
    cell: 'fefet',
    citation: 'jerry-2017',
    cellWidthF: 4,
    cellHeightF: 4,
    params: {
      gMin: hzo.gMin,
      gMax: hzo.gMax,
      levelsLtp: 32,
      levelsLtd: 32,
      nlLtp: 1.75,
      nlLtd: 1.46,
      sigmaC2c: 0.005,
      sigmaD2d: 0,
      writeVoltageLtp: 3.65,
      writeVoltageLtd: 2.95,
      pulseWidthLtp: 75e-9,
      pulseWidthLtd: 75e-9,
    },
    notes: [
      'Derived: Gmax = 1 / R_on = 1 / 559 kOhm = 1.789 uS; Gmin = Gmax / 45 = 39.75 nS (table gives R_on and on/off only).',
      'c2c given as "< 0.5 %": the upper bound 0.5 % is used (assumption).',
      'Write pulses are averages: +3.65 V / -2.95 V, 75 ns (DNN+NeuroSim V2.1 default device).',
      'Same-sign NL labels (1.75 / 1.46): depression starts slow and speeds up (docs/devices.md#update-rule).',
      'Cell 4F x 4F as in DNN+NeuroSim V2.1 (MLP+NeuroSim V3 uses 4F x 6F).',
    ],
  }),
  'hps-envm': preset({
    id: 'hps-envm',
    title: 'HPS eNVM (MSB pair device)',
    cell: 'rram-1t1r',
    citation: 'mlp-neurosim-v3',
    ...RRAM_1T1R,
    params: {
      gMin: 10e-6 / 21,
      gMax: 10e-6,
      levelsLtp: 31,
      levelsLtd: 31,
      nlLtp: 4.22,
      nlLtd: -4.22,
      sigmaC2c: 0.005,
      sigmaD2d: 0,
      writeVoltageLtp: 2,
      writeVoltageLtd: 2,
      pulseWidthLtp: 80e-9,
      pulseWidthLtd: 80e-9,
    },
    notes: [
      'MLP+NeuroSim V3.0 hybrid-cell eNVM values: R_on 100 kOhm (Gmax 10 uS), on/off 21 (Gmin = 10 uS / 21 = 0.476 uS).',
      'One write amplitude (2 V, 80 ns) for both directions.',
      'As a stand-alone device (baseline) the cell is a 1T1R 4F x 4F; inside the HPS the whole synapse is the 100F x 50F HPS cell (see cap-3t1c).',
    ],
  }),
  'cap-3t1c': preset({
    id: 'cap-3t1c',
    title: '3T1C capacitor cell (HPS LSB)',
    cell: 'cap-3t1c',
    citation: 'mlp-neurosim-v3',
    cellWidthF: 100,
    cellHeightF: 50,
    capacitance: 100e-15,
    writeCurrent: 6.67e-6,
    supplyVoltage: 1,
    params: {
      gMin: 4e-6,
      gMax: 20e-6,
      levelsLtp: 32,
      levelsLtd: 32,
      nlLtp: 0.2,
      nlLtd: -0.2,
      sigmaC2c: 0.005,
      sigmaD2d: 0,
      writeVoltageLtp: 1,
      writeVoltageLtd: 1,
      pulseWidthLtp: 0.5e-9,
      pulseWidthLtd: 0.5e-9,
    },
    notes: [
      'MLP+NeuroSim V3.0 `_3T1C`: read FET 20 uS / 4 uS, 32 levels, NL +0.2 / -0.2; Ambrogio 2018 for the cell concept.',
      'Step: 6.67 uA x 0.5 ns / 100 fF = 33.35 mV a pulse; 32 levels x 33.35 mV = 1.067 V, about the 1 V supply (NeuroSim keeps 32 levels).',
      'Cell footprint 100F x 50F is the whole HPS synapse (3T1C plus the two 1T1R eNVMs, docs/devices.md#common-settings); do not add the eNVM areas to it.',
      'No public retention time constant: leakage tau is a configuration knob (synapse.retention.tau), default off.',
    ],
  }),
  'fefet-2t1f': preset({
    id: 'fefet-2t1f',
    title: '2T-1FeFET hybrid cell',
    cell: 'fefet-2t1f',
    citation: 'sun-2018',
    cellWidthF: 12,
    cellHeightF: 6,
    capacitance: 50e-15,
    supplyVoltage: 1,
    params: {
      gMin: 39.73e-9,
      gMax: 1.788e-6,
      levelsLtp: 64,
      levelsLtd: 64,
      nlLtp: 0.5,
      nlLtd: 0.5,
      sigmaC2c: 0.005,
      sigmaD2d: 0,
      writeVoltageLtp: 1,
      writeVoltageLtd: 1,
      pulseWidthLtp: 1e-9,
      pulseWidthLtd: 1e-9,
    },
    hybrid: {
      msbLevels: 4,
      msbProgramVoltages: [2, 2.67, 3.33, 4],
      eraseVoltage: 4,
      msbPulseWidth: 3e-6,
      gateCapacitance: 50e-15,
    },
    notes: [
      'Sun et al., IEDM 2018 and MLP+NeuroSim V3.0 `_2T1F`: FeFET 1.788 uS / 39.73 nS, LSB 64 levels (gate charge, NL 0.5 / 0.5, 1 V, 1 ns), MSB 4 polarisation levels.',
      'MSB program voltages 2 / 2.67 / 3.33 / 4 V, erase -4 V, 3 us; gate capacitance 50 fF. Four program voltages for four levels: the first (2 V) is taken as re-programming the lowest level after an erase.',
      'Cell footprint assumed 12F x 6F (FeFET 4F x 6F of MLP+NeuroSim V3 plus two access transistors side by side): no published layout; an assumption.',
      'The params block describes the LSB (gate) update; gMin/gMax are the FeFET channel range used for reads.',
    ],
  }),
  'sram-8t': preset({
    id: 'sram-8t',
    title: '8T SRAM (digital baseline)',
    cell: 'sram-8t',
    citation: 'dnn-neurosim-v2',
    cellWidthF: 20,
    cellHeightF: 8,
    params: normalisedNoWrite(1),
    notes: [
      'DNN+NeuroSim 8T SRAM cell (memcelltype 1): one bit per cell, so a weight takes circuit.weightBits cells side by side; 20F x 8F at the logic node (not the wire width).',
      'Cost: read through the 1.31F access and 2.08F pull-down transistors into the column ADC, write = the cross-coupled pair flipping (no programming pulses), as NeuroSim models it.',
      'Accuracy: trains as a signed digital word of circuit.weightBits bits, the cells the cost prices (docs/synapses.md#digital): w = -1 + 2k / (2^b - 1), k = 0..2^b - 1; each change rounded to whole steps with the run\'s pulse rounding; no device noise or nonlinearity; one word whatever the mapping. The params block describes one cell (two states, normalised 0 and 1).',
    ],
  }),
  ideal: preset({
    id: 'ideal',
    title: 'Ideal (software) synapse',
    cell: 'ideal',
    citation: 'software-reference',
    cellWidthF: 8,
    cellHeightF: 20,
    params: normalisedNoWrite(1 << 24),
    notes: [
      'Floating-point weights, no device: the accuracy reference. Conductances are normalised (0..1), 2^24 levels (float32 resolution).',
      'If priced at all, priced as an 8T SRAM cell 8F x 20F (docs/devices.md#common-settings); zero write voltage and pulse width.',
    ],
  }),
});

/** Preset ids, in table order. `measured` is resolved from DeviceSpec.measured and is not listed. */
export const DEVICE_PRESET_IDS: readonly string[] = Object.freeze(Object.keys(DEVICE_PRESETS));

function checkParams(id: string, p: DeviceParams): void {
  const bad = (field: string, why: string, v: unknown): never => {
    throw new ModelError(`device "${id}": ${field} ${why} (got ${String(v)})`);
  };
  for (const [k, v] of Object.entries(p)) if (typeof v === 'number' && !Number.isFinite(v)) bad(k, 'must be finite', v);
  if (!(p.gMin >= 0)) bad('gMin', 'must be >= 0', p.gMin);
  if (!(p.gMax > p.gMin)) bad('gMax', `must exceed gMin = ${p.gMin}`, p.gMax);
  if (!Number.isInteger(p.levelsLtp) || p.levelsLtp < 1) bad('levelsLtp', 'must be a positive integer', p.levelsLtp);
  if (!Number.isInteger(p.levelsLtd) || p.levelsLtd < 1) bad('levelsLtd', 'must be a positive integer', p.levelsLtd);
  if (Math.abs(p.nlLtp) > 10) bad('nlLtp', 'must be within [-10, 10]', p.nlLtp);
  if (Math.abs(p.nlLtd) > 10) bad('nlLtd', 'must be within [-10, 10]', p.nlLtd);
  if (!(p.sigmaC2c >= 0)) bad('sigmaC2c', 'must be >= 0', p.sigmaC2c);
  if (!(p.sigmaD2d >= 0)) bad('sigmaD2d', 'must be >= 0', p.sigmaD2d);
}

/**
 * Resolve a DeviceSpec (preset id plus overrides, or 'measured' with sweeps) to a preset and its
 * effective parameters. Throws ModelError naming an unknown preset id and listing the known ones.
 */
export function resolveDevice(spec: DeviceSpec): { preset: DevicePreset; params: DeviceParams } {
  let base: DevicePreset;
  if (spec.userPreset) {
    if (spec.userPreset.id !== spec.preset)
      throw new ModelError(`device preset "${spec.preset}" carries the definition of user preset "${spec.userPreset.id}"; they must match`);
    base = presetFromUserDevice(spec.userPreset);
  } else if (spec.preset === 'measured') {
    if (!spec.measured) throw new ModelError('device preset "measured" needs `measured` LTP and LTD sweeps');
    base = measuredPreset(spec.measured.ltp, spec.measured.ltd);
  } else {
    const found = Object.prototype.hasOwnProperty.call(DEVICE_PRESETS, spec.preset) ? DEVICE_PRESETS[spec.preset] : undefined;
    if (!found) {
      throw new ModelError(
        `unknown device preset "${spec.preset}"; known presets: ${DEVICE_PRESET_IDS.join(', ')}, measured`,
      );
    }
    base = found;
  }
  const overrides = spec.overrides ?? {};
  const keys = Object.keys(overrides).filter((k) => (overrides as Record<string, unknown>)[k] !== undefined);
  const params: DeviceParams = Object.freeze({ ...base.params, ...stripUndefined(overrides) });
  if (base.cell !== 'ideal') checkParams(base.id, params);
  const preset: DevicePreset =
    keys.length === 0
      ? base
      : Object.freeze({
          ...base,
          params,
          notes: Object.freeze([...base.notes, `Overridden by the configuration: ${keys.join(', ')}.`]),
        });
  return { preset, params };
}

/** The preset a user preset's stored definition describes (saved from a fit or from another device). */
export function presetFromUserDevice(def: UserDevice): DevicePreset {
  return preset({
    id: def.id,
    title: def.title,
    cell: def.cell,
    citation: 'user-preset',
    cellWidthF: def.cellWidthF,
    cellHeightF: def.cellHeightF,
    params: { ...def.params },
    notes: [`User preset "${def.id}", saved ${def.savedAt}.`, ...def.notes],
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
