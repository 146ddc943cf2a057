/**
 * The report's breakdown section: energy, latency and area of one HPS point and its baseline twin per
 * training phase, per layer (and per layer and phase) and per component, as tables and charts.
 *
 * One unit per quantity on the whole section: every energy in every table and chart of the section is
 * printed with the same prefix (likewise latency and area), so a number in a chart reads the same as
 * in the table next to it. Components have one colour in every chart (charts.COMPONENT_COLORS).
 */
import { PHASES, PHASE_LABELS, isObj, type BreakdownRow, type CostView, type Phase } from './adapters';
import { dropEmptyColumns, type Block, type Section, type Table } from './blocks';
import { breakdownChart, componentChart, type StackPanel } from './charts';
import { formatNumber, formatRatio, formatScaled, pickScale, type Scale } from '../format/units';

/** Readable names of the cost model's components (CostMetrics.energyByComponent and area.byComponent keys). */
export const COMPONENT_LABELS: Readonly<Record<string, string>> = {
  adc: 'ADC',
  accumulation: 'accumulation',
  array: 'cell arrays',
  buffer: 'buffers',
  interconnect: 'interconnect (H-tree, buses)',
  dram: 'DRAM traffic',
  wgUnit: 'WG unit',
  write: 'programming (WU, transfer)',
  other: 'other (periphery, leakage)',
};

export const componentLabel = (k: string): string => COMPONENT_LABELS[k] ?? k;

/** Short names for chart legends (the tables use COMPONENT_LABELS). */
const COMPONENT_LEGEND: Readonly<Record<string, string>> = {
  adc: 'ADC',
  accumulation: 'accumulation',
  array: 'cell arrays',
  buffer: 'buffers',
  interconnect: 'interconnect',
  dram: 'DRAM',
  wgUnit: 'WG unit',
  write: 'programming',
  other: 'other',
};

/** One side of the compared pair: its cost view and, when stored or re-priced, the full cost result. */
export interface PricedPoint {
  readonly view: CostView | null;
  /** The full cost result (for per-layer, per-phase rows), or null when only flat metrics exist. */
  readonly result: unknown;
}

export interface BreakdownInput {
  readonly hps: PricedPoint;
  readonly baseline: PricedPoint;
  /** 'point #48 (87002bd2aa), the knee of the HPS Pareto front and its baseline twin #1 (…)'. */
  readonly source: string;
  /** Where the numbers come from (stored run, re-priced from the study) and anything missing. */
  readonly provenance: string;
}

interface LayerPhases {
  readonly name: string;
  readonly energy: Partial<Record<Phase, number>>;
  readonly latency: Partial<Record<Phase, number>>;
}

/** Per-layer, per-phase energy and latency of a cost result (CostMetrics.layers), read defensively. */
export function layerPhases(result: unknown): LayerPhases[] {
  const layers = isObj(result) && Array.isArray(result.layers) ? result.layers : [];
  const out: LayerPhases[] = [];
  layers.forEach((l: unknown, i: number) => {
    if (!isObj(l)) return;
    const pick = (v: unknown): Partial<Record<Phase, number>> => {
      const o: Partial<Record<Phase, number>> = {};
      if (isObj(v)) for (const p of PHASES) if (typeof v[p] === 'number' && Number.isFinite(v[p])) o[p] = v[p] as number;
      return o;
    };
    out.push({ name: typeof l.name === 'string' ? l.name : `L${i + 1}`, energy: pick(l.energy), latency: pick(l.latency) });
  });
  return out;
}

const find = (rows: readonly BreakdownRow[] | undefined, name: string): BreakdownRow | undefined => rows?.find((r) => r.name === name);
const ratio = (a?: number, b?: number): string => (a === undefined || b === undefined || b === 0 ? '–' : formatRatio(a / b));

/** HPS and baseline energy and latency side by side with their ratios, one row per name. */
function ratioTable(
  title: string,
  first: string,
  weight: number,
  names: readonly string[],
  h: readonly BreakdownRow[] | undefined,
  b: readonly BreakdownRow[] | undefined,
  label: (name: string) => string,
  sc: { energy: Scale; latency: Scale },
): Table {
  const { energy: es, latency: ls } = sc;
  return {
    title,
    columns: [
      { header: first, align: 'left', weight },
      { header: `HPS energy (${es.label})`, align: 'right' },
      { header: `Base energy (${es.label})`, align: 'right' },
      { header: 'Ratio', align: 'right', weight: 0.7 },
      { header: `HPS latency (${ls.label})`, align: 'right' },
      { header: `Base latency (${ls.label})`, align: 'right' },
      { header: 'Ratio', align: 'right', weight: 0.7 },
    ],
    rows: names.map((n) => {
      const x = find(h, n);
      const y = find(b, n);
      return [label(n), formatScaled(x?.energy, es), formatScaled(y?.energy, es), ratio(x?.energy, y?.energy), formatScaled(x?.latency, ls), formatScaled(y?.latency, ls), ratio(x?.latency, y?.latency)];
    }),
  };
}

/** The section's unit per quantity, from every value it prints. */
function sectionScales(h: CostView | null, b: CostView | null): { energy: Scale; latency: Scale; area: Scale } {
  const all = (q: 'energy' | 'latency' | 'area'): number[] =>
    [h, b].flatMap((v) => (v ? [...v.phases, ...v.layers, ...v.components].map((r) => r[q]).filter((x): x is number => x !== undefined) : []));
  return { energy: pickScale(all('energy'), 'J'), latency: pickScale(all('latency'), 's'), area: pickScale(all('area'), 'm^2') };
}

function phaseBlocks(hv: CostView | null, bv: CostView | null, sc: ReturnType<typeof sectionScales>): Block[] {
  const names = [...new Set([...(hv?.phases ?? []), ...(bv?.phases ?? [])].map((r) => r.name))];
  if (!names.length) return [{ kind: 'paragraph', text: 'No per-phase results are stored for this pair.' }];
  const { energy: es, latency: ls } = sc;
  const table: Table = {
    ...ratioTable('Per training phase (per epoch)', 'Phase', 1.8, names, hv?.phases, bv?.phases, (n) => PHASE_LABELS[n as Phase] ?? n, sc),
    note: 'Ratio = HPS / baseline; "–" where the baseline has no such phase (the transfer is HPS-only).',
  };
  const series = (q: 'energy' | 'latency') => [
    { name: `HPS ${q}`, values: names.map((n) => find(hv?.phases, n)?.[q] ?? null) },
    { name: `Baseline ${q}`, values: names.map((n) => find(bv?.phases, n)?.[q] ?? null) },
  ];
  const chart = breakdownChart(
    names.map((n) => PHASE_LABELS[n as Phase] ?? n),
    series('energy'),
    series('latency'),
    'Energy and latency per training phase',
    'J',
    [es, ls],
  );
  return chart ? [{ kind: 'table', table }, { kind: 'chart', chart }] : [{ kind: 'table', table }];
}

function layerBlocks(h: PricedPoint, b: PricedPoint, sc: ReturnType<typeof sectionScales>): Block[] {
  const blocks: Block[] = [];
  const names = [...new Set([...(h.view?.layers ?? []), ...(b.view?.layers ?? [])].map((r) => r.name))];
  if (!names.length) return [{ kind: 'paragraph', text: 'No per-layer results exist for this pair (see the note above).' }];
  const { energy: es, latency: ls } = sc;
  blocks.push({ kind: 'table', table: ratioTable('Per layer (per epoch, all phases)', 'Layer', 1.2, names, h.view?.layers, b.view?.layers, (n) => n, sc) });
  for (const [role, p] of [
    ['HPS', h],
    ['Baseline', b],
  ] as const) {
    const rows = layerPhases(p.result);
    if (!rows.length) continue;
    const phases = PHASES.filter((ph) => rows.some((r) => (r.energy[ph] ?? 0) !== 0 || (r.latency[ph] ?? 0) !== 0));
    const short = (ph: Phase): string => (ph === 'transfer' ? 'Tr' : ph.toUpperCase());
    blocks.push({
      kind: 'table',
      table: {
        title: `Per layer and phase: ${role} (energy in ${es.label}, latency in ${ls.label})`,
        columns: [{ header: 'Layer', align: 'left', weight: 1.1 }, ...phases.map((ph) => ({ header: `E ${short(ph)}`, align: 'right' as const })), ...phases.map((ph) => ({ header: `L ${short(ph)}`, align: 'right' as const }))],
        rows: rows.map((r) => [r.name, ...phases.map((ph) => formatScaled(r.energy[ph], es)), ...phases.map((ph) => formatScaled(r.latency[ph], ls))]),
      },
    });
  }
  return blocks;
}

function componentBlocks(hv: CostView | null, bv: CostView | null, sc: ReturnType<typeof sectionScales>): Block[] {
  const names = [...new Set([...(hv?.components ?? []), ...(bv?.components ?? [])].map((r) => r.name))];
  if (!names.length) return [];
  const { energy: es, latency: ls, area: as } = sc;
  const table = dropEmptyColumns({
    title: 'Per component (per epoch; area of the chip)',
    columns: [
      { header: 'Component', align: 'left', weight: 1.6 },
      { header: `HPS energy (${es.label})`, align: 'right' },
      { header: `Base energy (${es.label})`, align: 'right' },
      { header: `HPS latency (${ls.label})`, align: 'right' },
      { header: `Base latency (${ls.label})`, align: 'right' },
      { header: `HPS area (${as.label})`, align: 'right' },
      { header: `Base area (${as.label})`, align: 'right' },
    ],
    rows: names.map((n) => {
      const x = find(hv?.components, n);
      const y = find(bv?.components, n);
      return [componentLabel(n), formatScaled(x?.energy, es), formatScaled(y?.energy, es), formatScaled(x?.latency, ls), formatScaled(y?.latency, ls), formatScaled(x?.area, as), formatScaled(y?.area, as)];
    }),
    note: 'Component latencies overlap in time, so they do not add up to the latency per epoch.',
  });
  const values = (v: CostView | null, q: 'energy' | 'latency' | 'area', skip?: string): Record<string, number> =>
    Object.fromEntries((v?.components ?? []).filter((r) => r.name !== skip && r[q] !== undefined).map((r) => [r.name, r[q]!]));
  const share = (v: CostView | null, q: 'energy', k: string): number => {
    const all = Object.values(values(v, q));
    const tot = all.reduce((s, x) => s + x, 0);
    return tot > 0 ? (values(v, q)[k] ?? 0) / tot : 0;
  };
  const dram = Math.max(share(hv, 'energy', 'dram'), share(bv, 'energy', 'dram'));
  const panels: StackPanel[] = [{ name: 'Energy', scale: es, hps: values(hv, 'energy'), baseline: values(bv, 'energy') }];
  if (dram > 0.5) {
    panels.push({ name: 'Energy without DRAM', scale: es, hps: values(hv, 'energy', 'dram'), baseline: values(bv, 'energy', 'dram') });
  }
  panels.push({ name: 'Area', scale: as, hps: values(hv, 'area'), baseline: values(bv, 'area') });
  const caption =
    'Each bar is the total split by component; a component has the same colour in every panel.' +
    (dram > 0.5 ? ` DRAM traffic is ${formatNumber(100 * dram, 3)} % of the energy, so a second panel leaves it out.` : '') +
    ' Component latencies overlap in time and are in the table only.';
  const chart = componentChart(panels, COMPONENT_LEGEND, 'Energy and area by component', caption);
  return chart ? [{ kind: 'table', table }, { kind: 'chart', chart }] : [{ kind: 'table', table }];
}

export function breakdownSection(inp: BreakdownInput): Section {
  const hv = inp.hps.view;
  const bv = inp.baseline.view;
  const sc = sectionScales(hv, bv);
  const blocks: Block[] = [
    { kind: 'paragraph', text: `Breakdowns of ${inp.source}. ${inp.provenance}` },
    ...phaseBlocks(hv, bv, sc),
    ...layerBlocks(inp.hps, inp.baseline, sc),
    ...componentBlocks(hv, bv, sc),
  ];
  return { id: 'breakdown', title: 'Energy, latency and area breakdowns', blocks, newPage: true };
}
