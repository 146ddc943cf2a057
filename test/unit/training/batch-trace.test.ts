import { describe, expect, it } from 'vitest';
import { BatchTraceRecorder } from '../../../src/core/training/batch-trace';

describe('batch trace (values by hand)', () => {
  it('groups batches by images; loss sums and correct counts divided by the group\'s images', () => {
    // 100 images, 4 groups -> a group closes after 25 images; batches of 10 images.
    const t = new BatchTraceRecorder(100, 4);
    const losses = [2, 1.8, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6, 0.5, 0.4];
    losses.forEach((l, i) => t.add(l * 10, i + 1, 10));
    const r = t.done();
    // Groups: batches 1-3 (30 images), 4-6, 7-9, then batch 10 alone.
    expect(r.images).toEqual([30, 60, 90, 100]);
    expect(r.loss.map((v) => Number(v.toFixed(10)))).toEqual([1.8, 1.2, 0.6333333333, 0.4]);
    // Correct predictions 1+2+3 = 6 of 30, 4+5+6 = 15 of 30, 7+8+9 = 24 of 30, 10 of 10.
    expect(r.accuracy).toEqual([0.2, 0.5, 0.8, 1]);
  });
  it('a last batch smaller than the others is weighted by its images', () => {
    const t = new BatchTraceRecorder(25, 1);
    t.add(1 * 20, 10, 20);
    t.add(2 * 5, 0, 5);
    const r = t.done();
    expect(r.images).toEqual([25]);
    expect(r.loss[0]).toBeCloseTo((1 * 20 + 2 * 5) / 25, 12);
    expect(r.accuracy[0]).toBeCloseTo(10 / 25, 12);
  });
});
