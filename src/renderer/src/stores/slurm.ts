/**
 * Slurm executor: whether Slurm answers here (slurm:info), the executor choice of the wizard's
 * review step, submission of a created study (slurm:submit), and the shard states of a submitted
 * study (slurm:status, polled while its Cluster panel is open) with collect, resubmit and cancel.
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { SlurmCollectView, SlurmInfoView, SlurmStatusView, SlurmSubmitView } from '../../../shared/contract';
import { guard, useErrorsStore } from './errors';
import { useJobsStore } from './jobs';
import { useStudiesStore } from './studies';

/** The job kind of a Slurm submission (one job row per study). */
export const SLURM_JOB_KIND = 'slurm-sweep';

/** The wizard's executor fields, as typed (validated by `executorErrors`). */
export interface ExecutorDraft {
  kind: 'local' | 'slurm';
  /** Local worker count; empty: the host's pool size. */
  workers: string;
  partition: string;
  /** Slurm time limit per array task: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
  timeLimit: string;
  /** Empty: one shard per 10,000 points. */
  shards: string;
}

const TOKEN = /^[A-Za-z0-9_.:+@,=-]+$/;
const TIME = /^(?:\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|infinite)$/i;
/** Slurm's default MaxArraySize is 1001: indices 0..1000. */
export const MAX_ARRAY = 1000;

/** Default shard count of the server (one shard per 10,000 points, at most 1000). */
export function defaultShards(points: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(points / 10_000)));
}

const intOf = (s: string): number | null => (/^\s*\d+\s*$/.test(s) ? Number(s.trim()) : null);

/** Field id -> message for the executor fields that do not validate. */
export function executorErrors(d: ExecutorDraft, plannedPoints: number): Record<string, string> {
  const e: Record<string, string> = {};
  if (d.kind === 'local') {
    if (d.workers.trim() !== '') {
      const n = intOf(d.workers);
      if (n === null) e.workers = 'a whole number of workers';
      else if (n < 1 || n > 256) e.workers = 'between 1 and 256 workers';
    }
    return e;
  }
  const p = d.partition.trim();
  if (p && !TOKEN.test(p)) e.partition = 'letters, digits and _.:+@,=- only';
  const t = d.timeLimit.trim();
  if (t && !TIME.test(t)) e.timeLimit = 'a Slurm time such as 30, 00:30:00 or 1-12:00:00';
  const s = d.shards.trim();
  if (s) {
    const n = intOf(s);
    if (n === null) e.shards = 'a whole number of shards';
    else if (n < 1) e.shards = 'at least 1 shard';
    else if (n > MAX_ARRAY) e.shards = `at most ${MAX_ARRAY} shards (Slurm's default MaxArraySize is 1001)`;
    else if (plannedPoints > 0 && n > plannedPoints) e.shards = `at most one shard per point (${plannedPoints})`;
  }
  return e;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;
let pollStudy: string | null = null;

export const useSlurmStore = defineStore('slurm', {
  state: () => ({
    info: null as SlurmInfoView | null,
    infoLoading: false,
    executor: { kind: 'local', workers: '', partition: '', timeLimit: '', shards: '' } as ExecutorDraft,
    submitting: false,
    /** Latest slurm:status of each study with a Slurm submission. */
    status: {} as Record<string, SlurmStatusView>,
    statusLoading: false,
    statusError: null as string | null,
    /** Latest collect of each study (how many points it merged). */
    collected: {} as Record<string, SlurmCollectView>,
    busy: '' as '' | 'collect' | 'resubmit' | 'cancel',
  }),
  getters: {
    available: (s): boolean => s.info?.available === true,
  },
  actions: {
    async loadInfo(force = false): Promise<void> {
      if ((this.info && !force) || this.infoLoading) return;
      this.infoLoading = true;
      try {
        this.info = await guard('Checking for Slurm', () => api.slurm.info({}));
      } catch (e) {
        this.info = { available: false, version: null, partitions: [], reason: (e as Error).message };
      } finally {
        this.infoLoading = false;
      }
    },
    /** Submit a created study with the executor draft's Slurm options. */
    async submit(studyId: string, plannedPoints: number): Promise<SlurmSubmitView> {
      const d = this.executor;
      const bad = executorErrors(d, plannedPoints);
      if (Object.keys(bad).length) throw new Error(Object.values(bad)[0]);
      const req: { studyId: string; partition?: string; timeLimit?: string; shards?: number } = { studyId };
      if (d.partition.trim()) req.partition = d.partition.trim();
      if (d.timeLimit.trim()) req.timeLimit = d.timeLimit.trim();
      if (d.shards.trim()) req.shards = Number(d.shards.trim());
      this.submitting = true;
      try {
        const r = await guard('Submitting to Slurm', () => api.slurm.submit(req));
        useErrorsStore().notify(r.slurmJobId ? `Submitted Slurm job ${r.slurmJobId}: ${r.shards} shard(s)` : `Run folder written: ${r.shards} shard(s), not submitted`);
        return r;
      } finally {
        this.submitting = false;
      }
    },
    /** Local workers of the executor draft (undefined: the host's pool size). */
    localWorkers(): number | undefined {
      const n = intOf(this.executor.workers);
      return n !== null && n >= 1 && n <= 256 ? n : undefined;
    },
    async refresh(studyId: string): Promise<SlurmStatusView | null> {
      this.statusLoading = true;
      try {
        const prev = this.status[studyId];
        const v = await api.slurm.status({ studyId });
        this.status[studyId] = v;
        this.statusError = null;
        // slurm:status reconciles the job row; follow it when the shard states moved.
        if (!prev || JSON.stringify(prev.counts) !== JSON.stringify(v.counts) || prev.finished !== v.finished) {
          await useJobsStore().load(studyId).catch(() => undefined);
        }
        return v;
      } catch (e) {
        const msg = (e as Error).message;
        // Polling repeats: report a failure once, then keep it on the panel.
        if (msg !== this.statusError) useErrorsStore().push(e, 'Reading shard states');
        this.statusError = msg;
        return null;
      } finally {
        this.statusLoading = false;
      }
    },
    /** Poll slurm:status every `ms` while the Cluster panel of `studyId` is open. */
    startPolling(studyId: string, ms = 3000): void {
      this.stopPolling();
      pollStudy = studyId;
      const tick = async (): Promise<void> => {
        if (pollStudy !== studyId) return;
        await this.refresh(studyId);
        if (pollStudy === studyId) pollTimer = setTimeout(() => void tick(), ms);
      };
      void tick();
    },
    stopPolling(): void {
      pollStudy = null;
      clearTimeout(pollTimer);
      pollTimer = undefined;
    },
    async afterChange(studyId: string): Promise<void> {
      await Promise.all([this.refresh(studyId), useJobsStore().load(studyId).catch(() => undefined)]);
      const studies = useStudiesStore();
      if (studies.current?.id === studyId) await studies.refreshCurrent();
    },
    async collect(studyId: string): Promise<SlurmCollectView | null> {
      this.busy = 'collect';
      try {
        const v = await guard('Collecting shard results', () => api.slurm.collect({ studyId }));
        const { inserted: _i, submitToCollectedSeconds: _s, ...status } = v;
        this.collected[studyId] = v;
        this.status[studyId] = status;
        await this.afterChange(studyId);
        return v;
      } catch {
        return null;
      } finally {
        this.busy = '';
      }
    },
    async resubmit(studyId: string): Promise<void> {
      this.busy = 'resubmit';
      try {
        const r = await guard('Resubmitting shards', () => api.slurm.resubmit({ studyId }));
        useErrorsStore().notify(r.slurmJobId ? `Resubmitted shard(s) ${r.indices.join(', ')} as Slurm job ${r.slurmJobId}` : 'Nothing to resubmit: every shard is done, pending or running');
        await this.afterChange(studyId);
      } catch {
        // reported by guard
      } finally {
        this.busy = '';
      }
    },
    async cancel(studyId: string): Promise<void> {
      this.busy = 'cancel';
      try {
        const r = await guard('Cancelling Slurm jobs', () => api.slurm.cancel({ studyId }));
        useErrorsStore().notify(r.cancelled.length ? `Cancelled Slurm job(s) ${r.cancelled.join(', ')}; finished points can still be collected` : 'Nothing was submitted; marked cancelled');
        await this.afterChange(studyId);
      } catch {
        // reported by guard
      } finally {
        this.busy = '';
      }
    },
  },
});
