/**
 * The summary's sentences on which phase decides each HPS / baseline ratio, with hand-made numbers
 * (the demo's energy: weight-gradient DRAM traffic 99.4 % of both, weight update 17x apart).
 */
import { describe, expect, it } from 'vitest';
import { explainRatio, percent, ratioExplanations, type RatioCase } from '../../../src/core/report/explain';

const energy: RatioCase = {
  metric: 'Energy per epoch',
  unit: 'J',
  // mJ by hand: HPS 0.65 + 0.076 + 563.7 + 0.0057 + 0.00104 = 564.43274; baseline 0.515 + 0.0454 + 563.7 + 0.0991 = 564.3595.
  hpsTotal: 564.43274e-3,
  baselineTotal: 564.3595e-3,
  parts: [
    { label: 'forward (FW)', hps: 0.65e-3, baseline: 0.515e-3 },
    { label: 'activation gradient (AG)', hps: 0.076e-3, baseline: 0.0454e-3 },
    { label: 'weight gradient (WG)', hps: 563.7e-3, baseline: 563.7e-3 },
    { label: 'weight update (WU)', hps: 0.0057e-3, baseline: 0.0991e-3 },
    { label: 'LSB→MSB transfer', hps: 0.00104e-3, baseline: 0 },
  ],
  inside: { of: 'weight gradient (WG)', label: 'DRAM traffic', hps: 561e-3, baseline: 561e-3 },
};

/** A latency case from [HPS, baseline] ms per phase (FW, AG, WG, WU, transfer); totals are the sums. */
function latencyMs(...ms: [number, number][]): RatioCase {
  const labels = ['forward (FW)', 'activation gradient (AG)', 'weight gradient (WG)', 'weight update (WU)', 'LSB→MSB transfer'];
  const parts = ms.map(([h, b], i) => ({ label: labels[i]!, hps: h * 1e-3, baseline: b * 1e-3 }));
  return { metric: 'Latency per epoch', unit: 's', hpsTotal: parts.reduce((t, p) => t + p.hps, 0), baselineTotal: parts.reduce((t, p) => t + p.baseline, 0), parts };
}

describe('explainRatio', () => {
  it('a ratio of 1.00x: names the dominant phase with its share of both, and the phases that differ with their small share', () => {
    expect(explainRatio(energy)).toBe(
      'Energy per epoch 1.00× (HPS 564 mJ, baseline 564 mJ): weight gradient (WG) is 99.9 % of both (DRAM traffic alone 99.4 % of both), so the ratio stays near 1; ' +
        'forward (FW) 1.26×, weight update (WU) 0.0575× and activation gradient (AG) 1.67× differ but are together 0.15 % of the total.',
    );
  });

  it('a ratio decided by one phase: that phase, its two values and its share of the difference', () => {
    // Latency, s: baseline WU 227 s of 227.4; HPS WU 4.43 ms, transfer 3 s. Difference 3.3 - 227.4 = -224.1 s.
    const s = explainRatio({
      metric: 'Latency per epoch',
      unit: 's',
      hpsTotal: 0.3 + 4.43e-3 + 3 - 4.43e-3,
      baselineTotal: 0.4 + 227,
      parts: [
        { label: 'weight gradient (WG)', hps: 0.3 - 4.43e-3, baseline: 0.4 },
        { label: 'weight update (WU)', hps: 4.43e-3, baseline: 227 },
        { label: 'LSB→MSB transfer', hps: 3, baseline: 0 },
      ],
    });
    expect(s).toBe('Latency per epoch 0.0145× (HPS 3.3 s, baseline 227 s): decided by weight update (WU), 0.00443 s against 227 s (1.95e-5×), −227 s of the −224 s difference.');
  });

  it('phases pulling both ways: the larger ones on each side', () => {
    // ms: HPS 71 + 24.7 + 310 + 5.6 + 16.9 = 428.2; baseline 41.2 + 8.58 + 310 + 60.9 = 420.68.
    const s = explainRatio(latencyMs([71, 41.2], [24.7, 8.58], [310, 310], [5.6, 60.9], [16.9, 0]));
    expect(s).toBe(
      'Latency per epoch 1.02× (HPS 428 ms, baseline 421 ms): forward (FW) (1.72×, +29.8 ms), LSB→MSB transfer (HPS only, +16.9 ms) and activation gradient (AG) (2.88×, +16.1 ms) outweigh weight update (WU) (0.0920×, −55.3 ms); weight gradient (WG) is 72.4 % of HPS and 73.7 % of the baseline.',
    );
  });

  it('nothing to say for totals that are not positive', () => {
    expect(explainRatio({ ...energy, baselineTotal: 0 })).toBeNull();
    expect(explainRatio({ ...energy, parts: [] })).toBeNull();
  });

  it('percent: one decimal from 10 %, two significant digits from 0.1 %, one below', () => {
    expect([percent(0.9943), percent(0.125), percent(0.0042), percent(0.0000123), percent(0)]).toEqual(['99.4 %', '12.5 %', '0.42 %', '0.001 %', '0 %']);
  });
});

describe('ratioExplanations over stored points', () => {
  const flat = (fw: number, wg: number, wu: number, tr: number, dram: number): Record<string, number> => ({
    energyPerEpoch: fw + wg + wu + tr,
    'energy.fw': fw,
    'energy.ag': 0,
    'energy.wg': wg,
    'energy.wu': wu,
    'energy.transfer': tr,
    'energyByComponent.dram': dram,
  });
  const base = flat(1, 100, 2, 0, 90);

  it('one sentence per metric when the pairs agree; typical, lowest and highest when they spread', () => {
    const same = ratioExplanations([
      { hps: { idx: 0, knobs: 'a=1', metrics: flat(1, 100, 0.01, 0.01, 90) }, baseline: { idx: 1, metrics: base } },
      { hps: { idx: 2, knobs: 'a=2', metrics: flat(1, 100, 0.01, 0.01, 90) }, baseline: { idx: 1, metrics: base } },
    ]);
    expect(same).toHaveLength(1);
    expect(same[0]).toMatch(/^Energy per epoch 0\.981× for all 2 pairs alike, e\.g\. #0 \(a=1\) and twin #1/);
    const spread = ratioExplanations([
      { hps: { idx: 0, knobs: 'a=1', metrics: flat(1, 100, 0.01, 0.01, 90) }, baseline: { idx: 1, metrics: base } },
      { hps: { idx: 2, knobs: 'a=2', metrics: flat(1, 100, 0.01, 5, 90) }, baseline: { idx: 1, metrics: base } },
      { hps: { idx: 3, knobs: 'a=3', metrics: flat(1, 100, 0.01, 2, 90) }, baseline: { idx: 1, metrics: base } },
    ]);
    expect(spread.map((s) => /1\.\d+×|0\.\d+× (for the typical pair|at the lowest ratio|at the highest ratio)/.exec(s)?.[0])).toHaveLength(3);
    expect(spread[0]).toContain('for the typical pair, #3 (a=3)');
    expect(spread[1]).toContain('at the lowest ratio, #0 (a=1)');
    expect(spread[2]).toContain('at the highest ratio, #2 (a=2)');
    expect(spread[2]).toContain('LSB→MSB transfer (HPS only, +5 J) outweighs weight update (WU)');
  });

  it('a point whose phases do not add up to its total is not explained', () => {
    const partial = { energyPerEpoch: 110, 'energy.fw': 1, 'energy.wg': 100 };
    expect(ratioExplanations([{ hps: { idx: 0, knobs: '', metrics: partial }, baseline: { idx: 1, metrics: base } }])).toEqual([]);
  });
});

describe('a ratio near 1 from parts that cancel', () => {
  it('says the parts cancel instead of crediting the dominant phase', () => {
    // ms, the demo's trained pair: HPS 71 + 24.7 + 310 + 4.62 + 30.6 = 440.92; baseline 41.2 + 8.58 + 310 + 80.3 = 440.08.
    const s = explainRatio(latencyMs([71, 41.2], [24.7, 8.58], [310, 310], [4.62, 80.3], [30.6, 0]));
    expect(s).toBe(
      'Latency per epoch 1.00× (HPS 441 ms, baseline 440 ms): LSB→MSB transfer (HPS only, +30.6 ms), forward (FW) (1.72×, +29.8 ms) and activation gradient (AG) (2.88×, +16.1 ms) against weight update (WU) (0.0575×, −75.7 ms) nearly cancel (net +0.84 ms); weight gradient (WG) is 70.3 % of HPS and 70.4 % of the baseline.',
    );
  });
});
