/**
 * The API contract: every `domain:verb` channel declared once, with its request schema (runtime,
 * strict: unknown keys rejected, errors name the field) and its response type; every event with its
 * payload type. Electron IPC, the browser host (HTTP + WebSocket) and the CLI all call the same
 * service functions through this table; the preload and the browser client build
 * `api.<domain>.<verb>()` from it.
 */
import { z } from 'zod';
import { userPresetIdSchema } from '../core/config/schema';

/** Phantom carrier of a response type (responses are produced by our own services, so typed only). */
export interface Res<T> {
  readonly __res?: T;
}
const res = <T>(): Res<T> => ({});

const id = z.string().min(1).max(100);
const empty = z.strictObject({});

// ---- payload types ---------------------------------------------------------------------------

export interface AppInfo {
  name: string;
  version: string;
  transport: 'ipc' | 'http' | 'cli';
  dataDir: string;
  workers: number;
  platform: string;
  electron: boolean;
}

export interface StudySummary {
  id: string;
  name: string;
  description: string;
  tags: string[];
  status: string;
  createdAt: string;
  updatedAt: string;
  points: number;
  runs: number;
  evaluation: string;
  network: string;
}

export interface StudyDetail extends StudySummary {
  spec: unknown;
  plannedPoints: number;
  appVersion: string;
}

export interface PointView {
  hash: string;
  idx: number;
  role: string;
  twinHash: string | null;
  knobs: Record<string, unknown>;
  status: string;
  metrics: Record<string, number> | null;
  reason: string | null;
  runId: string | null;
  /** Replicate index (seed = the point's base seed + replicate) and its group (hash of replicate 0); absent in older rows. */
  replicate?: number;
  group?: string | null;
}

export interface JobView {
  id: string;
  kind: string;
  studyId: string | null;
  runId: string | null;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  progress: number;
  message: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobProgressEvent {
  jobId: string;
  kind: string;
  studyId: string | null;
  runId: string | null;
  status: JobView['status'];
  fraction: number;
  etaSeconds: number | null;
  message: string;
  metrics?: Record<string, number>;
}

export interface RunView {
  id: string;
  studyId: string | null;
  role: string;
  status: string;
  seed: number;
  backend: string | null;
  appVersion: string;
  config: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  epochs: { epoch: number; metrics: Record<string, unknown> }[];
  cost: unknown;
  /** The learning-rate search of the run, null for a fixed rate. */
  tuning: TuningView | null;
  /** Update-efficacy diagnostics per epoch and layer (core/training/diagnostics.ts LayerDiagnostics in `data`). */
  diagnostics: { epoch: number; layer: number; data: Record<string, unknown> }[];
  /** Warnings from the diagnostics: layers losing > 95 % of their updates, loss above ln(classes). */
  warnings: string[];
}

/** A run's learning-rate search (core/training/tuning.ts TuningResult): every round's validation scores. */
export interface TuningView {
  best: number;
  method: 'halving' | 'grid';
  convention: 'normalised' | 'effective';
  rates: number[];
  validationImages: number;
  searchTrainImages: number;
  rounds: { images: number; scores: { learningRate: number; validationAccuracy: number; trainLoss: number; evaluations?: number[]; extension?: boolean }[] }[];
  /** Validation evaluations per candidate and round, the score being their mean (absent: one, at the end of the round). */
  evaluations?: number;
  /** Images between two evaluations of the first round. */
  step?: number;
  /** Rates added beyond an edge of the candidates, in the order tried (absent: none). */
  extensions?: number[];
  maxExtensions?: number;
}

/** A study sanity warning (core/dse/sanity.ts): the study runs, but some of its points are wasted or misleading. */
export interface StudyWarningView {
  code: string;
  path?: string;
  message: string;
  points: number;
}

/** Statistics of one metric over replicate runs (core/stats/replicates.ts). */
export interface MetricStatsView {
  n: number;
  mean: number;
  std: number | null;
  ci95: [number, number] | null;
  values: number[];
}

/**
 * One replicate group of a study (core/dse/replicates.ts): error bars are metrics[m].mean with
 * metrics[m].ci95 (or mean +- std); `differences` (HPS groups) is HPS minus baseline paired by seed.
 */
export interface ReplicateGroupView {
  group: string;
  role: 'hps' | 'baseline';
  twinGroup: string;
  knobValues: Record<string, unknown>;
  hashes: string[];
  seeds: number[];
  planned: number;
  failed: number;
  metrics: Record<string, MetricStatsView>;
  differences: Record<string, MetricStatsView>;
}

export interface PresetView {
  id: string;
  title: string;
  cell: string;
  params: Record<string, number>;
  citation: string;
  reference: string;
  notes: string[];
  /** 'user': saved in this data folder (devices:savePreset); usable in configs by id like a built-in. */
  kind: 'built-in' | 'user';
}

/** A user preset: how it was made and when. */
export interface UserPresetView extends PresetView {
  kind: 'user';
  cellWidthF: number;
  cellHeightF: number;
  /** 'fit': least-squares fit of measured sweeps (file, points, fit error); 'device': copied from a device spec. */
  source: { kind: 'fit'; file?: string; points: { ltp: number; ltd: number }; rmse: number; nrmse: number } | { kind: 'device'; spec: unknown };
  createdAt: string;
  updatedAt: string;
}

export interface CurveView {
  ltp: { p: number[]; g: number[] };
  ltd: { p: number[]; g: number[] };
  params: Record<string, number>;
}

export interface FitView extends CurveView {
  data: { ltp: [number, number][]; ltd: [number, number][] };
  fit: Record<string, number>;
  rmse: number;
  messages: string[];
}

/** Device simulations for the devices view (core/devices/simulate), conductances in S. */
export interface SimulationView {
  /** Mean and mean -+ one standard deviation of `trials` devices pulsed across the range (c2c noise only). */
  band: Record<'ltp' | 'ltd', { p: number[]; mean: number[]; lo: number[]; hi: number[] }>;
  /** One pulse's change of conductance at each conductance of the mean curves. */
  steps: Record<'ltp' | 'ltd', { g: number[]; dg: number[] }>;
  /** One device under a random potentiation / depression pulse train. */
  train: { n: number[]; g: number[]; up: boolean[] };
  trials: number;
  seed: number;
}

export interface ParetoView {
  objectives: { metric: string; direction: 'min' | 'max' }[];
  groups: {
    isoKey: string;
    points: { hash: string; role: string; knobs: Record<string, unknown>; values: number[]; rank: number; feasible: boolean }[];
    front: string[];
    hypervolume: number | null;
    reference: number[];
  }[];
}

export interface ExportResult {
  filename: string;
  mime: string;
  bytes: number;
  /** Set when the file was written (IPC with a save dialog, CLI). */
  path?: string;
  /** Base64 content, for the browser host to offer as a download. */
  base64?: string;
}

export interface TemplateView {
  id: string;
  name: string;
  description: string;
  spec: unknown;
}

// ---- Slurm executor ----------------------------------------------------------------------------

/** A shard (one Slurm array task) as seen from squeue and its shard file. */
export interface SlurmShardView {
  index: number;
  /** pending/running: in Slurm's queue; done: done marker and every point saved; partial: some points
   *  saved, task gone; missing: nothing saved, task gone (or never submitted); failed: Slurm says the
   *  task ended FAILED, CANCELLED, TIMEOUT, ... (or COMPLETED without its done marker). */
  state: 'pending' | 'running' | 'done' | 'partial' | 'missing' | 'failed';
  points: number;
  planned: number;
  jobId: string | null;
  slurmState: string | null;
  message: string | null;
}

export interface SlurmStatusView {
  studyId: string;
  /** The job row (kind 'slurm-sweep') of the submission. */
  jobId: string;
  runDir: string;
  slurmJobIds: string[];
  shards: number;
  planned: number;
  /** Points in valid shard-file lines. */
  finished: number;
  /** Points stored in the study database. */
  stored: number;
  counts: Record<SlurmShardView['state'], number>;
  /** Every shard has its done marker. */
  complete: boolean;
  /** Some shard is pending or running in Slurm. */
  active: boolean;
  cancelled: boolean;
  /** null when squeue answered, else why the states come from the shard files alone. */
  queueNote: string | null;
  problems: string[];
  shardStates: SlurmShardView[];
}

export interface SlurmCollectView extends SlurmStatusView {
  /** Points newly stored by this collect (0 when repeated). */
  inserted: number;
  /** Seconds from the first submission to the collect that completed the study (null until then). */
  submitToCollectedSeconds: number | null;
}

export interface SlurmSubmitView {
  studyId: string;
  jobId: string;
  /** null when only the bundle was written (submit: false). */
  slurmJobId: string | null;
  runDir: string;
  shards: number;
  points: number;
}

export interface SlurmInfoView {
  available: boolean;
  version: string | null;
  partitions: string[];
  reason: string | null;
}

const slurmToken = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:+@,=-]+$/, 'letters, digits and _.:+@,=- only');
export const slurmSubmitOptions = {
  shards: z.number().int().min(1).max(100000).optional(),
  partition: slurmToken.optional(),
  account: slurmToken.optional(),
  qos: slurmToken.optional(),
  timeLimit: slurmToken.optional(),
  cpusPerTask: z.number().int().min(1).max(1024).optional(),
  memPerCpu: slurmToken.optional(),
  maxConcurrent: z.number().int().min(1).max(100000).optional(),
  extraArgs: z.array(z.string().min(2).max(200).regex(/^--?[A-Za-z][A-Za-z0-9-]*(=[^\n\r'"`$\\;|&<>]*)?$/, 'one sbatch option such as --qos=long')).max(64).optional(),
  runDir: z.string().min(1).max(4096).optional(),
  submit: z.boolean().optional(),
};

// ---- channels ----------------------------------------------------------------------------------

export const channels = {
  'app:info': { request: empty, response: res<AppInfo>() },

  'studies:list': {
    request: z.strictObject({ search: z.string().max(200).optional(), tag: z.string().max(100).optional(), status: z.string().max(40).optional() }),
    response: res<StudySummary[]>(),
  },
  'studies:get': { request: z.strictObject({ id }), response: res<StudyDetail>() },
  'studies:validate': {
    request: z.strictObject({ spec: z.unknown() }),
    response: res<{ ok: boolean; error?: string; path?: string; plannedPoints: number; warnings?: StudyWarningView[] }>(),
  },
  /** Replicate statistics of a study: one entry per replicate group (a single-seed study has groups of one). */
  'studies:replicates': { request: z.strictObject({ id }), response: res<ReplicateGroupView[]>() },
  'studies:create': { request: z.strictObject({ spec: z.unknown(), start: z.boolean().optional() }), response: res<StudyDetail>() },
  'studies:update': {
    request: z.strictObject({ id, name: z.string().min(1).max(200).optional(), description: z.string().max(5000).optional(), tags: z.array(z.string().min(1).max(60)).max(50).optional() }),
    response: res<StudyDetail>(),
  },
  'studies:duplicate': { request: z.strictObject({ id, name: z.string().min(1).max(200).optional() }), response: res<StudyDetail>() },
  'studies:delete': { request: z.strictObject({ id }), response: res<{ deleted: string }>() },
  /** One page of stored points in plan order (default 5,000; StudyDetail.points is the total). */
  'studies:points': { request: z.strictObject({ id, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(20_000).optional() }), response: res<PointView[]>() },
  'studies:templates': { request: empty, response: res<TemplateView[]>() },
  /** What a new study starts from: the default iso paths and the default run config. */
  'studies:defaults': { request: empty, response: res<{ iso: string[]; config: unknown }>() },

  'sweeps:start': { request: z.strictObject({ studyId: id, workers: z.number().int().min(1).max(256).optional() }), response: res<JobView>() },
  'sweeps:cancel': { request: z.strictObject({ studyId: id }), response: res<{ cancelled: number }>() },

  'jobs:list': {
    /** Newest first, one page (default 200). */
    request: z.strictObject({
      status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']).optional(),
      studyId: id.optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    response: res<JobView[]>(),
  },
  'jobs:get': { request: z.strictObject({ id }), response: res<JobView>() },
  'jobs:cancel': { request: z.strictObject({ id }), response: res<JobView>() },
  'jobs:resume': { request: z.strictObject({ id }), response: res<JobView>() },

  'runs:list': { request: z.strictObject({ studyId: id.optional() }), response: res<RunView[]>() },
  'runs:get': { request: z.strictObject({ id }), response: res<RunView>() },
  'runs:start': { request: z.strictObject({ config: z.unknown(), studyId: id.optional() }), response: res<JobView>() },

  'cost:evaluate': { request: z.strictObject({ config: z.unknown() }), response: res<unknown>() },
  'cost:catalog': { request: empty, response: res<Record<string, { label: string; unit: string; direction: 'min' | 'max' }>>() },

  'devices:presets': { request: empty, response: res<PresetView[]>() },
  'devices:curve': {
    request: z.strictObject({ device: z.unknown(), pulses: z.number().int().min(1).max(10000).optional() }),
    response: res<CurveView>(),
  },
  'devices:simulate': {
    request: z.strictObject({
      device: z.unknown(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      trials: z.number().int().min(2).max(2000).optional(),
      pulses: z.number().int().min(1).max(10000).optional(),
    }),
    response: res<SimulationView>(),
  },
  'devices:fit': { request: z.strictObject({ csv: z.string().min(1).max(5_000_000), name: z.string().max(200).optional() }), response: res<FitView>() },
  /**
   * Save a device as a user preset: the least-squares fit of a measured CSV (`csv`), or any device
   * spec resolved to its parameters (`device`). Refuses an existing id unless `replace`.
   */
  'devices:savePreset': {
    request: z.strictObject({
      id: userPresetIdSchema,
      title: z.string().min(1).max(200).optional(),
      csv: z.string().min(1).max(5_000_000).optional(),
      file: z.string().min(1).max(4096).optional().describe('Name of the CSV file, kept with the preset'),
      device: z.unknown().optional(),
      replace: z.boolean().optional(),
    }),
    response: res<UserPresetView>(),
  },
  /** Delete a user preset. Stored runs and studies keep the definition they were made with. */
  'devices:deletePreset': { request: z.strictObject({ id: userPresetIdSchema }), response: res<{ deleted: string }>() },

  'pareto:compute': {
    request: z.strictObject({
      studyId: id,
      objectives: z.array(z.strictObject({ metric: z.string().min(1).max(100), direction: z.enum(['min', 'max']) })).min(2).max(8).optional(),
      reference: z.array(z.number()).optional(),
      role: z.enum(['hps', 'baseline', 'all']).optional(),
    }),
    response: res<ParetoView>(),
  },

  'reports:export': {
    /** `path`: a file name in the data folder's exports/ (browser host, desktop) or any path (command line). */
    request: z.strictObject({ studyId: id, format: z.enum(['pdf', 'csv', 'csv-wide', 'csv-diagnostics', 'json']), path: z.string().min(1).max(4096).optional() }),
    response: res<ExportResult>(),
  },
  'reports:import': {
    request: z.strictObject({
      base64: z.string().min(1).optional(),
      /** A file name in the data folder's exports/ (browser host, desktop) or any path (command line). */
      path: z.string().min(1).max(4096).optional(),
      /** Set by the browser host for a bundle streamed to it (application/octet-stream). */
      upload: z.string().min(1).max(100).optional(),
    }),
    response: res<StudyDetail>(),
  },

  'settings:get': { request: empty, response: res<Settings>() },
  'settings:set': { request: z.strictObject({ values: z.lazy(() => settingsPatchSchema) }), response: res<Settings>() },

  'dialogs:openFolder': { request: z.strictObject({ title: z.string().max(200).optional() }), response: res<{ path: string | null; supported: boolean }>() },
  'slurm:info': { request: empty, response: res<SlurmInfoView>() },
  'slurm:submit': { request: z.strictObject({ studyId: id, ...slurmSubmitOptions }), response: res<SlurmSubmitView>() },
  'slurm:status': { request: z.strictObject({ studyId: id }), response: res<SlurmStatusView>() },
  'slurm:collect': { request: z.strictObject({ studyId: id }), response: res<SlurmCollectView>() },
  'slurm:resubmit': { request: z.strictObject({ studyId: id, maxConcurrent: z.number().int().min(1).max(100000).optional() }), response: res<{ studyId: string; slurmJobId: string | null; indices: number[] }>() },
  'slurm:cancel': { request: z.strictObject({ studyId: id }), response: res<{ studyId: string; cancelled: string[] }>() },
} as const;

export const settingsSchema = z.strictObject({
  theme: z.enum(['light', 'dark', 'system']).default('system'),
  workers: z.number().int().min(1).max(256).nullable().default(null),
  defaultDatasetDir: z.string().max(4096).nullable().default(null),
});
export const settingsPatchSchema = settingsSchema.partial();
export type Settings = z.infer<typeof settingsSchema>;

export type Channel = keyof typeof channels;
export type Request<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type Response<C extends Channel> = (typeof channels)[C]['response'] extends Res<infer T> ? T : never;

export const events = {
  'jobs:progress': res<JobProgressEvent>(),
  'settings:changed': res<Settings>(),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E] extends Res<infer T> ? T : never;

/** The service implementation every transport calls. */
export type Services = { [C in Channel]: (req: ParsedRequest<C>) => Promise<Response<C>> };

/** `api.<domain>.<verb>(req)` as seen by the renderer (and built by preload / the browser client). */
type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}:${infer V}` ? V : never;
export type Api = {
  [D in DomainOf<Channel>]: {
    [V in VerbOf<Channel, D>]: `${D}:${V}` extends infer C extends Channel ? (req: Request<C>) => Promise<Response<C>> : never;
  };
} & {
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
};

export const channelNames = Object.keys(channels) as Channel[];

/** Wire format of an error crossing a transport. */
export interface WireError {
  code: string;
  message: string;
  path?: string;
}
