/**
 * Worker pool and job runner with real worker threads (the built out/main/worker.js): a crashing
 * or out-of-memory worker fails only its own job and the pool keeps serving; cancellation; states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { WorkerPool } from '../../../src/main/jobs/pool';
import { JobRunner } from '../../../src/main/jobs/runner';
import { Store } from '../../../src/main/store/store';
import { WORKER, requireBuild, tempDir } from '../helpers';

process.env.HPS_DEBUG_TASKS = '1';

describe('worker pool', () => {
  beforeAll(() => requireBuild());

  it('a crashing worker fails only its own task; the other task finishes and the pool recovers', async () => {
    const pool = new WorkerPool({ size: 2, workerFile: WORKER });
    const crash = pool.run('debug', { mode: 'crash' });
    const sleep = pool.run<{ slept: number }>('debug', { mode: 'sleep', ms: 300 });
    await expect(crash.promise).rejects.toThrow(/exited unexpectedly with code 3/);
    await expect(sleep.promise).resolves.toEqual({ slept: 300 });
    // The crashed worker was replaced: two more tasks run side by side.
    const again = await Promise.all([pool.run('debug', { mode: 'sleep', ms: 50 }).promise, pool.run('debug', { mode: 'sleep', ms: 50 }).promise]);
    expect(again).toHaveLength(2);
    expect(pool.size).toBe(2);
    await pool.close();
  });

  it('a worker that runs out of memory fails its task with that reason', async () => {
    const pool = new WorkerPool({ size: 1, workerFile: WORKER, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    await expect(pool.run('debug', { mode: 'oom' }).promise).rejects.toThrow(/out of memory|exited unexpectedly/);
    await expect(pool.run('debug', { mode: 'sleep', ms: 10 }).promise).resolves.toEqual({ slept: 10 });
    await pool.close();
  });

  it('a task that throws is reported with its message', async () => {
    const pool = new WorkerPool({ size: 1, workerFile: WORKER });
    await expect(pool.run('debug', { mode: 'throw' }).promise).rejects.toThrow('debug task failed on purpose');
    await expect(pool.run('no-such-kind', {}).promise).rejects.toThrow(/unknown task kind 'no-such-kind'/);
    await pool.close();
  });
});

describe('job runner', () => {
  const tmp = tempDir();
  let store: Store;
  let pool: WorkerPool;
  let runner: JobRunner;
  beforeAll(() => {
    requireBuild();
    store = Store.open(join(tmp.dir, 'jobs.db'));
    pool = new WorkerPool({ size: 2, workerFile: WORKER });
    runner = new JobRunner(store, pool, { throttleMs: 0 });
  });
  afterAll(async () => {
    await runner.shutdown();
    await pool.close();
    store.close();
    tmp.cleanup();
  });

  it('runs jobs to done or failed, records states, and emits progress events', async () => {
    const events: string[] = [];
    runner.on('progress', (e) => events.push(`${e.jobId}:${e.status}`));
    const ok = runner.start('debug', {}, async (ctx) => {
      await ctx.pool.run('debug', { mode: 'sleep', ms: 100 }, (m) => ctx.progress((m as { fraction: number }).fraction)).promise;
    });
    const bad = runner.start('debug', {}, async (ctx) => {
      await ctx.pool.run('debug', { mode: 'crash' }).promise;
    });
    expect((await runner.wait(ok.id)).status).toBe('done');
    const failed = await runner.wait(bad.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/exited unexpectedly/);
    expect(events).toContain(`${ok.id}:running`);
    expect(store.getJob(ok.id).progress).toBe(1);
    expect(store.getJob(ok.id).finishedAt).not.toBeNull();
  });

  it('cancels a running job; it ends cancelled and keeps its progress', async () => {
    const job = runner.start('debug', {}, async (ctx) => {
      const h = ctx.pool.run('debug', { mode: 'sleep', ms: 20_000 }, (m) => ctx.progress((m as { fraction: number }).fraction));
      ctx.signal.addEventListener('abort', () => h.cancel());
      await h.promise;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.cancel(job.id)).toBe(true);
    const final = await runner.wait(job.id);
    expect(final.status).toBe('cancelled');
  });
});
