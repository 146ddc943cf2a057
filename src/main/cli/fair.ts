/**
 * Command-line pieces of fair comparisons: study sanity warnings before a sweep, the learning-rate
 * search and diagnostics warnings of a training run, and replicate runs (`seeds` in a run config)
 * with their statistics.
 */
import type { AppHandle } from '../app';
import type { JobView, RunView, StudyWarningView } from '../../shared/contract';
import { searchRoundLines, searchScoring } from '../../core/training/search-summary';
import { formatWarnings } from '../../core/dse/sanity';
import { metricStats, formatPercentStats } from '../../core/stats/replicates';
import { call, follow } from './common';
import { epochsTable } from './text';

/** Print a study's sanity warnings to stderr (they do not stop the sweep). */
export async function printStudyWarnings(app: AppHandle, spec: unknown): Promise<StudyWarningView[]> {
  const v = await call(app, 'studies:validate', { spec });
  const ws = v.warnings ?? [];
  for (const line of formatWarnings(ws)) process.stderr.write(`${line}\n`);
  return ws;
}

/** A run's per-epoch table, its learning-rate search and its warnings, as text. */
export function runText(r: RunView): string {
  const epochs = epochsTable(r);
  const t = r.tuning;
  const search = t
    ? `learning rate ${t.best} (${t.convention} convention), chosen by a ${t.method} search on ${t.validationImages} validation images carved from the training set (${searchScoring(t)}):\n` +
      searchRoundLines(t).map((l) => `  ${l}`).join('\n')
    : '';
  const lastEpoch = Math.max(0, ...r.diagnostics.map((d) => d.epoch));
  const eff = r.diagnostics
    .filter((d) => d.epoch === lastEpoch)
    .map((d) => `${String(d.data.layer)} ${typeof d.data.efficacy === 'number' ? `${(100 * d.data.efficacy).toFixed(1)} %` : '-'}`)
    .join(', ');
  return [epochs, search, eff ? `update efficacy, epoch ${lastEpoch} (requested updates that became >= 1 pulse): ${eff}` : '', ...r.warnings.map((w) => `warning: ${w}`)]
    .filter((l) => l !== '')
    .join('\n');
}

/**
 * `hps train` with `seeds: N` in the config: N runs with seeds seed .. seed + N - 1, then the mean,
 * standard deviation and 95 % interval of their final accuracies.
 */
export async function trainReplicates(app: AppHandle, cfg: Record<string, unknown>, seeds: number): Promise<{ jobs: JobView[]; runs: RunView[]; text: string }> {
  const seed0 = typeof cfg.seed === 'number' ? cfg.seed : 1;
  const jobs: JobView[] = [];
  const runs: RunView[] = [];
  for (let r = 0; r < seeds; r++) {
    const one = { ...cfg, seed: seed0 + r, seeds: undefined };
    process.stderr.write(`replicate ${r + 1} of ${seeds} (seed ${seed0 + r})\n`);
    const job = await call(app, 'runs:start', { config: one });
    jobs.push(await follow(app, job, 'train', `hps jobs list (run ${job.runId})`));
    runs.push(await call(app, 'runs:get', { id: job.runId! }));
  }
  // The last epoch's evaluation is the run's final one (nothing trains after it).
  const final = (key: string): number[] =>
    runs.map((run) => {
      const v = run.epochs[run.epochs.length - 1]?.metrics[key];
      return typeof v === 'number' ? v : Number.NaN;
    });
  const text = [
    ...runs.map((run) => `run ${run.id} (seed ${run.seed}, ${run.status})\n${runText(run)}`),
    `${seeds} seeds: test accuracy ${formatPercentStats(metricStats(final('testAccuracy')))}; non-volatile, MSB only ${formatPercentStats(metricStats(final('testAccuracyNonVolatile')))}; after flush ${formatPercentStats(metricStats(final('testAccuracyAfterFlush')))}`,
  ].join('\n\n');
  return { jobs, runs, text };
}
