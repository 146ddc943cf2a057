/**
 * Planning off the main thread. Every study is validated and expanded by a worker (its own small
 * pool, so planning never waits behind a running sweep's batches); the plan's rows stream back in
 * chunks and are stored as they arrive (store/plans.ts), so the main thread never does more than
 * one short transaction at a time. A stored, complete plan is reused by every later start, resume
 * and view of the study.
 */
import type { WorkerPool } from '../jobs/pool';
import type { PlanItem, PlanMessage } from '../jobs/plan-task';
import type { Store, StudyRow } from '../store/store';
import type { Study } from '../../core/dse/study';
import type { RunConfig } from '../../core/config/schema';
import type { StudyWarning } from '../../core/dse/sanity';

export class Planner {
  private readonly inflight = new Map<string, Promise<number>>();

  constructor(
    private readonly store: Store,
    readonly pool: WorkerPool,
  ) {}

  /** Planned point count and sanity warnings of a valid spec (ConfigError naming the fields otherwise). Writes nothing. */
  async validate(spec: unknown): Promise<{ points: number; warnings: StudyWarning[] }> {
    const r = await this.pool.run<{ points: number; warnings?: StudyWarning[] }>('plan', { spec, rows: false }, undefined, { first: true }).promise;
    return { points: r.points, warnings: r.warnings ?? [] };
  }

  /**
   * Validate a spec and store it as a new study with its plan. Nothing stays written when the
   * spec is invalid or planning fails part way.
   */
  async create(spec: unknown, meta: { tags?: string[] } = {}): Promise<StudyRow> {
    let row: StudyRow | undefined;
    try {
      const points = await this.stream(spec, (study) => {
        row = this.store.createStudy({ name: study.name, description: study.description ?? '', tags: meta.tags ?? study.tags ?? [], spec: study });
        return row.id;
      });
      this.store.plans.complete(row!.id, points);
      return row!;
    } catch (e) {
      if (row) this.store.deleteStudy(row.id);
      throw e;
    }
  }

  /** The study's planned point count, planning it (once, even when asked concurrently) if needed. */
  ensure(studyId: string): Promise<number> {
    const have = this.store.plans.plannedPoints(studyId);
    if (have !== undefined) return Promise.resolve(have);
    let p = this.inflight.get(studyId);
    if (!p) {
      const spec = this.store.getStudy(studyId).spec;
      p = this.stream(spec, () => studyId)
        .then((points) => {
          this.store.plans.complete(studyId, points);
          return points;
        })
        .catch((e: unknown) => {
          this.store.plans.drop(studyId);
          throw e;
        })
        .finally(() => this.inflight.delete(studyId));
      this.inflight.set(studyId, p);
    }
    return p;
  }

  /** Configs of stored plan rows (training points need them on the main thread). */
  async configs(spec: unknown, items: PlanItem[]): Promise<RunConfig[]> {
    return this.pool.run<RunConfig[]>('point-configs', { spec, items }, undefined, { first: true }).promise;
  }

  private async stream(spec: unknown, onValid: (study: Study) => string): Promise<number> {
    let studyId: string | undefined;
    const r = await this.pool.run<{ points: number; study: Study }>(
      'plan',
      { spec, rows: true },
      (data) => {
        const m = data as PlanMessage;
        if (m.kind === 'valid') {
          studyId = onValid(m.study);
          this.store.plans.begin(studyId);
        } else if (studyId) this.store.plans.insert(studyId, m.rows);
      },
      { first: true },
    ).promise;
    return r.points;
  }
}
