/** Pieces shared by the CLI's commands: output, reading files, tables, following a job with a progress bar. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openApp, type AppHandle } from '../app';
import { ConfigError } from '../../core/errors';
import { formatDuration } from '../../core/format/units';
import { closest } from '../../core/suggest';
import { loadTemplates } from '../services';
import { dispatch } from '../services/dispatch';
import type { Channel, JobView, Response } from '../../shared/contract';

/** Options every command takes (declared once on the program) plus the command's own. */
export interface CommandOptions {
  dataDir?: string;
  json?: boolean;
  workers?: number;
  [name: string]: unknown;
}

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

/**
 * A study spec from `arg`: a JSON file, or the id of a bundled template (as `hps templates list`
 * prints it). A file wins when both exist.
 */
export function readStudySpec(arg: string): { spec: unknown; source: string } {
  if (existsSync(resolve(arg))) return { spec: readJson(arg, 'study'), source: arg };
  const templates = loadTemplates();
  const t = templates.find((x) => x.id === arg);
  if (t) return { spec: t.spec, source: `template ${t.id}` };
  const guess = closest(arg, templates.map((x) => x.id));
  const message = `'${arg}' is neither a study file nor a template id${guess ? ` (did you mean '${guess}'?)` : ''}; templates: ${templates.map((x) => x.id).join(', ')}`;
  throw new ConfigError(`study: ${message}`, { issues: [{ path: 'study', message, value: arg }] });
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

/** A plain-text table; columns listed in `right` (numbers) are right-aligned. */
export function table(rows: (string | number)[][], header: string[], right: readonly number[] = []): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const pad = (c: string, i: number): string => (right.includes(i) ? c.padStart(w[i]! + c.length - [...c].length) : c.padEnd(w[i]! + c.length - [...c].length));
  return all.map((r) => r.map((c, i) => pad(c ?? '', i)).join('  ').trimEnd()).join('\n');
}

/** Progress on stderr: a redrawn bar on a terminal, a line per 10 % otherwise. */
export function progressPrinter(label: string): (fraction: number, eta: number | null, message: string) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return (f, eta, message) => {
    const pct = Math.floor(f * 100);
    const etaText = eta == null ? '' : ` ETA ${formatDuration(eta)}`;
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

/**
 * The action of a command that works on the data folder: opens it (with the global --data-dir and
 * the command's --workers), runs `fn` with the parsed arguments and options, and closes it.
 */
export function withApp<A extends unknown[]>(fn: (app: AppHandle, args: A, opts: CommandOptions, out: Output) => Promise<void>): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<CommandOptions>();
    const app = openApp({ dataDir: opts.dataDir, transport: 'cli', workers: opts.workers });
    try {
      await fn(app, cmd.processedArgs as A, opts, new Output(Boolean(opts.json)));
    } finally {
      await app.close();
    }
  };
}
