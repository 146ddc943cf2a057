/**
 * Names a configuration refers to, checked against what exists: device preset ids and the metric
 * names of study objectives and constraints. The schema alone accepts any string there, and a
 * typo used to surface much later as an "infeasible design point" or an empty Pareto front.
 * Measured device data is validated here too, so bad data is reported as bad data, by field.
 *
 * Callers pass the catalogues (the host adds user presets to the built-in ones).
 */
import { ConfigError, type ConfigIssue } from '../errors';
import { validateSweeps, MeasuredDataError } from '../devices/measured';
import type { DeviceSpec, RunConfig } from './schema';

export interface Catalogs {
  /** Device preset ids a config may name ('measured' is always accepted with its data). */
  readonly devicePresets: readonly string[];
  /** Metric names objectives and constraints may use. */
  readonly metrics: readonly string[];
}

const list = (names: readonly string[], max = 40): string => (names.length > max ? `${names.slice(0, max).join(', ')}, ...` : names.join(', '));

/** Issues of one device spec at `path` (e.g. 'config.synapse.device'). */
export function deviceIssues(spec: DeviceSpec, path: string, catalogs: Pick<Catalogs, 'devicePresets'>): ConfigIssue[] {
  if (spec.preset === 'measured') {
    if (!spec.measured) return [{ path: `${path}.measured`, message: "preset 'measured' needs measured LTP and LTD sweeps" }];
    try {
      validateSweeps(spec.measured.ltp, spec.measured.ltd);
      return [];
    } catch (e) {
      if (!(e instanceof MeasuredDataError)) throw e;
      // 'ltp[3].pulse' -> measured.ltp[3][0]: the field of the config that holds the bad value.
      const m = /^(lt[pd])\[(\d+)\]\.(pulse|conductance)$/.exec(e.column ?? '');
      const field = m ? `.${m[1]}[${m[2]}][${m[3] === 'pulse' ? 0 : 1}]` : '';
      return [{ path: `${path}.measured${field}`, message: e.message, ...(e.value !== undefined ? { value: e.value } : {}) }];
    }
  }
  // A user preset travels with its definition (copied in when the config was stored).
  if (catalogs.devicePresets.includes(spec.preset) || spec.userPreset?.id === spec.preset) return [];
  return [{ path: `${path}.preset`, message: `unknown device preset; known: ${list(catalogs.devicePresets)}, measured`, value: spec.preset }];
}

/** Device references of a run config (`root` prefixes the paths, e.g. 'config'). */
export function configIssues(cfg: RunConfig, root: string, catalogs: Pick<Catalogs, 'devicePresets'>): ConfigIssue[] {
  const at = (p: string): string => (root ? `${root}.${p}` : p);
  const issues = deviceIssues(cfg.synapse.device, at('synapse.device'), catalogs);
  // The LSB device is used by the HPS scheme only; other schemes ignore it.
  if (cfg.synapse.scheme === 'hps') issues.push(...deviceIssues(cfg.synapse.lsb, at('synapse.lsb'), catalogs));
  return issues;
}

/** Throw a ConfigError naming every bad reference of a run config. */
export function checkConfigReferences(cfg: RunConfig, root: string, catalogs: Pick<Catalogs, 'devicePresets'>): void {
  const issues = configIssues(cfg, root, catalogs);
  if (issues.length > 0) throw ConfigError.fromIssues(`Invalid ${root || 'config'}`, issues);
}

export function metricIssues(metrics: readonly { metric: string }[], path: string, catalogs: Pick<Catalogs, 'metrics'>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  metrics.forEach((m, i) => {
    if (!catalogs.metrics.includes(m.metric)) issues.push({ path: `${path}[${i}].metric`, message: `unknown metric; known: ${list(catalogs.metrics, 60)}`, value: m.metric });
  });
  return issues;
}
