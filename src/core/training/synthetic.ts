/** Synthetic data for smoke runs and tests (pure, seeded). */
import { Rng } from '../rng';
import type { DataSplit } from './types';

/** A separable synthetic set: each class lights its own block of the input plus uniform noise, so a linear read-out separates it. */
export function syntheticSplit(n: number, h: number, w: number, c: number, seed: number, classes = 10): DataSplit {
  const rng = new Rng(seed);
  const size = h * w * c;
  const images = new Float32Array(n * size);
  const labels = new Uint8Array(n);
  const block = Math.floor(size / classes);
  for (let i = 0; i < n; i++) {
    const y = rng.int(classes);
    labels[i] = y;
    for (let p = 0; p < size; p++) images[i * size + p] = Math.min(1, (p >= y * block && p < (y + 1) * block ? 0.7 : 0) + 0.3 * rng.uniform());
  }
  return { images, labels, n, h, w, c };
}
