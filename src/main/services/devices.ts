/**
 * devices:* — presets with their sources (built-in and the user's), pulse-response curves,
 * measured-CSV fits, and user presets saved from a fit or another device.
 */
import { basename } from 'node:path';
import { DEVICE_PRESETS, presetFromUserDevice, resolveDevice } from '../../core/devices/presets';
import { pulseResponse } from '../../core/devices/envm';
import { c2cBand, pulseTrain, stepSizes } from '../../core/devices/simulate';
import { fitMeasured, parseMeasuredCsv, measuredLut, MEASURED_DEFAULT_PULSE, MEASURED_DEFAULT_VOLTAGE } from '../../core/devices/measured';
import { embedUserPresetsInConfig, isBuiltInPreset, type UserPresetLookup } from '../../core/devices/user-presets';
import { formatCitation, isBibKey } from '../../core/bib';
import { deviceSpecSchema, userDeviceSchema, type UserDevice } from '../../core/config/schema';
import { parseWith } from '../../core/config/validate';
import { ConfigError } from '../../core/errors';
import type { CurveView, FitView, ParsedRequest, PresetView, SimulationView, UserPresetView } from '../../shared/contract';
import type { DeviceParams, DevicePreset } from '../../core/devices/types';
import type { Store } from '../store/store';
import { deleteUserPreset, listUserPresets, putUserPreset, type UserPresetRow } from '../store/user-presets';

/** Longest curve a request may ask for (the ideal device has 2^24 levels). */
export const MAX_CURVE_PULSES = 10_000;
import { deviceIssues } from '../../core/config/references';
import { catalogs } from './catalogs';

function numericParams(p: DeviceParams): Record<string, number> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
}

function presetView(d: DevicePreset): PresetView {
  return {
    id: d.id,
    title: d.title,
    cell: d.cell,
    params: numericParams(d.params),
    citation: d.citation,
    reference: isBibKey(d.citation) ? formatCitation(d.citation) : d.citation,
    notes: [...d.notes],
    kind: 'built-in',
  };
}

function userPresetView(r: UserPresetRow): UserPresetView {
  const d = r.definition;
  const origin = r.source.kind === 'fit' ? `least-squares fit of ${r.source.file ?? 'measured data'} (RMSE ${(100 * r.source.nrmse).toFixed(2)} % of Gmax - Gmin)` : 'saved from a device spec';
  return {
    ...presetView(presetFromUserDevice(d)),
    citation: '',
    reference: `user preset: ${origin}`,
    kind: 'user',
    cellWidthF: d.cellWidthF,
    cellHeightF: d.cellHeightF,
    source: r.source,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Resolve user preset ids against the database (for embedding them into configs and studies). */
export function userPresetLookup(store: Store): { lookup: UserPresetLookup; ids: string[] } {
  const rows = listUserPresets(store);
  const byId = new Map(rows.map((r) => [r.id, r.definition]));
  return { lookup: (id) => byId.get(id), ids: rows.map((r) => r.id) };
}

export function presets(store: Store): PresetView[] {
  return [...Object.values(DEVICE_PRESETS).map(presetView), ...listUserPresets(store).map(userPresetView)];
}

/** A device spec (user preset ids resolved from the database): params and, for measured devices, their look-up table. */
function resolveSpec(store: Store, device: unknown): { params: DeviceParams; lut: ReturnType<typeof measuredLut>['lut'] | undefined } {
  const { lookup, ids } = userPresetLookup(store);
  const embedded = embedUserPresetsInConfig({ synapse: { device } }, lookup, ids) as { synapse: { device: unknown } };
  const spec = parseWith(deviceSpecSchema, embedded.synapse.device, 'device');
  const issues = deviceIssues(spec, 'device', catalogs());
  if (issues.length > 0) throw ConfigError.fromIssues('Invalid device', issues);
  const { params } = resolveDevice(spec);
  const lut = spec.preset === 'measured' && spec.measured ? measuredLut(spec.measured.ltp, spec.measured.ltd).lut : undefined;
  return { params, lut };
}

export function curve(store: Store, device: unknown, pulses?: number): CurveView {
  const { params, lut } = resolveSpec(store, device);
  const n = (levels: number): number => pulses ?? Math.min(levels, MAX_CURVE_PULSES);
  const ltp = pulseResponse(params, { direction: 'ltp', pulses: n(lut ? lut.ltp.length - 1 : params.levelsLtp) }, lut);
  const ltd = pulseResponse(params, { direction: 'ltd', pulses: n(lut ? lut.ltd.length - 1 : params.levelsLtd) }, lut);
  return { ltp: { p: ltp.p, g: ltp.g }, ltd: { p: ltd.p, g: ltd.g }, params: numericParams(params) };
}

/** The devices view's simulations of a device (core/devices/simulate), reproducible from `seed`. */
export function simulate(store: Store, device: unknown, opts: { seed?: number; trials?: number; pulses?: number }): SimulationView {
  const { params, lut } = resolveSpec(store, device);
  const seed = opts.seed ?? 1;
  const trials = opts.trials ?? 200;
  return {
    band: { ltp: c2cBand(params, lut, { direction: 'ltp', trials, seed }), ltd: c2cBand(params, lut, { direction: 'ltd', trials, seed }) },
    steps: stepSizes(params, lut),
    train: pulseTrain(params, lut, { pulses: opts.pulses ?? 400, seed }),
    trials,
    seed,
  };
}

export function fit(csv: string): FitView {
  const data = parseMeasuredCsv(csv);
  const f = fitMeasured(data.ltp, data.ltd);
  const ltp = pulseResponse(f.params, { direction: 'ltp' });
  const ltd = pulseResponse(f.params, { direction: 'ltd' });
  return {
    data: { ltp: data.ltp.map(([p, g]) => [p, g]), ltd: data.ltd.map(([p, g]) => [p, g]) },
    ltp: { p: ltp.p, g: ltp.g },
    ltd: { p: ltd.p, g: ltd.g },
    params: numericParams(f.params),
    fit: { nlLtp: f.params.nlLtp, nlLtd: f.params.nlLtd, levelsLtp: f.params.levelsLtp, levelsLtd: f.params.levelsLtd, gMin: f.params.gMin, gMax: f.params.gMax, sigmaC2c: f.params.sigmaC2c, nrmse: f.nrmse },
    rmse: f.rmse,
    messages: [`fit RMSE ${f.rmse.toExponential(3)} S (${(f.nrmse * 100).toFixed(2)} % of Gmax - Gmin)`],
  };
}

/** Cell kinds a user preset may be: the eNVM cells (volatile and hybrid cells need more than the curve). */
const USER_CELLS = new Set<string>(['rram-1t1r', 'pcm-1t1r', 'fefet']);

function definitionFromDevice(id: string, title: string | undefined, device: unknown, store: Store): UserDevice {
  const { lookup, ids } = userPresetLookup(store);
  const embedded = embedUserPresetsInConfig({ synapse: { device } }, lookup, ids) as { synapse: { device: unknown } };
  const spec = parseWith(deviceSpecSchema, embedded.synapse.device, 'device');
  if (spec.preset === 'measured')
    throw new ConfigError("device: a measured device is saved from its CSV (csv), which fits it; its look-up table is not a preset", { issues: [{ path: 'device.preset', message: 'save measured data through csv', value: 'measured' }] });
  const { preset, params } = resolveDevice(spec);
  if (!USER_CELLS.has(preset.cell))
    throw new ConfigError(`device.preset: a user preset is an eNVM device (rram-1t1r, pcm-1t1r, fefet); '${spec.preset}' is a ${preset.cell} cell`, { issues: [{ path: 'device.preset', message: 'not an eNVM cell', value: spec.preset }] });
  return {
    id,
    title: title ?? `${preset.title} (user copy)`,
    cell: preset.cell as UserDevice['cell'],
    cellWidthF: preset.cellWidthF,
    cellHeightF: preset.cellHeightF,
    params: { ...params },
    notes: [`Copied from preset ${spec.preset}${spec.overrides ? ' with overrides' : ''}.`, ...preset.notes],
    savedAt: new Date().toISOString(),
  };
}

function definitionFromFit(id: string, title: string | undefined, csv: string, file: string | undefined): { def: UserDevice; fit: ReturnType<typeof fitMeasured>; points: { ltp: number; ltd: number } } {
  const data = parseMeasuredCsv(csv);
  const f = fitMeasured(data.ltp, data.ltd);
  const name = file ? basename(file) : 'measured data';
  return {
    def: {
      id,
      title: title ?? `Fitted device (${name})`,
      cell: 'rram-1t1r',
      cellWidthF: 4,
      cellHeightF: 4,
      params: { ...f.params },
      notes: [
        `Least-squares fit of ${name} (${data.ltp.length} LTP, ${data.ltd.length} LTD points): NL ${f.ltp.nl.toFixed(2)} / ${f.ltd.nl.toFixed(2)}, levels ${f.ltp.levels} / ${f.ltd.levels}, c2c ${(100 * f.params.sigmaC2c).toFixed(2)} %, RMSE ${(100 * f.nrmse).toFixed(2)} % of (Gmax - Gmin).`,
        `Write pulse not in the data: ${MEASURED_DEFAULT_VOLTAGE} V, ${MEASURED_DEFAULT_PULSE * 1e9} ns assumed (override writeVoltage*/pulseWidth* in a config).`,
        'Cell assumed 1T1R 4F x 4F.',
      ],
      savedAt: new Date().toISOString(),
    },
    fit: f,
    points: { ltp: data.ltp.length, ltd: data.ltd.length },
  };
}

export function savePreset(store: Store, req: ParsedRequest<'devices:savePreset'>): UserPresetView {
  if (isBuiltInPreset(req.id))
    throw new ConfigError(`id: '${req.id}' is a built-in preset; choose another name`, { issues: [{ path: 'id', message: 'built-in preset id', value: req.id }] });
  if ((req.csv === undefined) === (req.device === undefined))
    throw new ConfigError('devices:savePreset needs exactly one of csv (a measured sweep to fit) or device (a device spec)', { issues: [{ path: req.csv === undefined ? 'csv' : 'device', message: 'give exactly one of csv or device' }] });
  if (req.csv !== undefined) {
    const { def, fit: f, points } = definitionFromFit(req.id, req.title, req.csv, req.file);
    const source = { kind: 'fit' as const, ...(req.file ? { file: basename(req.file) } : {}), points, rmse: f.rmse, nrmse: f.nrmse };
    return userPresetView(putUserPreset(store, parseWith(userDeviceSchema, def, 'preset'), source, req.replace ?? false));
  }
  const def = definitionFromDevice(req.id, req.title, req.device, store);
  return userPresetView(putUserPreset(store, parseWith(userDeviceSchema, def, 'preset'), { kind: 'device', spec: req.device }, req.replace ?? false));
}

export function deletePreset(store: Store, id: string): { deleted: string } {
  deleteUserPreset(store, id);
  return { deleted: id };
}

