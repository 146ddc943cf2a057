/**
 * CIFAR-10 binary version reader: data_batch_1..5.bin and test_batch.bin, each a sequence of
 * 3073-byte records: 1 label byte (0..9) + 3072 pixel bytes (R, G, B planes of 32 x 32).
 * Output is NHWC in [0, 1].
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../../core/errors';
import type { DataSplit } from '../../core/training/types';

const REC = 3073;

export function readCifarBatch(file: string): { images: Float32Array; labels: Uint8Array; n: number } {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    throw new DatasetError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  if (raw.length === 0 || raw.length % REC !== 0)
    throw new DatasetError(`${file}: size ${raw.length} bytes is not a whole number of 3073-byte CIFAR-10 records (truncated or not a CIFAR-10 binary batch)`);
  const n = raw.length / REC;
  const images = new Float32Array(n * 3072);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * REC;
    const y = raw[o]!;
    if (y > 9) throw new DatasetError(`${file}: record ${i} has label ${y}, outside 0..9`);
    labels[i] = y;
    for (let p = 0; p < 1024; p++)
      for (let ch = 0; ch < 3; ch++) images[i * 3072 + p * 3 + ch] = raw[o + 1 + ch * 1024 + p]! / 255;
  }
  return { images, labels, n };
}

function concat(parts: { images: Float32Array; labels: Uint8Array; n: number }[], limit?: number): DataSplit {
  let n = parts.reduce((a, p) => a + p.n, 0);
  if (limit !== undefined) n = Math.min(n, limit);
  const images = new Float32Array(n * 3072);
  const labels = new Uint8Array(n);
  let k = 0;
  for (const p of parts) {
    const m = Math.min(p.n, n - k);
    if (m <= 0) break;
    images.set(p.images.subarray(0, m * 3072), k * 3072);
    labels.set(p.labels.subarray(0, m), k);
    k += m;
  }
  return { images, labels, n, h: 32, w: 32, c: 3 };
}

export function loadCifar10(dir: string, trainLimit?: number, testLimit?: number): { train: DataSplit; test: DataSplit } {
  const trainFiles = [1, 2, 3, 4, 5].map((i) => path.join(dir, `data_batch_${i}.bin`));
  const testFile = path.join(dir, 'test_batch.bin');
  const present = trainFiles.filter((f) => fs.existsSync(f));
  if (present.length === 0) throw new DatasetError(`${dir}: no CIFAR-10 binary batches (data_batch_1.bin ... data_batch_5.bin)`);
  if (!fs.existsSync(testFile)) throw new DatasetError(`${testFile}: missing CIFAR-10 test batch`);
  const parts: ReturnType<typeof readCifarBatch>[] = [];
  let have = 0;
  for (const f of present) {
    if (trainLimit !== undefined && have >= trainLimit) break;
    const b = readCifarBatch(f);
    parts.push(b);
    have += b.n;
  }
  return { train: concat(parts, trainLimit), test: concat([readCifarBatch(testFile)], testLimit) };
}
