/**
 * The report's "Fair comparison" section and the diagnostics CSV: which network and conventions
 * were trained, each run's learning rate and how it was found, the update-efficacy diagnostics and
 * their warnings, and replicate statistics with the HPS minus baseline difference and its interval.
 * Kept apart from model.ts so the rest of the report does not depend on it.
 */
import { runConfigSchema, type RunConfig } from '../config/schema';
import { describeNetwork, networkOf } from '../networks';
import { epochWarnings, type LayerDiagnostics } from '../training/diagnostics';
import type { TuningResult } from '../training/tuning';
import { searchScoring } from '../training/search-summary';
import { csvField, csvLine, csvNumber } from './csv';
import type { Block, Section } from './blocks';
import type { ReportInput, ReportReplicateGroup, ReportRun } from './types';

const pct = (x: number | null | undefined): string => (x == null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(2)} %`);
const short = (s: string): string => s.slice(0, 8);

function configOf(r: Pick<ReportRun, 'config'>): RunConfig | null {
  const c = runConfigSchema.safeParse(r.config);
  return c.success ? c.data : null;
}

/** Diagnostics of a run grouped by epoch. */
function byEpoch(r: Pick<ReportRun, 'diagnostics'>): Map<number, LayerDiagnostics[]> {
  const m = new Map<number, LayerDiagnostics[]>();
  for (const d of r.diagnostics ?? []) m.set(d.epoch, [...(m.get(d.epoch) ?? []), d.data as unknown as LayerDiagnostics]);
  return m;
}

/** Every warning of a run's epochs (lost updates, loss above ln(classes)). */
export function runWarnings(r: Pick<ReportRun, 'config' | 'epochs' | 'diagnostics'>): string[] {
  const cfg = configOf(r);
  const classes = cfg ? networkOf(cfg.workload.network).classes : 10;
  const diag = byEpoch(r);
  return r.epochs.flatMap((e) =>
    epochWarnings({ epoch: e.epoch, trainLoss: typeof e.metrics.trainLoss === 'number' ? e.metrics.trainLoss : NaN, diagnostics: diag.get(e.epoch) ?? [] }, classes, cfg?.training.loss ?? 'cross-entropy'),
  );
}

/** Words on what was trained: network, hidden units, biases, learning-rate convention, event order, accuracy definitions. */
function conventions(runs: readonly ReportRun[]): string[] {
  const cfgs = runs.map(configOf).filter((c): c is RunConfig => c !== null);
  const uniq = (f: (c: RunConfig) => string): string[] => [...new Set(cfgs.map(f))];
  const out = [
    ...uniq((c) => `Network: ${describeNetwork(c.workload.network, c.workload.hiddenActivation)}.`),
    ...uniq((c) =>
      c.training.lrConvention === 'normalised'
        ? 'Learning rate on the normalised crossbar weights (NeuroSim convention): dW_norm = -lr dL/dW_norm, so layer k takes the effective step lr s_k^2.'
        : 'Learning rate on the effective weights (standard SGD): dW_norm = -(lr / s_k^2) dL/dW_norm (Adam: lr / s_k).',
    ),
  ];
  if (cfgs.some((c) => c.synapse.scheme === 'hps'))
    out.push(
      ...uniq((c) =>
        c.synapse.scheme !== 'hps'
          ? ''
          : c.synapse.retention.order === 'leak-then-transfer'
            ? 'Event order within a batch (HPS): the batch\'s hardware time passes (the LSB leaks), then a due transfer reads what is left (leak-then-transfer).'
            : 'Event order within a batch (HPS): a due transfer reads the LSB first, then the batch\'s hardware time passes (transfer-then-leak).',
      ).filter((s) => s !== ''),
      'Non-volatile accuracy: "MSB only" reads the eNVM pair with the LSB lost (a power cut); "after flush" first transfers the LSB into the MSB pair, then reads the MSB only.',
    );
  return out;
}

function searchText(t: TuningResult): string {
  const first = t.rounds[0];
  const scores = first ? first.scores.map((s) => `${s.learningRate}${s.extension ? ' (added)' : ''}: ${pct(s.validationAccuracy)}`).join(', ') : '';
  return `${t.method}, ${t.rounds.length} round(s), ${t.validationImages} validation images (${searchScoring(t)}); first round ${scores}`;
}

function operatingPoints(runs: readonly ReportRun[]): Block {
  const rows = runs.slice(0, 40).map((r) => {
    const cfg = configOf(r);
    const t = (r.tuning ?? null) as TuningResult | null;
    return [short(r.id), r.role, String(r.seed), cfg?.synapse.scheme ?? '–', t ? String(t.best) : cfg ? String(cfg.training.learningRate) : '–', t ? 'tuned' : 'fixed', t ? searchText(t) : '–'];
  });
  return {
    kind: 'table',
    table: {
      title: 'Operating point of every run (learning rate)',
      columns: [
        { header: 'Run', align: 'left' },
        { header: 'Role', align: 'left', weight: 0.9 },
        { header: 'Seed', align: 'right', weight: 0.5 },
        { header: 'Scheme', align: 'left', weight: 0.8 },
        { header: 'Learning rate', align: 'right', weight: 0.8 },
        { header: 'How', align: 'left', weight: 0.6 },
        { header: 'Search (validation accuracy by rate)', align: 'left', weight: 3 },
      ],
      rows,
      note: 'A tuned rate was chosen on a validation split carved from the run\'s training set; the test set was read only by the final run.',
    },
  };
}

function diagnosticsTable(runs: readonly ReportRun[]): Block | null {
  const rows: string[][] = [];
  for (const r of runs.slice(0, 40)) {
    const diag = byEpoch(r);
    const last = Math.max(...diag.keys());
    for (const d of diag.get(last) ?? [])
      rows.push([short(r.id), r.role, String(last), d.layer, pct(d.efficacy), d.meanPulses == null ? '–' : d.meanPulses.toFixed(2), `${pct(d.railLow)} / ${pct(d.railHigh)}`, pct(d.lsbAtRail), pct(d.lsbSaturatedAtTransfer), String(d.overflows), String(d.transfers)]);
  }
  if (!rows.length) return null;
  return {
    kind: 'table',
    table: {
      title: 'Update efficacy, last epoch of each run',
      columns: [
        { header: 'Run', align: 'left' },
        { header: 'Role', align: 'left', weight: 0.9 },
        { header: 'Epoch', align: 'right', weight: 0.65 },
        { header: 'Layer', align: 'left', weight: 0.65 },
        { header: 'Updates that pulsed', align: 'right' },
        { header: 'Pulses per write', align: 'right', weight: 0.8 },
        { header: 'eNVM at Gmin / Gmax', align: 'right', weight: 1.5 },
        { header: 'LSB at a rail', align: 'right', weight: 0.8 },
        { header: 'LSB saturated at transfer', align: 'right' },
        { header: 'Overflows', align: 'right', weight: 0.95 },
        { header: 'Transfers so far', align: 'right', weight: 0.95 },
      ],
      rows,
      note: 'Updates that pulsed: requested weight changes (non-zero after gradient quantisation) that became at least one pulse. The csv-diagnostics export has every epoch.',
    },
  };
}

function replicatesTable(groups: readonly ReportReplicateGroup[]): Block | null {
  if (!groups.some((g) => g.planned > 1)) return null;
  const ci = (s: { ci95: [number, number] | null } | undefined): string => (s?.ci95 ? `${pct(s.ci95[0])} to ${pct(s.ci95[1])}` : '–');
  const rows = groups.slice(0, 60).map((g) => {
    const a = g.metrics.accuracy;
    const d = g.differences.accuracy;
    return [
      short(g.group),
      g.role,
      Object.entries(g.knobValues).map(([k, v]) => `${k.split('.').pop()}=${String(v)}`).join(', ') || '–',
      `${a?.n ?? 0} of ${g.planned}`,
      a ? `${pct(a.mean)} ± ${a.std == null ? '–' : pct(a.std)}` : '–',
      ci(a),
      d ? `${pct(d.mean)} (${ci(d)})` : '–',
    ];
  });
  return {
    kind: 'table',
    table: {
      title: 'Replicates: test accuracy over seeds',
      columns: [
        { header: 'Group', align: 'left', weight: 0.8 },
        { header: 'Role', align: 'left', weight: 0.7 },
        { header: 'Knobs', align: 'left', weight: 2 },
        { header: 'Seeds', align: 'right', weight: 0.6 },
        { header: 'Mean ± std', align: 'right' },
        { header: '95 % interval (t)', align: 'right' },
        { header: 'HPS − baseline (95 % interval)', align: 'right', weight: 1.6 },
      ],
      rows,
      note: 'Pareto fronts and comparisons use the mean over seeds. The HPS − baseline difference is paired by seed (each replicate and its twin share initial weights and data order).',
    },
  };
}

/** The section, or null when the study trained nothing. */
export function fairnessSection(input: Pick<ReportInput, 'runs' | 'replicates'>): Section | null {
  const runs = input.runs.filter((r) => r.epochs.length > 0);
  if (!runs.length) return null;
  const blocks: Block[] = [{ kind: 'list', items: conventions(runs) }, operatingPoints(runs)];
  const diag = diagnosticsTable(runs);
  if (diag) blocks.push(diag);
  const warnings = runs.flatMap((r) => runWarnings(r).map((w) => `run ${short(r.id)} (${r.role}): ${w}`));
  blocks.push(warnings.length ? { kind: 'list', items: warnings.slice(0, 30) } : { kind: 'paragraph', text: 'No run lost more than 95 % of a layer\'s updates, and every training loss was below ln(classes) after each epoch.' });
  const rep = replicatesTable(input.replicates ?? []);
  if (rep) blocks.push(rep);
  return { id: 'fairness', title: 'Fair comparison: network, operating points, update efficacy', blocks, newPage: true };
}

export const DIAGNOSTICS_COLUMNS = [
  'study_id', 'run_id', 'role', 'seed', 'learning_rate', 'epoch', 'layer', 'requested', 'written', 'efficacy', 'mean_pulses',
  'rail_low', 'rail_high', 'lsb_at_rail', 'lsb_saturated_at_transfer', 'overflows', 'transfers',
] as const;

/** One row per run, epoch and layer of the update-efficacy diagnostics. */
export function writeDiagnosticsCsv(input: Pick<ReportInput, 'runs' | 'study'>): string {
  const parts = [csvLine([...DIAGNOSTICS_COLUMNS])];
  for (const r of input.runs) {
    const t = (r.tuning ?? null) as TuningResult | null;
    const lr = t ? t.best : configOf(r)?.training.learningRate;
    for (const { epoch, data } of r.diagnostics ?? []) {
      const d = data as unknown as LayerDiagnostics;
      parts.push(
        csvLine([
          csvField(input.study.id), csvField(r.id), csvField(r.role), String(r.seed), csvNumber(lr), String(epoch), csvField(d.layer),
          csvNumber(d.requested), csvNumber(d.written), csvNumber(d.efficacy), csvNumber(d.meanPulses), csvNumber(d.railLow), csvNumber(d.railHigh),
          csvNumber(d.lsbAtRail), csvNumber(d.lsbSaturatedAtTransfer), csvNumber(d.overflows), csvNumber(d.transfers),
        ]),
      );
    }
  }
  return parts.join('');
}
