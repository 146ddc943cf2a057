/**
 * Worker task: the services whose cost depends on what the request holds (a config with measured
 * devices to fit, a measured CSV, a Pareto analysis or a report over a whole study). They run here
 * so that no request can hold the main thread; the main thread only validates the envelope and
 * passes it on.
 * Analyses read the database through their own read-only connection.
 */
import type { TaskHandler } from './protocol';
import { parseRunConfig } from '../../core/config/validate';
import { checkConfigReferences } from '../../core/config/references';
import { evaluateCostView } from '../sweep/evaluate';
import { catalogs } from '../services/catalogs';
import * as devices from '../services/devices';
import { computePareto, replicatesOf } from '../services/pareto';
import { Store } from '../store/store';
import type { ParsedRequest, ReplicateGroupView } from '../../shared/contract';

const readers = new Map<string, Store>();

function reader(file: string): Store {
  let s = readers.get(file);
  if (!s) {
    s = Store.openReadOnly(file);
    readers.set(file, s);
  }
  return s;
}

export const OFF_MAIN = {
  'cost:evaluate': (req: ParsedRequest<'cost:evaluate'>) => {
    const cfg = parseRunConfig(req.config);
    checkConfigReferences(cfg, 'config', catalogs());
    return evaluateCostView(cfg);
  },
  'devices:fit': (req: ParsedRequest<'devices:fit'>) => devices.fit(req.csv),
  'devices:curve': (req: ParsedRequest<'devices:curve'>, dbFile: string) => devices.curve(reader(dbFile), req.device, req.pulses),
  'pareto:compute': (req: ParsedRequest<'pareto:compute'>, dbFile: string) => computePareto(reader(dbFile), req),
  'studies:replicates': (req: ParsedRequest<'studies:replicates'>, dbFile: string) => {
    const store = reader(dbFile);
    store.getStudy(req.id);
    return replicatesOf(store, req.id) as ReplicateGroupView[];
  },
  /** The file of a report; where it goes (download, exports/, a save dialog) is decided on the main thread. */
  'reports:build': async (req: Pick<ParsedRequest<'reports:export'>, 'studyId' | 'format'>, dbFile: string) => {
    // Loaded on first use: ECharts and PDFKit cost ~1 s of start-up otherwise.
    const { exportStudy } = await import('../reports');
    return exportStudy(reader(dbFile), req.studyId, req.format);
  },
} as const;

export type OffMainChannel = keyof typeof OFF_MAIN;

export const serviceTask: TaskHandler = async (payload) => {
  const { channel, req, dbFile } = payload as { channel: OffMainChannel; req: never; dbFile: string };
  const fn = OFF_MAIN[channel] as (r: unknown, f: string) => unknown;
  if (!fn) throw new Error(`no off-main service '${String(channel)}'`);
  return fn(req, dbFile);
};
