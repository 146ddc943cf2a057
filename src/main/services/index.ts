/**
 * The service functions behind every channel of the contract. Electron IPC, the browser host and
 * the CLI call these (through dispatch()); none re-implements them.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { Services, StudyDetail, StudySummary, JobView, RunView, PointView, Settings, TemplateView, EventName, EventPayload, TuningView } from '../../shared/contract';
import { settingsSchema } from '../../shared/contract';
import type { Store, StudyRow, JobRow, RunRow } from '../store/store';
import type { JobRunner } from '../jobs/runner';
import { DEFAULT_ISO_PATHS } from '../../core/dse/study';
import { runConfigSchema } from '../../core/config/schema';
import { parseRunConfig } from '../../core/config/validate';
import { ConfigError, NotFoundError } from '../../core/errors';
import { runSweep } from '../sweep/sweep';
import { startTrainingRun, resumeTrainingRun } from '../jobs/training-jobs';
import { resourcesDir } from '../paths';
import { APP_NAME, APP_VERSION } from '../version';
import * as devices from './devices';
import { costCatalog } from '../sweep/evaluate';
import { embedUserPresetsInConfig, embedUserPresetsInStudy } from '../../core/devices/user-presets';
import { checkDataset } from '../datasets';
import { slurmServices } from './slurm';
import { runWarnings } from '../../core/report/fairness';
import { checkPlainName, readRequestFile, requestFile, uploadsDir, writeRequestFile, type Transport } from './files';
import type { Planner } from '../sweep/planner';
import type { JobContext } from '../jobs/runner';
import type { OFF_MAIN, OffMainChannel } from '../jobs/service-task';
import { pidAlive } from '../store/leases';
import { checkConfigReferences } from '../../core/config/references';
import { catalogs } from './catalogs';

/** Default page sizes of the list channels (a request may ask for up to the contract's maximum). */
const POINTS_PAGE = 5000;
const JOBS_PAGE = 200;

export interface ServiceContext {
  store: Store;
  runner: JobRunner;
  dataDir: string;
  transport: 'ipc' | 'http' | 'cli';
  electron: boolean;
  dialogs?: {
    openFolder(title?: string): Promise<string | null>;
    saveFile(defaultName: string): Promise<string | null>;
  };
  broadcast?<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Plans studies and runs the request-sized services in a worker (never on this thread). */
  planner: Planner;
}

export function studySummary(s: StudyRow & { points?: number; runs?: number }, store: Store): StudySummary {
  const spec = s.spec as { evaluation?: string; base?: { workload?: { network?: string } } };
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    tags: s.tags,
    status: s.status,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    points: s.points ?? store.countPoints(s.id),
    runs: s.runs ?? store.listRuns(s.id).length,
    evaluation: spec.evaluation ?? 'cost',
    network: spec.base?.workload?.network ?? 'mlp-784-100-10',
  };
}

async function studyDetail(ctx: Pick<ServiceContext, 'store' | 'planner'>, id: string): Promise<StudyDetail> {
  const s = ctx.store.getStudy(id);
  let planned = 0;
  try {
    planned = await ctx.planner.ensure(s.id);
  } catch (e) {
    // A stored spec this version cannot plan still opens (its points and runs are kept).
    if (!(e instanceof ConfigError)) throw e;
  }
  return { ...studySummary(s, ctx.store), spec: s.spec, plannedPoints: planned, appVersion: s.appVersion };
}

export function jobView(j: JobRow): JobView {
  return {
    id: j.id,
    kind: j.kind,
    studyId: j.studyId,
    runId: j.runId,
    status: j.status,
    progress: j.progress,
    message: j.message,
    error: j.error,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

function runView(store: Store, r: RunRow): RunView {
  const epochs = store.epochMetrics(r.id);
  const diagnostics = store.runDiagnostics(r.id);
  return {
    id: r.id,
    studyId: r.studyId,
    role: r.role,
    status: r.status,
    seed: r.seed,
    backend: r.backend,
    appVersion: r.appVersion,
    config: r.config,
    error: r.error,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    epochs,
    cost: store.costResult(r.id) ?? null,
    tuning: store.runTuning(r.id) as TuningView | null,
    diagnostics,
    warnings: runWarnings({ config: r.config, epochs, diagnostics }),
  };
}

export function loadTemplates(): TemplateView[] {
  const dir = join(resourcesDir(), 'templates');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const spec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name?: string; description?: string };
    return { id: basename(f, '.json'), name: spec.name ?? f, description: spec.description ?? '', spec };
  });
}

/**
 * Start (or continue) the sweep of a study as a job. The study's lease is taken first, so a second
 * runner (another process on the same data folder) is refused with the holder's pid and host.
 */
export function startSweepJob(ctx: Pick<ServiceContext, 'store' | 'runner' | 'planner'>, studyId: string, workers?: number): JobRow {
  const { store, runner } = ctx;
  store.getStudy(studyId);
  const running = store.listJobs({ studyId }).find((j) => j.kind === 'sweep' && runner.isActive(j.id));
  if (running) return running;
  store.leases.acquire(studyId, null, pidAlive, (jobId) => jobId !== null && runner.isActive(jobId));
  const previous = store.listJobs({ studyId }).find((j) => j.kind === 'sweep' && j.status !== 'done');
  const body = async (jc: JobContext) => {
    store.leases.setJob(studyId, jc.job.id);
    const beat = setInterval(() => store.leases.heartbeat(studyId), 15_000);
    beat.unref();
    try {
      const o = await runSweep(jc, ctx.planner, studyId, { workers });
      return { completed: o.complete, message: `${o.planned} points: ${o.skipped} already stored, ${o.evaluated} evaluated, ${o.failed} failed` };
    } finally {
      clearInterval(beat);
      try {
        store.leases.release(studyId);
      } catch {
        // Not writable now: the lease goes stale and the next runner takes it over.
      }
    }
  };
  try {
    if (previous) return runner.restart(previous, body);
    return runner.start('sweep', { studyId }, body, { studyId });
  } catch (e) {
    store.leases.release(studyId);
    throw e;
  }
}

/** Run a request-sized service in the planning worker. */
function offMain<C extends OffMainChannel>(ctx: Pick<ServiceContext, 'planner' | 'store'>, channel: C, req: Parameters<(typeof OFF_MAIN)[C]>[0]): Promise<Awaited<ReturnType<(typeof OFF_MAIN)[C]>>> {
  return ctx.planner.pool.run<Awaited<ReturnType<(typeof OFF_MAIN)[C]>>>('service', { channel, req, dbFile: ctx.store.file }, undefined, { first: true }).promise;
}

export function createServices(ctx: ServiceContext): Services {
  const { store, runner } = ctx;

  const getSettings = (): Settings => settingsSchema.parse(store.getSettings());
  // User preset ids in a request are resolved against the database and their definitions copied in.
  const withUserPresets = {
    config: (config: unknown): unknown => {
      const { lookup, ids } = devices.userPresetLookup(store);
      return embedUserPresetsInConfig(config, lookup, ids);
    },
    study: (spec: unknown): unknown => {
      const { lookup, ids } = devices.userPresetLookup(store);
      return embedUserPresetsInStudy(spec, lookup, ids);
    },
  };

  return {
    'app:info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      transport: ctx.transport,
      dataDir: ctx.dataDir,
      workers: runner.pool.size,
      platform: process.platform,
      electron: ctx.electron,
    }),

    'studies:list': async (req) => {
      const q = req.search?.toLowerCase();
      return store
        .listStudies()
        .map((s) => studySummary(s, store))
        .filter((s) => !q || s.name.toLowerCase().includes(q) || s.description.toLowerCase().includes(q) || s.tags.some((t) => t.toLowerCase().includes(q)))
        .filter((s) => !req.tag || s.tags.includes(req.tag))
        .filter((s) => !req.status || s.status === req.status);
    },
    'studies:get': async (req) => studyDetail(ctx, req.id),
    'studies:validate': async (req) => {
      try {
        const v = await ctx.planner.validate(withUserPresets.study(req.spec));
        return { ok: true, plannedPoints: v.points, warnings: v.warnings };
      } catch (e) {
        if (e instanceof ConfigError) return { ok: false, error: e.message, path: e.path, plannedPoints: 0 };
        throw e;
      }
    },
    'studies:create': async (req) => {
      const row = await ctx.planner.create(withUserPresets.study(req.spec));
      const study = row.spec as { evaluation?: string; base: { workload: { dataset: Parameters<typeof checkDataset>[0] } } };
      if (study.evaluation !== undefined && study.evaluation !== 'cost') {
        try {
          checkDataset(study.base.workload.dataset, 'base.workload.dataset');
        } catch (e) {
          store.deleteStudy(row.id);
          throw e;
        }
      }
      if (req.start) startSweepJob(ctx, row.id);
      return studyDetail(ctx, row.id);
    },
    'studies:update': async (req) => {
      store.updateStudy(req.id, { name: req.name, description: req.description, tags: req.tags });
      return studyDetail(ctx, req.id);
    },
    'studies:duplicate': async (req) => {
      const s = store.getStudy(req.id);
      const name = req.name ?? `${s.name} (copy)`;
      const spec = { ...(s.spec as Record<string, unknown>), name };
      const row = store.createStudy({ name, description: s.description, tags: s.tags, spec });
      return studyDetail(ctx, row.id);
    },
    'studies:delete': async (req) => {
      for (const j of store.listJobs({ studyId: req.id })) runner.cancel(j.id);
      store.deleteStudy(req.id);
      return { deleted: req.id };
    },
    'studies:points': async (req): Promise<PointView[]> => {
      store.getStudy(req.id);
      return store.listPoints(req.id, { offset: req.offset, limit: req.limit ?? POINTS_PAGE }).map(({ studyId: _s, elapsedMs: _e, createdAt: _c, ...view }) => view);
    },
    // Computing the statistics plans the study: in the worker.
    'studies:replicates': async (req) => offMain(ctx, 'studies:replicates', req),
    'studies:templates': async () => loadTemplates(),
    'studies:defaults': async () => ({ iso: [...DEFAULT_ISO_PATHS], config: runConfigSchema.parse({}) }),

    'sweeps:start': async (req) => jobView(startSweepJob(ctx, req.studyId, req.workers)),
    'sweeps:cancel': async (req) => {
      let n = 0;
      for (const j of store.listJobs({ studyId: req.studyId })) if (runner.cancel(j.id)) n++;
      return { cancelled: n };
    },

    'jobs:list': async (req) => store.listJobs({ ...req, limit: req.limit ?? JOBS_PAGE }).map(jobView),
    'jobs:get': async (req) => jobView(store.getJob(req.id)),
    'jobs:cancel': async (req) => {
      const j = store.getJob(req.id);
      runner.cancel(j.id);
      await runner.wait(j.id);
      return jobView(store.getJob(j.id));
    },
    'jobs:resume': async (req) => {
      const j = store.getJob(req.id);
      if (j.status === 'done') throw new ConfigError(`job ${j.id} is already done; nothing to resume`, { issues: [{ path: 'id', message: 'job is done', value: j.id }] });
      if (runner.isActive(j.id)) return jobView(j);
      if (j.kind === 'sweep' && j.studyId) return jobView(startSweepJob(ctx, j.studyId));
      if (j.kind === 'train' && j.runId) return jobView(resumeTrainingRun(ctx, j));
      throw new ConfigError(`job ${j.id} of kind '${j.kind}' cannot be resumed`, { issues: [{ path: 'id', message: 'not resumable', value: j.id }] });
    },

    'runs:list': async (req) => store.listRuns(req.studyId).map((r) => runView(store, r)),
    'runs:get': async (req) => runView(store, store.getRun(req.id)),
    'runs:start': async (req) => {
      if (req.studyId !== undefined) store.getStudy(req.studyId);
      const config = parseRunConfig(withUserPresets.config(req.config));
      checkConfigReferences(config, 'config', catalogs());
      checkDataset(config.workload.dataset, 'config.workload.dataset');
      return jobView(startTrainingRun(ctx, config, req.studyId ?? null));
    },

    // User presets are resolved here (they live in this process's database); the rest off the main thread.
    'cost:evaluate': async (req) => offMain(ctx, 'cost:evaluate', { config: withUserPresets.config(req.config) }),
    'cost:catalog': async () => costCatalog(),

    'devices:presets': async () => devices.presets(store),
    'devices:curve': async (req) => offMain(ctx, 'devices:curve', req),
    'devices:fit': async (req) => offMain(ctx, 'devices:fit', req),
    'devices:savePreset': async (req) => devices.savePreset(store, req),
    'devices:deletePreset': async (req) => devices.deletePreset(store, req.id),
    'devices:simulate': async (req) => devices.simulate(store, req.device, req),

    'pareto:compute': async (req) => {
      store.getStudy(req.studyId);
      return offMain(ctx, 'pareto:compute', req);
    },

    'reports:export': async (req) => {
      const field = 'reports:export.path';
      // Resolve (and refuse a bad name) before the export is built.
      let file = req.path ? requestFile(ctx, req.path, field) : undefined;
      // Built in the planning worker: the PDF of a large study takes seconds the main thread must not lose.
      const built = await offMain(ctx, 'reports:build', { studyId: req.studyId, format: req.format });
      const out = { ...built, data: Buffer.from(built.data.buffer, built.data.byteOffset, built.data.byteLength) };
      let how: { transport: Transport } = ctx;
      if (!file && ctx.dialogs) {
        // The operating system's save dialog: the user chose this path and confirmed any overwrite.
        file = (await ctx.dialogs.saveFile(out.filename)) ?? undefined;
        how = { transport: 'cli' };
      }
      if (file) {
        writeRequestFile(how, file, out.data, field);
        return { filename: out.filename, mime: out.mime, bytes: out.data.length, path: file };
      }
      return { filename: out.filename, mime: out.mime, bytes: out.data.length, base64: out.data.toString('base64') };
    },
    'reports:import': async (req) => {
      const given = [req.base64 !== undefined, req.path !== undefined, req.upload !== undefined].filter(Boolean).length;
      if (given !== 1) throw new ConfigError('reports:import needs exactly one of base64, path or upload', { issues: [{ path: 'reports:import', message: 'needs exactly one of base64, path or upload' }] });
      let data: Buffer;
      let upload: string | undefined;
      if (req.base64 !== undefined) data = Buffer.from(req.base64, 'base64');
      else if (req.path !== undefined) data = readRequestFile(requestFile(ctx, req.path, 'reports:import.path'), 'reports:import.path');
      else {
        upload = join(uploadsDir(ctx.dataDir), checkPlainName(req.upload!, 'reports:import.upload'));
        data = readRequestFile(upload, 'reports:import.upload');
      }
      try {
        const { importBundle } = await import('../reports');
        const { studyId } = await importBundle(store, data).catch((e: unknown) => {
          // The bundle's fields are named under the request field that carried it.
          const field = `reports:import.${req.base64 !== undefined ? 'base64' : req.path !== undefined ? 'path' : 'upload'}`;
          if (!(e instanceof ConfigError)) throw e;
          throw ConfigError.fromIssues(`${field}: invalid study bundle`, (e.issues.length ? e.issues : [{ path: '', message: e.message }]).map((i) => ({ ...i, path: i.path ? `${field}:${i.path}` : field })));
        });
        return await studyDetail(ctx, studyId);
      } finally {
        if (upload) rmSync(upload, { force: true });
      }
    },

    'settings:get': async () => getSettings(),
    'settings:set': async (req) => {
      const merged = settingsSchema.parse({ ...getSettings(), ...req.values });
      store.setSettings(merged);
      ctx.broadcast?.('settings:changed', merged);
      return merged;
    },

    'dialogs:openFolder': async (req) => {
      if (!ctx.dialogs) return { path: null, supported: false };
      return { path: await ctx.dialogs.openFolder(req.title), supported: true };
    },

    ...slurmServices(ctx),
  };
}

export { NotFoundError };
