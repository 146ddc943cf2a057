import { describe, expect, it } from 'vitest';
import { etaSeconds } from '../../../src/main/jobs/runner';

describe('ETA at the rate of this launch (values by hand)', () => {
  it('a fresh job: 25 % in 10 s leaves 30 s', () => {
    expect(etaSeconds(10, 0.25)).toBeCloseTo(30, 12);
  });
  it('a job resumed at 80 %: 2 % more in 1 s leaves 0.18 / 0.02 = 9 s, not 0.18 / 0.82 = 0.22 s', () => {
    expect(etaSeconds(1, 0.82, 0.8)).toBeCloseTo(9, 12);
  });
  it('no estimate before a measurable part is done since the launch', () => {
    expect(etaSeconds(5, 0.8, 0.8)).toBeNull();
    expect(etaSeconds(5, 0.0005)).toBeNull();
  });
});
