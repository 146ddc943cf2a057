// Renderer store tests live here: typechecked with the renderer's DOM typings (tsconfig.web.json).
// The renderer's jobs store (src/renderer/src/stores/jobs.ts): progress events and request
// responses travel separately, so a response can arrive after later events of the same job. Found
// by the e2e wizard test on a loaded machine: a 6-point sweep finished (events 'running' ... 'done')
// before the response to "start sweep" (built while the job was queued) came back, and the stale
// response left the study showing "0 % · running" for good.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { JobProgressEvent, JobView } from '../../../src/shared/contract';

const h = vi.hoisted(() => ({
  handlers: [] as Array<(e: unknown) => void>,
  respond: null as null | ((v: unknown) => void),
}));
vi.mock('../../../src/renderer/src/api', () => {
  const pending = () => new Promise((resolve) => (h.respond = resolve));
  return {
    ApiError: class extends Error {},
    api: {
      on: (_name: string, fn: (e: unknown) => void) => h.handlers.push(fn),
      sweeps: { start: pending },
      jobs: { list: pending, resume: pending, cancel: pending },
    },
  };
});
const { useJobsStore } = await import('../../../src/renderer/src/stores/jobs');

const view = (status: JobView['status'], progress: number, error: string | null = null): JobView => ({
  id: 'j1', kind: 'sweep', studyId: 's1', runId: null, status, progress, message: '', error,
  createdAt: '2026-11-26T10:00:00Z', startedAt: null, finishedAt: null,
});
const event = (status: JobView['status'], fraction: number): JobProgressEvent => ({
  jobId: 'j1', kind: 'sweep', studyId: 's1', runId: null, status, fraction, etaSeconds: null, message: '',
});
const emit = (e: JobProgressEvent) => h.handlers.forEach((fn) => fn(e));

describe('jobs store: events are authoritative over responses that arrive after them', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    h.handlers.length = 0;
  });

  it('a start response that arrives after the job finished does not turn it back to queued', async () => {
    const jobs = useJobsStore();
    jobs.subscribe();
    const started = jobs.startSweep('s1');
    emit(event('running', 0.5));
    emit(event('done', 1));
    h.respond!(view('queued', 0));
    await started;
    expect(jobs.forStudy('s1').map((j) => [j.status, j.fraction])).toEqual([['done', 1]]);
  });

  it('a response with no later event is applied (resume of an interrupted job), and its error text is kept', async () => {
    const jobs = useJobsStore();
    jobs.subscribe();
    emit(event('interrupted', 0.3));
    await new Promise((r) => setTimeout(r, 2));
    const resumed = jobs.resume('j1');
    h.respond!(view('queued', 0.3));
    await resumed;
    expect(jobs.byId.j1!.status).toBe('queued');
    // A listing sent after the last event, agreeing with it, still brings the error text.
    emit(event('failed', 0.4));
    await new Promise((r) => setTimeout(r, 2));
    const loaded = jobs.load('s1');
    h.respond!([view('failed', 0.4, 'worker ran out of memory')]);
    await loaded;
    expect(jobs.byId.j1).toMatchObject({ status: 'failed', error: 'worker ran out of memory' });
  });

  it('a listing sent before the last event keeps the event, taking only matching error text', async () => {
    const jobs = useJobsStore();
    jobs.subscribe();
    const loaded = jobs.load('s1');
    emit(event('failed', 0.4));
    h.respond!([view('failed', 0.2, 'boom')]);
    await loaded;
    expect(jobs.byId.j1).toMatchObject({ status: 'failed', fraction: 0.4, error: 'boom' });
  });
});
