/**
 * One array task: evaluate shard i of n of a bundle and append each finished point to
 * shard-<i>.jsonl (fsynced per batch). Points are computed by the very task the local worker pool
 * runs (costBatchTask: parseRunConfig + evaluateCostPoint), so both executors give identical points.
 *
 * A rerun resumes: points already in the file are kept (a cut-off last line is dropped first).
 * SIGTERM (scancel, time limit, preemption) or SIGINT: the batch in hand is finished and flushed,
 * then the task exits 143 (130 for SIGINT) without the done marker, so collect sees a partial shard.
 * Never opens the study database.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import { ConfigError } from '../../../core/errors';
import { costBatchTask } from '../../jobs/cost-task';
import type { PointResult } from '../evaluate';
import { APP_VERSION } from '../../version';
import { readBundle, readShardFile, runFiles, shardPoints, writeAtomic, type DoneMarker, type ShardHeader } from './files';

export interface ShardOutcome {
  shard: number;
  shards: number;
  planned: number;
  resumed: number;
  evaluated: number;
  stoppedBy: NodeJS.Signals | null;
  file: string;
  startupMs: number;
  wallMs: number;
}

/** The worker task may hand metrics over pre-serialised (metricsJson, to spare the main thread): undo that. */
function plainResult(r: PointResult & { metricsJson?: string | null }): PointResult {
  const { metricsJson, ...rest } = r;
  const metrics = rest.metrics ?? (typeof metricsJson === 'string' ? (JSON.parse(metricsJson) as Record<string, number>) : null);
  return { hash: rest.hash, status: rest.status, metrics, reason: rest.reason, elapsedMs: rest.elapsedMs };
}

export function parseShardSpec(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new ConfigError(`--shard: expected i/N with 0 <= i < N (got '${spec}')`, { issues: [{ path: '--shard', message: 'expected i/N with 0 <= i < N', value: spec }] });
  }
  return { index, count };
}

export async function runShard(bundleFile: string, index: number, count: number, opts: { batchSize?: number; log?: (m: string) => void } = {}): Promise<ShardOutcome> {
  const t0 = 0; // the performance clock starts with the process
  const started = new Date(Date.now() - process.uptime() * 1000);
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const file = resolve(bundleFile);
  const dir = dirname(file);
  const bundle = readBundle(file);
  if (bundle.shards !== count) {
    throw new ConfigError(`--shard ${index}/${count}: the bundle was planned for ${bundle.shards} shards`, { issues: [{ path: '--shard', message: `bundle has ${bundle.shards} shards`, value: `${index}/${count}` }] });
  }
  if (bundle.appVersion !== APP_VERSION) {
    throw new ConfigError(`bundle written by HPS Studio ${bundle.appVersion}, this is ${APP_VERSION}: install the same version on the nodes so points stay identical`, {
      issues: [{ path: 'bundle.appVersion', message: `expected ${APP_VERSION}`, value: bundle.appVersion }],
    });
  }
  const mine = shardPoints(bundle.points, index, count);
  const planned = new Map(mine.map((p) => [p.hash, p.index]));
  const existing = readShardFile(dir, bundle, index, planned);
  for (const p of existing.problems) log(p);
  const shardFile = runFiles.shard(dir, index);
  const header: ShardHeader = { hpsShard: 1, bundleId: bundle.bundleId, shard: index, shards: count };
  const line = (r: PointResult & { index: number }): string =>
    `${JSON.stringify({ index: r.index, hash: r.hash, status: r.status, metrics: r.metrics, reason: r.reason, elapsedMs: r.elapsedMs })}\n`;
  if (!existing.exists || existing.needsRepair) {
    // Start the file, or rewrite it with only its valid lines (atomically, so a kill now loses nothing).
    writeAtomic(shardFile, JSON.stringify(header) + '\n' + [...existing.points.values()].map(line).join(''));
  }
  const todo = mine.filter((p) => !existing.points.has(p.hash));
  const resumed = mine.length - todo.length;
  if (resumed > 0) log(`shard ${index}/${count}: resuming, ${resumed} of ${mine.length} points already in ${shardFile}`);

  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (s: NodeJS.Signals): void => {
    if (!stoppedBy) log(`shard ${index}/${count}: ${s} received; finishing the batch in hand and saving it`);
    stoppedBy = s;
  };
  const onTerm = (): void => onSignal('SIGTERM');
  const onInt = (): void => onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);

  const fd = openSync(shardFile, 'a');
  const size = opts.batchSize ?? 64;
  let evaluated = 0;
  let evalMs = 0;
  const startupMs = performance.now() - t0;
  try {
    for (let k = 0; k < todo.length && !stoppedBy; k += size) {
      const batch = todo.slice(k, k + size);
      const results = (await costBatchTask({ items: batch.map((p) => ({ hash: p.hash, config: p.config })) }, { post: () => undefined, cancelled: () => false })) as PointResult[];
      const byHash = new Map(results.map((r) => [r.hash, r]));
      let text = '';
      for (const p of batch) {
        const r = plainResult(byHash.get(p.hash) ?? { hash: p.hash, status: 'failed' as const, metrics: null, reason: 'no result returned', elapsedMs: 0 });
        evalMs += r.elapsedMs;
        text += line({ ...r, index: p.index });
      }
      writeSync(fd, text);
      fsyncSync(fd);
      evaluated += batch.length;
      // Let a pending SIGTERM handler run between batches.
      await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    closeSync(fd);
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
  const wallMs = performance.now() - t0;
  if (!stoppedBy) {
    const marker: DoneMarker = {
      shard: index,
      shards: count,
      bundleId: bundle.bundleId,
      points: resumed + evaluated,
      planned: mine.length,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      startupMs: Math.round(startupMs),
      evalMs: Math.round(evalMs),
      wallMs: Math.round(wallMs),
      host: hostname(),
      slurmJobId: process.env.SLURM_JOB_ID ?? null,
    };
    writeAtomic(runFiles.done(dir, index), `${JSON.stringify(marker)}\n`);
  }
  return { shard: index, shards: count, planned: mine.length, resumed, evaluated, stoppedBy, file: shardFile, startupMs, wallMs };
}
