/** Pieces shared by the CLI's commands: output, argument helpers, following a job with a progress bar. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, type AppHandle } from '../app';
import { parseArgs, type FlagSpec } from './args';
import { ConfigError } from '../../core/errors';
import { dispatch } from '../services/dispatch';
import type { Channel, JobView, Response } from '../../shared/contract';

export const COMMON: FlagSpec = { 'data-dir': 'string', json: 'boolean', workers: 'int', help: 'boolean', version: 'boolean' };

export class Output {
  constructor(readonly json: boolean) {}
  result(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }
}

export function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    throw new ConfigError(`${what} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { issues: [{ path: what, message: 'cannot read', value: file }] });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${what} ${file}: not valid JSON (${(e as Error).message})`, { issues: [{ path: what, message: 'not valid JSON', value: file }] });
  }
}

/** Call a service; on the command line a study id may be any unique prefix of it. */
export async function call<C extends Channel>(app: AppHandle, channel: C, req: unknown): Promise<Response<C>> {
  let r = req;
  if (r && typeof r === 'object') {
    const o = { ...(r as Record<string, unknown>) };
    const full = (v: unknown): unknown => (typeof v === 'string' ? (app.store.findStudy(v)?.id ?? v) : v);
    if ('studyId' in o) o.studyId = full(o.studyId);
    if (channel.startsWith('studies:') && 'id' in o) o.id = full(o.id);
    r = o;
  }
  return (await dispatch(app.services, channel, r)) as Response<C>;
}

export function table(rows: (string | number)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (c ?? '').padEnd(w[i]!)).join('  ').trimEnd()).join('\n');
}

export function eng(v: number, unit: string): string {
  if (!Number.isFinite(v)) return `${v} ${unit}`;
  if (v === 0) return `0 ${unit}`;
  const prefixes: [number, string][] = [
    [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'u'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f'],
  ];
  const a = Math.abs(v);
  for (const [f, p] of prefixes) if (a >= f) return `${(v / f).toPrecision(4)} ${p}${unit}`;
  return `${v.toExponential(3)} ${unit}`;
}

/** Progress on stderr: a redrawn bar on a terminal, a line per 10 % otherwise. */
export function progressPrinter(label: string): (fraction: number, eta: number | null, message: string) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return (f, eta, message) => {
    const pct = Math.floor(f * 100);
    const etaText = eta == null ? '' : ` ETA ${eta < 90 ? `${Math.round(eta)} s` : `${(eta / 60).toFixed(1)} min`}`;
    if (tty) {
      const width = 30;
      const filled = Math.round(f * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%${etaText} ${message}`.padEnd(100).slice(0, 120));
      if (f >= 1) process.stderr.write('\n');
    } else {
      const d = Math.floor(f * 10);
      if (d !== lastDecile) {
        lastDecile = d;
        process.stderr.write(`${label}: ${pct}%${etaText} ${message}\n`);
      }
    }
  };
}

/** Follow a job to its end, printing progress; Ctrl-C cancels it cleanly. */
export async function follow(app: AppHandle, job: JobView, label: string, resumeHint: string): Promise<JobView> {
  const show = progressPrinter(label);
  const onProgress = (ev: { jobId: string; fraction: number; etaSeconds: number | null; message: string }): void => {
    if (ev.jobId === job.id) show(ev.fraction, ev.etaSeconds, ev.message);
  };
  app.runner.on('progress', onProgress);
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\nstopping after the work in flight is saved (Ctrl-C again to quit now)...\n`);
    app.runner.cancel(job.id);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const final = await app.runner.wait(job.id);
    if (interrupted) {
      process.stderr.write(`stopped; finished work is stored. Resume with: ${resumeHint}\n`);
      process.exitCode = 130;
    }
    return (await call(app, 'jobs:get', { id: final.id })) as JobView;
  } finally {
    app.runner.off('progress', onProgress);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

export type Handler = (argv: string[]) => Promise<void>;

export function withApp(extra: FlagSpec, fn: (app: AppHandle, p: ReturnType<typeof parseArgs>, out: Output) => Promise<void>): Handler {
  return async (argv) => {
    const p = parseArgs(argv, { ...COMMON, ...extra });
    const app = openApp({ dataDir: p.flags['data-dir'] as string | undefined, transport: 'cli', workers: p.flags.workers as number | undefined });
    try {
      await fn(app, p, new Output(Boolean(p.flags.json)));
    } finally {
      await app.close();
    }
  };
}

export function need(p: { positional: string[] }, i: number, what: string): string {
  const v = p.positional[i];
  if (!v) throw new ConfigError(`missing ${what}`, { issues: [{ path: what, message: 'missing' }] });
  return v;
}

