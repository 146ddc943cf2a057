/**
 * The bundled training templates compare HPS with a baseline that learns: the eNVM-only twin of
 * each template's base point, trained as the template says (its own searched learning rate, the
 * bundled Fashion-MNIST subset), ends well above chance (10 %). A template whose baseline sits at
 * chance would report the learning rate or the network, not the synapse.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineTwin, effectiveBase } from '../../../src/core/dse/expand';
import { parseStudy } from '../../../src/core/dse/study';
import { ROOT, requireBuild, runCli, tempDir } from '../helpers';

const tmp = tempDir('hps-templates-');
beforeAll(() => requireBuild());
afterAll(() => tmp.cleanup());

const dir = join(ROOT, 'resources', 'templates');
const training = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ id: f.replace(/\.json$/, ''), study: parseStudy(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }))
  // The device comparison reproduces the MLP+NeuroSim setup (batch 1, 40,000 images per run): too
  // long for the suite; its baselines are in the README's validation table.
  .filter((t) => t.study.evaluation === 'cost+accuracy' && t.study.base.training.batchSize > 1);

describe('bundled training templates', () => {
  it('cover the demo and the accuracy templates', () => {
    expect(training.map((t) => t.id)).toEqual(expect.arrayContaining(['demo-training', 'accuracy-vs-retention', 'accuracy-vs-transfer-interval']));
  });

  for (const { id, study } of training) {
    it(`${id}: the eNVM-only twin of the base point trains well above chance`, async () => {
      const twin = baselineTwin(effectiveBase(study), study);
      const file = join(tmp.dir, `${id}.json`);
      writeFileSync(file, JSON.stringify(twin));
      const r = await runCli(['train', file, '--data-dir', join(tmp.dir, id), '--workers', '1', '--json'], { timeoutMs: 240_000 });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { run: { epochs: { metrics: { testAccuracy: number } }[]; tuning: { best: number } } };
      const accuracy = out.run.epochs.at(-1)!.metrics.testAccuracy;
      // Measured with ReLU hidden units: 39.9-44.7 %; with the MLP+NeuroSim sigmoid the retention twin ended at 13.1 %.
      expect(accuracy, `${id} baseline at lr ${out.run.tuning.best}`).toBeGreaterThan(0.3);
    }, 300_000);
  }
});
