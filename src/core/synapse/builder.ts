/**
 * The one builder of synapse layers: scheme x device x programming combinations come from here,
 * never from hand-written N x M classes (README.md, "Architecture").
 */
import type { Rng } from '../rng';
import type { SynapseConfig } from '../config/schema';
import { DEVICE_PRESETS, resolveDevice } from '../devices/presets';
import type { DevicePreset } from '../devices/types';
import type { SynapseLayer } from './types';
import { IdealSynapse } from './ideal';
import { BaselineSynapse, digitalWordDevice } from './baseline';
import { HpsSynapse } from './hps';
import { Fefet2t1fSynapse } from './fefet2t1f';
import { ModelError } from '../errors';

/**
 * `circuit` gives the word width of a digital (SRAM) synapse, which trains as a circuit.weightBits
 * word; other synapses do not read it.
 */
export function createSynapseLayer(cfg: SynapseConfig, rows: number, cols: number, rng: Rng, circuit?: { readonly weightBits: number }): SynapseLayer {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1)
    throw new ModelError(`synapse layer size must be positive integers (got ${rows} x ${cols})`);
  const stochasticRounding = cfg.pulseRounding === 'stochastic';
  switch (cfg.scheme) {
    case 'ideal':
      return new IdealSynapse(rows, cols);
    case 'baseline': {
      const device = resolveDevice(cfg.device).preset;
      if (device.cell === 'ideal') return new IdealSynapse(rows, cols);
      // An SRAM weight is a signed digital word of circuit.weightBits bits (the cells the cost model
      // prices), whatever the configured mapping: one word holds the sign.
      if (device.cell === 'sram-8t') {
        if (!circuit) throw new ModelError('an SRAM synapse needs circuit.weightBits (its word width)');
        const bits = circuit.weightBits;
        return new BaselineSynapse(rows, cols, { device: digitalWordDevice(device, bits), mapping: 'reference', stochasticRounding, wordBits: bits }, rng);
      }
      return new BaselineSynapse(rows, cols, { device, mapping: cfg.mapping, stochasticRounding }, rng);
    }
    case 'hps': {
      const msb = resolveDevice(cfg.device).preset;
      const lsb = resolveDevice(cfg.lsb).preset;
      return new HpsSynapse(
        rows,
        cols,
        {
          msb,
          lsb,
          significance: cfg.significance,
          everyImages: cfg.transfer.everyImages,
          ...(cfg.transfer.everySeconds !== undefined ? { everySeconds: cfg.transfer.everySeconds } : {}),
          programming: cfg.transfer.programming,
          verifyTolerance: cfg.transfer.verifyTolerance,
          verifyMaxPulses: cfg.transfer.verifyMaxPulses,
          residualCharge: cfg.transfer.residualCharge,
          tau: cfg.retention.tau,
          leakTarget: cfg.retention.target,
          order: cfg.retention.order,
          stochasticRounding,
        },
        rng,
      );
    }
    case 'fefet-2t1f': {
      // The hybrid cell is its own device; a non-hybrid `device` (e.g. the hps-envm default) falls
      // back to the fefet-2t1f preset with the configured overrides.
      let device: DevicePreset = resolveDevice(cfg.device).preset;
      if (!device.hybrid) device = resolveDevice({ preset: 'fefet-2t1f', overrides: cfg.device.overrides }).preset;
      if (!device.hybrid) device = DEVICE_PRESETS['fefet-2t1f']!;
      return new Fefet2t1fSynapse(
        rows,
        cols,
        { device, tau: cfg.retention.tau, leakTarget: cfg.retention.target, stochasticRounding },
        rng,
      );
    }
    default: {
      const never: never = cfg.scheme;
      throw new ModelError(`unknown synapse scheme "${String(never)}"`);
    }
  }
}
