/** devices:* — presets with their sources, pulse-response curves, measured-CSV fits. */
import { DEVICE_PRESETS } from '../../core/devices/presets';
import { resolveDevice } from '../../core/devices/presets';
import { pulseResponse } from '../../core/devices/envm';
import { fitMeasured, parseMeasuredCsv, measuredLut } from '../../core/devices/measured';
import { BIBLIOGRAPHY, formatCitation, isBibKey } from '../../core/bib';
import { deviceSpecSchema } from '../../core/config/schema';
import { parseWith } from '../../core/config/validate';
import type { CurveView, FitView, PresetView } from '../../shared/contract';
import type { DeviceParams } from '../../core/devices/types';

function numericParams(p: DeviceParams): Record<string, number> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
}

export function presets(): PresetView[] {
  return Object.values(DEVICE_PRESETS).map((d) => ({
    id: d.id,
    title: d.title,
    cell: d.cell,
    params: numericParams(d.params),
    citation: d.citation,
    reference: isBibKey(d.citation) ? formatCitation(d.citation) : d.citation,
    notes: [...d.notes],
  }));
}

export function curve(device: unknown, pulses?: number): CurveView {
  const spec = parseWith(deviceSpecSchema, device, 'device');
  const { params } = resolveDevice(spec);
  const lut = spec.preset === 'measured' && spec.measured ? measuredLut(spec.measured.ltp, spec.measured.ltd).lut : undefined;
  const ltp = pulseResponse(params, { direction: 'ltp', ...(pulses ? { pulses } : {}) }, lut);
  const ltd = pulseResponse(params, { direction: 'ltd', ...(pulses ? { pulses } : {}) }, lut);
  return { ltp: { p: ltp.p, g: ltp.g }, ltd: { p: ltd.p, g: ltd.g }, params: numericParams(params) };
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

export { BIBLIOGRAPHY };
