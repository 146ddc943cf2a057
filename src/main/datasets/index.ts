/**
 * Data sets for training runs (Node side): bundled Fashion-MNIST subset, full Fashion-MNIST / MNIST
 * from IDX files, CIFAR-10 binary batches, or a synthetic separable set. Images are adapted to the
 * network input: 28x28 -> 20x20 centre crop for MLP 400-100-10; anything else must match exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunConfig } from '../../core/config/schema';
import { DatasetError } from '../../core/errors';
import { NETWORKS, type NetworkSpec } from '../../core/networks';
import { syntheticSplit } from '../../core/training/synthetic';
import { TRAIN_IMAGES } from '../../core/config/workload';
import type { DataSplit } from '../../core/training/types';
import { loadCifar10 } from './cifar';
import { readIdx } from './idx';

export { readIdx, parseIdx, encodeIdx, readMaybeGz } from './idx';
export { readCifarBatch, loadCifar10 } from './cifar';

export type DatasetSpec = RunConfig['workload']['dataset'];

/** Debian's dataset-fashion-mnist install location. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

export interface LoadedDataset {
  train: DataSplit;
  test: DataSplit;
  /** Human-readable description: source, folder, sizes, preprocessing. */
  source: string;
}

/** The repository root: the nearest folder above this module that holds package.json. */
export function repoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let d = from;
  for (;;) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    const up = path.dirname(d);
    if (up === d) throw new DatasetError(`cannot find the repository root (package.json) above ${from}`);
    d = up;
  }
}

export function defaultResourcesDir(): string {
  return path.resolve(repoRoot(), 'resources');
}

function findIdx(dir: string, prefix: 'train' | 't10k', kind: 'images' | 'labels'): string {
  const n = kind === 'images' ? 3 : 1;
  const names = [`${prefix}-${kind}-idx${n}-ubyte`, `${prefix}-${kind}.idx${n}-ubyte`];
  for (const base of names) for (const ext of ['.gz', '']) {
    const f = path.join(dir, base + ext);
    if (fs.existsSync(f)) return f;
  }
  throw new DatasetError(`${dir}: missing ${names[0]}(.gz)`);
}

/** Read one IDX split (images + labels), checking counts and label range. */
export function readIdxSplit(dir: string, prefix: 'train' | 't10k', limit?: number, classes = 10): DataSplit {
  const fi = findIdx(dir, prefix, 'images');
  const fl = findIdx(dir, prefix, 'labels');
  const im = readIdx(fi, 3);
  const lb = readIdx(fl, 1);
  const [count, h, w] = im.dims as [number, number, number];
  if (lb.dims[0] !== count) throw new DatasetError(`${fl}: ${lb.dims[0]} labels but ${fi} has ${count} images`);
  for (let i = 0; i < lb.data.length; i++)
    if (lb.data[i]! >= classes) throw new DatasetError(`${fl}: label ${lb.data[i]} at index ${i} is outside 0..${classes - 1}`);
  const n = limit !== undefined ? Math.min(limit, count) : count;
  const images = new Float32Array(n * h * w);
  for (let i = 0; i < n * h * w; i++) images[i] = im.data[i]! / 255;
  return { images, labels: lb.data.slice(0, n), n, h, w, c: 1 };
}

/** Centre crop to h x w (same channels). */
export function centreCrop(s: DataSplit, h: number, w: number): DataSplit {
  const oy = Math.floor((s.h - h) / 2);
  const ox = Math.floor((s.w - w) / 2);
  const images = new Float32Array(s.n * h * w * s.c);
  for (let i = 0; i < s.n; i++)
    for (let y = 0; y < h; y++) {
      const src = ((i * s.h + y + oy) * s.w + ox) * s.c;
      images.set(s.images.subarray(src, src + w * s.c), (i * h + y) * w * s.c);
    }
  return { images, labels: s.labels, n: s.n, h, w, c: s.c };
}

function adapt(s: DataSplit, net: NetworkSpec, what: string): { split: DataSplit; note: string } {
  const { h, w, c } = net.input;
  if (s.h === h && s.w === w && s.c === c) return { split: s, note: '' };
  if (s.c === c && s.h >= h && s.w >= w && (s.h !== h || s.w !== w))
    return { split: centreCrop(s, h, w), note: `, ${s.h}x${s.w} centre-cropped to ${h}x${w}` };
  throw new DatasetError(`${what}: images are ${s.h}x${s.w}x${s.c} but network ${net.id} needs ${h}x${w}x${c}`);
}

export interface LoadOptions {
  /** Folder holding datasets/fashion-mnist-subset (default: <repo>/resources). */
  resourcesDir?: string;
  /** Seed of the synthetic set (default 1). */
  seed?: number;
}

/** The folder a dataset spec reads (null for the synthetic set); throws DatasetError when it is missing. */
export function datasetDir(spec: DatasetSpec, opts: LoadOptions = {}): string | null {
  if (spec.source === 'synthetic') return null;
  if (spec.source === 'cifar10' && !spec.dir) throw new DatasetError('cifar10: `dir` (folder with data_batch_*.bin and test_batch.bin) is required');
  let dir = spec.dir;
  if (spec.source === 'bundled') dir = dir ?? path.join(opts.resourcesDir ?? defaultResourcesDir(), 'datasets', 'fashion-mnist-subset');
  else if (spec.source === 'fashion-mnist' && !dir) {
    if (!fs.existsSync(DEBIAN_FASHION_MNIST)) throw new DatasetError(`fashion-mnist: no \`dir\` given and ${DEBIAN_FASHION_MNIST} does not exist (Debian package dataset-fashion-mnist)`);
    dir = DEBIAN_FASHION_MNIST;
  }
  if (!dir) throw new DatasetError(`${spec.source}: \`dir\` (folder with the IDX files) is required`);
  if (!fs.existsSync(dir)) throw new DatasetError(`${dir}: dataset folder does not exist`);
  return dir;
}

/**
 * A cheap check before a training run is queued: the folder exists and holds the files the loader
 * reads (their contents are validated when the run loads them). The error names `field`.
 */
export function checkDataset(spec: DatasetSpec, field: string, opts: LoadOptions = {}): void {
  try {
    const dir = datasetDir(spec, opts);
    if (dir === null) return;
    if (spec.source === 'cifar10') {
      if (!fs.existsSync(path.join(dir, 'data_batch_1.bin'))) throw new DatasetError(`${dir}: no CIFAR-10 binary batch data_batch_1.bin`);
      if (!fs.existsSync(path.join(dir, 'test_batch.bin'))) throw new DatasetError(`${dir}: missing CIFAR-10 test batch test_batch.bin`);
      return;
    }
    for (const prefix of ['train', 't10k'] as const) for (const kind of ['images', 'labels'] as const) findIdx(dir, prefix, kind);
  } catch (e) {
    if (e instanceof DatasetError) throw new DatasetError(`${field}: ${e.message}`, { cause: e });
    throw e;
  }
}

export function loadDataset(spec: DatasetSpec, network: NetworkSpec | NetworkSpec['id'], opts: LoadOptions = {}): LoadedDataset {
  const net = typeof network === 'string' ? NETWORKS[network] : network;
  const { trainLimit, testLimit } = spec;
  let train: DataSplit;
  let test: DataSplit;
  let desc: string;
  switch (spec.source) {
    case 'synthetic': {
      const { h, w, c } = net.input;
      const seed = opts.seed ?? 1;
      train = syntheticSplit(trainLimit ?? TRAIN_IMAGES.synthetic, h, w, c, seed);
      test = syntheticSplit(testLimit ?? 200, h, w, c, seed + 1);
      desc = `synthetic separable set (seed ${seed})`;
      break;
    }
    case 'cifar10': {
      const dir = datasetDir(spec, opts)!;
      ({ train, test } = loadCifar10(dir, trainLimit, testLimit));
      desc = `CIFAR-10 binary from ${dir}`;
      break;
    }
    case 'bundled':
    case 'fashion-mnist':
    case 'mnist': {
      const dir = datasetDir(spec, opts)!;
      train = readIdxSplit(dir, 'train', trainLimit);
      test = readIdxSplit(dir, 't10k', testLimit);
      desc = `${spec.source === 'bundled' ? 'bundled Fashion-MNIST subset' : spec.source === 'mnist' ? 'MNIST' : 'Fashion-MNIST'} from ${dir}`;
      break;
    }
    default: {
      const never: never = spec.source;
      throw new DatasetError(`unknown dataset source ${String(never)}`);
    }
  }
  const a = adapt(train, net, `${desc} (train)`);
  const b = adapt(test, net, `${desc} (test)`);
  return { train: a.split, test: b.split, source: `${desc}: ${a.split.n} train / ${b.split.n} test images${a.note}` };
}
