/**
 * The names a study refers to: device presets in its base, its baseline and every device-valued
 * knob value, and the metrics of its objectives and constraints (see config/references.ts).
 */
import { ConfigError, type ConfigIssue } from '../errors';
import { configIssues, deviceIssues, metricIssues, type Catalogs } from '../config/references';
import { runConfigSchema, type DeviceSpec } from '../config/schema';
import { pathsOverlap, setPath } from './paths';
import type { Study } from './study';

const DEVICE_PATHS = ['synapse.device', 'synapse.lsb'] as const;

export function studyIssues(study: Study, known: Catalogs): ConfigIssue[] {
  // Preset ids a knob names may be the study's own user presets (their definitions travel in it).
  const catalogs = { ...known, devicePresets: [...known.devicePresets, ...Object.keys(study.userPresets ?? {})] };
  const issues = configIssues(study.base, 'base', catalogs);
  if (study.baseline.device) issues.push(...deviceIssues(study.baseline.device, 'baseline.device', catalogs));
  study.knobs.forEach((k, i) => {
    const device = DEVICE_PATHS.find((d) => pathsOverlap(k.path, d));
    if (!device || !k.values) return;
    k.values.forEach((v, j) => {
      // The knob's value applied to the base (already schema-checked by parseStudy).
      const r = runConfigSchema.safeParse(setPath(study.base, k.path, v));
      if (!r.success) return;
      const spec: DeviceSpec = device === 'synapse.device' ? r.data.synapse.device : r.data.synapse.lsb;
      for (const issue of deviceIssues(spec, device, catalogs)) issues.push({ ...issue, path: `knobs[${i}].values[${j}]`, message: `${issue.path}: ${issue.message}` });
    });
  });
  issues.push(...metricIssues(study.objectives, 'objectives', catalogs));
  issues.push(...metricIssues(study.constraints, 'constraints', catalogs));
  return issues;
}

export function checkStudyReferences(study: Study, catalogs: Catalogs): void {
  const issues = studyIssues(study, catalogs);
  if (issues.length > 0) throw ConfigError.fromIssues(`Invalid study '${study.name}'`, issues);
}
