/**
 * Runs: training runs of a study (per-epoch metrics for the curves, the stored cost result for the
 * dashboard), re-runs of a point, and the pricing (cost:evaluate) of a cost-only point and its twin,
 * which the dashboard uses only for the per-layer split such points do not store.
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { JobView, RunView } from '../../../shared/contract';
import type { RunConfig } from '../../../core/config/schema';
import { guard, useErrorsStore } from './errors';

export const useRunsStore = defineStore('runs', {
  state: () => ({
    byStudy: {} as Record<string, RunView[]>,
    loading: false,
    error: null as string | null,
    comparison: null as { hps: unknown; baseline: unknown; key: string } | null,
    comparing: false,
    compareError: null as string | null,
  }),
  actions: {
    async loadForStudy(studyId: string): Promise<void> {
      this.loading = true;
      this.error = null;
      try {
        const list = await guard('Loading runs', () => api.runs.list({ studyId }));
        // The list may omit epochs; fetch details for runs that have none.
        const detailed = await Promise.all(
          list.slice(0, 24).map((r) => (r.epochs && r.epochs.length ? Promise.resolve(r) : api.runs.get({ id: r.id }).catch(() => r))),
        );
        this.byStudy[studyId] = [...detailed, ...list.slice(24)];
      } catch (e) {
        this.error = (e as Error).message;
      } finally {
        this.loading = false;
      }
    },
    async refreshRun(id: string, studyId: string): Promise<void> {
      const r = await guard('Loading run', () => api.runs.get({ id }));
      const arr = this.byStudy[studyId] ?? [];
      const i = arr.findIndex((x) => x.id === id);
      if (i >= 0) arr[i] = r;
      else arr.push(r);
      this.byStudy[studyId] = [...arr];
    },
    async start(config: RunConfig, studyId?: string): Promise<JobView> {
      const j = await guard('Starting run', () => api.runs.start(studyId ? { config, studyId } : { config }));
      useErrorsStore().notify('Re-run queued');
      return j;
    },
    async compare(key: string, hps: RunConfig, baseline: RunConfig): Promise<void> {
      if (this.comparison?.key === key) return;
      this.comparing = true;
      this.compareError = null;
      try {
        const [a, b] = await Promise.all([
          guard('Evaluating HPS cost', () => api.cost.evaluate({ config: hps })),
          guard('Evaluating baseline cost', () => api.cost.evaluate({ config: baseline })),
        ]);
        this.comparison = { hps: a, baseline: b, key };
      } catch (e) {
        this.compareError = (e as Error).message;
        this.comparison = null;
      } finally {
        this.comparing = false;
      }
    },
  },
});
