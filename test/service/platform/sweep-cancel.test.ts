/**
 * A cancel that arrives as a sweep stores its last point: every point is stored, so the study and
 * its job end 'done', not 'cancelled' with nothing left to resume. (The cancel is sent from the
 * progress event of the last commit, so the timing is exact rather than raced.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppHandle } from '../../../src/main/app';
import { requireBuild, tempDir } from '../helpers';

const tmp = tempDir('hps-sweep-cancel-');
let app: AppHandle;
beforeAll(() => {
  requireBuild();
  app = openApp({ dataDir: tmp.dir, transport: 'cli', workers: 1 });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

const spec = {
  name: 'cancel at the end',
  base: { workload: { network: 'mlp-400-100-10' } },
  knobs: [{ path: 'synapse.significance', type: 'numeric', values: [1, 2, 4, 8] }],
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  evaluation: 'cost',
};

describe('sweep cancelled as it finishes', () => {
  it('ends done when every point is stored', async () => {
    let cancelledAt: number | null = null;
    app.runner.on('progress', (e) => {
      if (e.kind === 'sweep' && e.status === 'running' && e.fraction >= 1 && cancelledAt === null && app.runner.cancel(e.jobId)) cancelledAt = e.fraction;
    });
    const study = await app.services['studies:create']({ spec });
    const job = await app.services['sweeps:start']({ studyId: study.id });
    const final = await app.runner.wait(job.id);
    expect(cancelledAt, 'the cancel reached the running sweep').toBe(1);
    expect(final.status).toBe('done');
    expect(app.store.countPoints(study.id)).toBe(5);
    expect(app.store.getStudy(study.id).status).toBe('done');
  });
});
