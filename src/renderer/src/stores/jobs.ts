/** Jobs: the queue as main reports it, kept live from the jobs:progress event stream. */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { JobProgressEvent, JobView } from '../../../shared/contract';
import { guard } from './errors';

/** A job as the last progress event (or listing) described it. */
export interface LiveJob extends Omit<JobProgressEvent, 'jobId'> {
  id: string;
  error: string | null;
  updatedAt: number;
}

const ACTIVE = new Set(['queued', 'running']);
type Listener = (e: JobProgressEvent) => void;
const listeners = new Set<Listener>();

/**
 * When the last progress event of each job arrived (performance.now()). Events and request
 * responses travel separately (IPC events vs invoke; server-sent events vs HTTP), so a listing or
 * a start/resume response can arrive after later events of the same job: e.g. a short sweep emits
 * 'running' ... 'done' before the response to "start" (built while it was queued) comes back.
 * Every status change of a job is an event, so events are authoritative: a view fetched by a
 * request is applied only to jobs with no event since that request was sent.
 */
const eventAt = new Map<string, number>();
const clock = (): number => performance.now();

export const useJobsStore = defineStore('jobs', {
  state: () => ({
    byId: {} as Record<string, LiveJob>,
    loading: false,
    loaded: false,
    subscribed: false,
  }),
  getters: {
    list: (s): LiveJob[] => Object.values(s.byId).sort((a, b) => b.updatedAt - a.updatedAt),
    active(): LiveJob[] {
      return this.list.filter((j) => ACTIVE.has(j.status));
    },
    forStudy() {
      return (studyId: string): LiveJob[] => this.list.filter((j) => j.studyId === studyId);
    },
  },
  actions: {
    subscribe(): void {
      if (this.subscribed) return;
      this.subscribed = true;
      api.on('jobs:progress', (e) => {
        const prev = this.byId[e.jobId];
        const { jobId, ...event } = e;
        eventAt.set(jobId, clock());
        this.byId[jobId] = {
          ...event,
          id: jobId,
          error: prev?.error ?? null,
          metrics: e.metrics ?? prev?.metrics,
          updatedAt: Date.now(),
        };
        listeners.forEach((l) => l(e));
      });
    },
    /** Called for every progress event (the study and runs stores refresh on completion). */
    onProgress(l: Listener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    /** Apply job views fetched by a request sent at `sentAt` (see eventAt; omit for "now"). */
    ingest(views: JobView[], sentAt = clock()): void {
      for (const j of views) {
        const prev = this.byId[j.id];
        if (prev && (eventAt.get(j.id) ?? -Infinity) >= sentAt) {
          // A newer event already described this job; keep it, but take the error text, which
          // only views carry, when the view agrees on the status.
          if (j.error && prev.status === j.status) prev.error = j.error;
          continue;
        }
        this.byId[j.id] = {
          id: j.id,
          kind: j.kind,
          studyId: j.studyId,
          runId: j.runId,
          status: j.status,
          fraction: j.progress,
          etaSeconds: this.byId[j.id]?.etaSeconds ?? null,
          message: j.message,
          error: j.error,
          metrics: this.byId[j.id]?.metrics,
          updatedAt: Date.parse(j.finishedAt ?? j.startedAt ?? j.createdAt) || Date.now(),
        };
      }
    },
    async load(studyId?: string): Promise<void> {
      this.loading = true;
      try {
        const sentAt = clock();
        const views = await guard('Loading jobs', () => api.jobs.list(studyId ? { studyId } : {}));
        this.ingest(views, sentAt);
        this.loaded = true;
      } finally {
        this.loading = false;
      }
    },
    async cancel(id: string): Promise<void> {
      const sentAt = clock();
      this.ingest([await guard('Cancelling job', () => api.jobs.cancel({ id }))], sentAt);
    },
    async resume(id: string): Promise<void> {
      const sentAt = clock();
      this.ingest([await guard('Resuming job', () => api.jobs.resume({ id }))], sentAt);
    },
    async cancelSweep(studyId: string): Promise<number> {
      const r = await guard('Cancelling sweep', () => api.sweeps.cancel({ studyId }));
      await this.load(studyId);
      return r.cancelled;
    },
    /** Start a study's sweep on the local executor (`workers`: pool size for this sweep). */
    async startSweep(studyId: string, workers?: number): Promise<void> {
      const sentAt = clock();
      this.ingest([await guard('Starting sweep', () => api.sweeps.start(workers ? { studyId, workers } : { studyId }))], sentAt);
    },
  },
});
