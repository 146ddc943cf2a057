/**
 * Human-readable output of the CLI: tables with one unit per column (the shared formatter in
 * core/format/units.ts), for cost results, Pareto fronts, device curves and fits, training epochs.
 * `--json` bypasses all of this and prints the service's answer unchanged.
 */
import { formatColumn, formatEng, formatNumber, formatPercent } from '../../core/format/units';
import { normalisedHypervolume } from '../../core/dse/hypervolume';
import { PHASE_LABELS, type Phase } from '../../core/report/adapters';
import type { CurveView, FitView, ParetoView, RunView } from '../../shared/contract';
import { table } from './common';

export interface MetricInfoLite {
  label: string;
  unit: string;
  direction: 'min' | 'max';
}
export type Catalog = Readonly<Record<string, MetricInfoLite>>;

/** A table whose listed columns hold numbers in SI `units[i]`; their headers get the column's unit. */
function unitTable(rows: (string | number | null | undefined)[][], header: string[], units: (string | null)[]): string {
  const cols = header.map((h, i) => {
    const unit = units[i];
    if (unit == null) return { head: h, cells: rows.map((r) => String(r[i] ?? '')) };
    const c = formatColumn(rows.map((r) => (typeof r[i] === 'number' ? (r[i] as number) : null)), unit, { digits: 4 });
    return { head: c.label ? `${h} (${c.label})` : h, cells: c.cells };
  });
  const right = units.flatMap((u, i) => (u == null ? [] : [i]));
  return table(rows.map((_, r) => cols.map((c) => c.cells[r]!)), cols.map((c) => c.head), right);
}

// ---- hps cost ---------------------------------------------------------------------------------

/** Split flat cost metrics into: per phase (energy.x, latency.x), per component, area by component, the rest. */
function groupMetrics(m: Readonly<Record<string, number>>): { summary: string[]; phases: string[]; components: string[]; areas: string[] } {
  const phases = new Set<string>();
  const components = new Set<string>();
  const areas: string[] = [];
  const summary: string[] = [];
  for (const k of Object.keys(m)) {
    const [head, tail] = k.split('.', 2) as [string, string | undefined];
    if (tail !== undefined && (head === 'energy' || head === 'latency')) phases.add(tail);
    else if (tail !== undefined && (head === 'energyByComponent' || head === 'latencyByComponent')) components.add(tail);
    else if (tail !== undefined && head === 'area') areas.push(tail);
    else summary.push(k);
  }
  return { summary, phases: [...phases], components: [...components], areas };
}

export function costText(r: { ok: boolean; reason?: string; metrics?: Record<string, number> }, catalog: Catalog): string {
  if (!r.ok) return `infeasible design point: ${r.reason ?? 'unknown reason'}`;
  const m = r.metrics ?? {};
  const g = groupMetrics(m);
  const summary = table(
    g.summary.map((k) => [catalog[k]?.label ?? k, formatEng(m[k], catalog[k]?.unit ?? '', { digits: 4 }), k]),
    ['quantity', 'value', 'metric key'],
    [1],
  );
  const phases = unitTable(
    g.phases.map((p) => [PHASE_LABELS[p as Phase] ?? p, m[`energy.${p}`], m[`latency.${p}`]]),
    ['phase, per epoch', 'energy', 'latency'],
    [null, 'J', 's'],
  );
  const components = unitTable(
    g.components.map((c) => [c, m[`energyByComponent.${c}`], m[`latencyByComponent.${c}`]]),
    ['component, per epoch', 'energy', 'latency'],
    [null, 'J', 's'],
  );
  const areas = unitTable(g.areas.map((a) => [a, m[`area.${a}`]]), ['component', 'area'], [null, 'm^2']);
  return ['design point ok', '', summary, '', phases, '', components, '', areas].join('\n');
}

// ---- hps pareto -------------------------------------------------------------------------------

function knobText(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v, 4);
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? '';
}

/** The iso values that differ between groups, per group ("" when there is one group). */
function isoDifferences(view: ParetoView): string[] {
  const parsed = view.groups.map((g) => {
    try {
      return new Map(JSON.parse(g.isoKey) as [string, unknown][]);
    } catch {
      return new Map<string, unknown>();
    }
  });
  const paths = [...new Set(parsed.flatMap((p) => [...p.keys()]))].filter((k) => new Set(parsed.map((p) => JSON.stringify(p.get(k)))).size > 1);
  return parsed.map((p) => paths.map((k) => `${k} = ${knobText(p.get(k))}`).join(', '));
}

export function paretoText(view: ParetoView, catalog: Catalog, opts: { limit: number; role: string }): string {
  const units = view.objectives.map((o) => catalog[o.metric]?.unit ?? '');
  const dirs = view.objectives.map((o) => o.direction);
  const iso = isoDifferences(view);
  const out: string[] = [`objectives: ${view.objectives.map((o) => `${catalog[o.metric]?.label ?? o.metric} (${o.metric}, ${o.direction})`).join('; ')}; points: ${opts.role}`];
  view.groups.forEach((g, gi) => {
    const ranked = g.points.filter((p) => p.rank >= 0).sort((a, b) => a.rank - b.rank || a.values[0]! - b.values[0]!);
    const front = ranked.filter((p) => p.rank === 0);
    const unranked = g.points.length - ranked.length;
    out.push('');
    out.push(
      `iso group ${gi + 1} of ${view.groups.length}${iso[gi] ? ` (${iso[gi]})` : ''}: ${g.points.length} points, ${front.length} on the front (marked *)` +
        (unranked > 0 ? `, ${unranked} infeasible or failed (not ranked)` : ''),
    );
    const fmtRef = (vals: readonly number[]): string => vals.map((v, k) => `${view.objectives[k]!.metric} ${formatEng(v, units[k]!, { digits: 4 })}`).join(', ');
    const n = g.hypervolume != null && g.reference.length ? normalisedHypervolume(g.hypervolume, front.map((p) => p.values), g.reference, dirs) : null;
    if (n)
      out.push(
        `hypervolume ${formatNumber(n.value, 4)} (normalised: the share of the box from the ideal point to the reference point that the front dominates)\n` +
          `  reference point: ${fmtRef(g.reference)}\n  ideal point:     ${fmtRef(n.ideal)}`,
      );
    else out.push('hypervolume: - (no ranked points, or more objectives than it is computed for)');
    const shown = opts.limit > 0 ? ranked.slice(0, opts.limit) : ranked;
    const knobs = [...new Set(shown.flatMap((p) => Object.keys(p.knobs)))];
    const rows = shown.map((p) => [p.rank === 0 ? '*' : '', p.rank, p.hash.slice(0, 8), p.role, ...knobs.map((k) => knobText(p.knobs[k])), ...p.values]);
    out.push(
      unitTable(
        rows,
        ['', 'rank', 'point', 'role', ...knobs, ...view.objectives.map((o) => `${o.metric}, ${o.direction}`)],
        [null, '', null, null, ...knobs.map(() => null), ...units],
      ),
    );
    if (shown.length < ranked.length) out.push(`... ${ranked.length - shown.length} more ranked points (--limit 0 shows all)`);
  });
  return out.join('\n');
}

// ---- hps devices ------------------------------------------------------------------------------

export interface CurveRow {
  pulse: number;
  /** Conductance after `pulse` pulses, S. */
  conductance: number;
  /** Change made by this pulse, S (null for pulse 0). */
  step: number | null;
  /** The same change as a fraction of Gmax - Gmin: the weight step of one pulse. */
  stepFraction: number | null;
}

/** Curve rows with per-pulse step sizes. */
export function curveRows(c: { p: number[]; g: number[] }, gMin: number, gMax: number): CurveRow[] {
  const range = gMax - gMin;
  return c.p.map((pulse, k) => {
    const step = k === 0 ? null : c.g[k]! - c.g[k - 1]!;
    return { pulse, conductance: c.g[k]!, step, stepFraction: step === null || !(range > 0) ? null : step / range };
  });
}

function curveTable(rows: readonly CurveRow[]): string {
  return unitTable(
    rows.map((r) => [r.pulse, r.conductance, r.step, r.stepFraction]),
    ['pulse', 'conductance', 'step', 'step / (Gmax - Gmin)'],
    ['', 'S', 'S', 'fraction'],
  );
}

export function paramsText(params: Readonly<Record<string, number>>): string {
  const unit = (k: string): string => (k.startsWith('g') ? 'S' : k.startsWith('writeVoltage') ? 'V' : k.startsWith('pulseWidth') ? 's' : k.startsWith('sigmaC2c') ? 'fraction' : '');
  return table(Object.entries(params).map(([k, v]) => [k, formatEng(v, unit(k), { digits: 4 })]), ['parameter', 'value'], [1]);
}

export function curveText(title: string, view: CurveView, ltp: readonly CurveRow[], ltd: readonly CurveRow[]): string {
  return [
    title,
    paramsText(view.params),
    '',
    `LTP: potentiation from Gmin, ${ltp.length - 1} pulses`,
    curveTable(ltp),
    '',
    `LTD: depression from Gmax, ${ltd.length - 1} pulses`,
    curveTable(ltd),
  ].join('\n');
}

export function fitText(file: string, f: FitView): string {
  const nrmse = f.fit.nrmse ?? NaN;
  return [
    `least-squares fit of ${file} (${f.data.ltp.length} LTP, ${f.data.ltd.length} LTD points) to the NeuroSim device model`,
    paramsText(f.params),
    '',
    `fit error: RMSE ${formatEng(f.rmse, 'S', { digits: 4 })} = ${formatPercent(nrmse, 2)} of Gmax - Gmin`,
  ].join('\n');
}

// ---- hps train, hps runs show -------------------------------------------------------------------

export function epochsTable(run: RunView): string {
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return unitTable(
    run.epochs.map((e) => [e.epoch, num(e.metrics.trainLoss), num(e.metrics.testAccuracy), num(e.metrics.testAccuracyNonVolatile), num(e.metrics.testAccuracyAfterFlush)]),
    ['epoch', 'train loss', 'test accuracy (live)', 'non-volatile, MSB only', 'non-volatile, after flush'],
    ['', '', 'fraction', 'fraction', 'fraction'],
  );
}
