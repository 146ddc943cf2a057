import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/core/errors';
import { encodeIdx, loadDataset, readCifarBatch, readIdx, repoRoot } from '../../../src/main/datasets';

let dir: string;

function writeIdxSet(d: string, prefix: 'train' | 't10k', n: number, gz: boolean, labels?: Uint8Array): void {
  fs.mkdirSync(d, { recursive: true });
  const im = new Uint8Array(n * 28 * 28).map((_, i) => (i * 7) % 256);
  const lb = labels ?? new Uint8Array(n).map((_, i) => i % 10);
  const put = (name: string, bytes: Uint8Array) => fs.writeFileSync(path.join(d, gz ? `${name}.gz` : name), gz ? zlib.gzipSync(bytes) : bytes);
  put(`${prefix}-images-idx3-ubyte`, encodeIdx([n, 28, 28], im));
  put(`${prefix}-labels-idx1-ubyte`, encodeIdx([n], lb));
}

function cifarBytes(n: number, badLabelAt = -1): Uint8Array {
  const b = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    b[i * 3073] = i === badLabelAt ? 12 : i % 10;
    for (let p = 0; p < 3072; p++) b[i * 3073 + 1 + p] = (p + i) % 256;
  }
  return b;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-datasets-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('IDX reader', () => {
  it('reads plain and gzipped IDX sets and normalises pixels to 0..1', () => {
    for (const gz of [false, true]) {
      const d = path.join(dir, gz ? 'gz' : 'plain');
      writeIdxSet(d, 'train', 12, gz);
      writeIdxSet(d, 't10k', 5, gz);
      const ds = loadDataset({ source: 'mnist', dir: d }, 'mlp-784-100-10');
      expect(ds.train.n).toBe(12);
      expect(ds.test.n).toBe(5);
      expect(ds.train.images[1]).toBeCloseTo(7 / 255, 6);
      expect(Array.from(ds.train.labels.slice(0, 3))).toEqual([0, 1, 2]);
    }
  });

  it('crops 28x28 to the 20x20 centre for MLP 400-100-10 and applies limits', () => {
    const d = path.join(dir, 'plain');
    const ds = loadDataset({ source: 'mnist', dir: d, trainLimit: 3 }, 'mlp-400-100-10');
    expect([ds.train.n, ds.train.h, ds.train.w]).toEqual([3, 20, 20]);
    // pixel (0,0) of the crop is source pixel (4,4): index 4*28+4 = 116 -> (116*7) % 256 = 44
    expect(ds.train.images[0]! * 255).toBeCloseTo(44, 3);
    expect(ds.source).toMatch(/centre-cropped to 20x20/);
  });

  it('names the file and the problem: bad magic', () => {
    const f = path.join(dir, 'bad-magic');
    fs.writeFileSync(f, Uint8Array.from([0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5]));
    expect(() => readIdx(f, 3)).toThrow(DatasetError);
    expect(() => readIdx(f, 3)).toThrow(new RegExp(`${f}: bad IDX magic number 0x00000d03`));
  });

  it('names the file and the problem: labels file where images are expected', () => {
    const f = path.join(dir, 'labels-as-images');
    fs.writeFileSync(f, encodeIdx([2], Uint8Array.of(1, 2)));
    expect(() => readIdx(f, 3)).toThrow(/labels-as-images: bad IDX magic number 0x00000801: expected 0x00000803/);
  });

  it('names the file and the problem: truncated data', () => {
    const f = path.join(dir, 'trunc-idx3-ubyte');
    fs.writeFileSync(f, encodeIdx([4, 28, 28], new Uint8Array(4 * 784)).subarray(0, 16 + 1000));
    expect(() => readIdx(f, 3)).toThrow(/trunc-idx3-ubyte: truncated: header declares 4 x 28 x 28 = 3136 bytes of data, found 1000/);
  });

  it('names the file and the problem: corrupt gzip', () => {
    const f = path.join(dir, 'corrupt.gz');
    const gz = zlib.gzipSync(encodeIdx([10], new Uint8Array(10)));
    fs.writeFileSync(f, gz.subarray(0, gz.length - 6));
    expect(() => readIdx(f, 1)).toThrow(/corrupt\.gz: corrupt or truncated gzip data/);
  });

  it('names the file and the problem: label out of range, and count mismatch', () => {
    const d = path.join(dir, 'badlabel');
    writeIdxSet(d, 'train', 4, true, Uint8Array.of(1, 2, 10, 3));
    writeIdxSet(d, 't10k', 2, true);
    expect(() => loadDataset({ source: 'fashion-mnist', dir: d }, 'mlp-784-100-10')).toThrow(/train-labels-idx1-ubyte\.gz: label 10 at index 2 is outside 0\.\.9/);
    const d2 = path.join(dir, 'mismatch');
    writeIdxSet(d2, 'train', 4, false);
    fs.writeFileSync(path.join(d2, 'train-labels-idx1-ubyte'), encodeIdx([3], Uint8Array.of(0, 1, 2)));
    writeIdxSet(d2, 't10k', 2, false);
    expect(() => loadDataset({ source: 'mnist', dir: d2 }, 'mlp-784-100-10')).toThrow(/train-labels-idx1-ubyte: 3 labels but .*train-images-idx3-ubyte has 4 images/);
  });

  it('reports a missing file or folder by name', () => {
    expect(() => loadDataset({ source: 'mnist', dir: path.join(dir, 'nope') }, 'mlp-784-100-10')).toThrow(/nope: dataset folder does not exist/);
    const d = path.join(dir, 'only-train');
    writeIdxSet(d, 'train', 2, true);
    expect(() => loadDataset({ source: 'mnist', dir: d }, 'mlp-784-100-10')).toThrow(/only-train: missing t10k-images-idx3-ubyte/);
  });

  it('rejects a network whose input the data cannot feed', () => {
    expect(() => loadDataset({ source: 'mnist', dir: path.join(dir, 'plain') }, 'vgg8')).toThrow(/28x28x1 but network vgg8 needs 32x32x3/);
  });
});

describe('CIFAR-10 binary reader', () => {
  it('reads records into NHWC (R, G, B planes interleaved) with labels', () => {
    const d = path.join(dir, 'cifar');
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'data_batch_1.bin'), cifarBytes(3));
    fs.writeFileSync(path.join(d, 'data_batch_2.bin'), cifarBytes(2));
    fs.writeFileSync(path.join(d, 'test_batch.bin'), cifarBytes(2));
    const ds = loadDataset({ source: 'cifar10', dir: d }, 'vgg8');
    expect([ds.train.n, ds.test.n, ds.train.h, ds.train.c]).toEqual([5, 2, 32, 3]);
    // image 0, pixel 0: R = byte 0 -> 0, G = byte 1024 -> 1024 % 256 = 0, B = 2048 % 256 = 0; pixel 1: R = 1
    expect(ds.train.images[3]! * 255).toBeCloseTo(1, 4);
    // image 1 pixel 0 channel G: (1024 + 1) % 256 = 1
    expect(ds.train.images[3072 + 1]! * 255).toBeCloseTo(1, 4);
    expect(Array.from(ds.train.labels)).toEqual([0, 1, 2, 0, 1]);
  });

  it('names the file and the problem: truncated batch, label out of range, missing test batch', () => {
    const f = path.join(dir, 'trunc.bin');
    fs.writeFileSync(f, cifarBytes(2).subarray(0, 3073 + 100));
    expect(() => readCifarBatch(f)).toThrow(/trunc\.bin: size 3173 bytes is not a whole number of 3073-byte CIFAR-10 records/);
    const g = path.join(dir, 'badlabel.bin');
    fs.writeFileSync(g, cifarBytes(3, 1));
    expect(() => readCifarBatch(g)).toThrow(/badlabel\.bin: record 1 has label 12, outside 0\.\.9/);
    const d = path.join(dir, 'cifar-notest');
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'data_batch_1.bin'), cifarBytes(1));
    expect(() => loadDataset({ source: 'cifar10', dir: d }, 'vgg8')).toThrow(/test_batch\.bin: missing CIFAR-10 test batch/);
  });
});

describe('bundled Fashion-MNIST subset', () => {
  it('is found from the repository root and holds 3,000 / 1,000 real images with all 10 classes', () => {
    expect(fs.existsSync(path.join(repoRoot(), 'package.json'))).toBe(true);
    const ds = loadDataset({ source: 'bundled' }, 'mlp-784-100-10');
    expect([ds.train.n, ds.test.n]).toEqual([3000, 1000]);
    expect(new Set(ds.train.labels).size).toBe(10);
    const dir2 = path.join(repoRoot(), 'resources', 'datasets', 'fashion-mnist-subset');
    expect(fs.existsSync(path.join(dir2, 'LICENSE'))).toBe(true);
    expect(fs.readFileSync(path.join(dir2, 'README.md'), 'utf8')).toMatch(/Xiao, K\. Rasul, R\. Vollgraf/);
    // Same bytes as the head of the full set when the Debian package is installed.
    const full = '/usr/share/datasets/fashion-mnist';
    if (fs.existsSync(full)) {
      const f = loadDataset({ source: 'fashion-mnist', trainLimit: 5, testLimit: 5 }, 'mlp-784-100-10');
      expect(Array.from(f.train.labels)).toEqual(Array.from(ds.train.labels.slice(0, 5)));
      expect(Array.from(f.test.images.slice(0, 784 * 5))).toEqual(Array.from(ds.test.images.slice(0, 784 * 5)));
    }
  });

  it('accepts an explicit resources folder', () => {
    expect(() => loadDataset({ source: 'bundled' }, 'mlp-784-100-10', { resourcesDir: dir })).toThrow(/fashion-mnist-subset: dataset folder does not exist/);
  });
});
