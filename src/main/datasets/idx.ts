/**
 * IDX reader (LeCun's MNIST format, also Fashion-MNIST), plain or gzip-compressed.
 * Header: two zero bytes, a type code (0x08 = unsigned byte; the only type image sets use), the
 * number of dimensions, then one big-endian uint32 per dimension; then the data, row-major.
 * Images are magic 0x00000803 (3 dims), labels 0x00000801 (1 dim). Every problem is reported as
 * a DatasetError naming the file.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DatasetError } from '../../core/errors';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Read a file, gunzipping it when it starts with the gzip magic 1f 8b. */
export function readMaybeGz(file: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    throw new DatasetError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(zlib.gunzipSync(raw));
    } catch (e) {
      throw new DatasetError(`${file}: corrupt or truncated gzip data (${(e as Error).message})`, { cause: e });
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

/** Parse IDX bytes; `expectedDims` (1 for labels, 3 for images) is checked against the magic number. */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims?: number): IdxArray {
  if (bytes.length < 4) throw new DatasetError(`${file}: too short for an IDX header (${bytes.length} bytes)`);
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) throw new DatasetError(`${file}: bad IDX magic number ${hex} (expected 0x00000801 labels or 0x00000803 images, unsigned bytes)`);
  const nd = bytes[3]!;
  if (expectedDims !== undefined && nd !== expectedDims)
    throw new DatasetError(`${file}: bad IDX magic number ${hex}: expected 0x0000080${expectedDims} (${expectedDims === 1 ? 'labels' : 'images'}), found ${nd} dimensions`);
  const headerLen = 4 + 4 * nd;
  if (bytes.length < headerLen) throw new DatasetError(`${file}: truncated IDX header (${bytes.length} of ${headerLen} bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(dv.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - headerLen;
  if (have < size) throw new DatasetError(`${file}: truncated: header declares ${dims.join(' x ')} = ${size} bytes of data, found ${have}`);
  if (have > size) throw new DatasetError(`${file}: ${have - size} unexpected bytes after the ${dims.join(' x ')} data`);
  return { dims, data: bytes.subarray(headerLen, headerLen + size) };
}

export function readIdx(file: string, expectedDims?: number): IdxArray {
  return parseIdx(readMaybeGz(file), file, expectedDims);
}

/** Encode an IDX array (used to write the bundled subset and test fixtures). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const dv = new DataView(out.buffer);
  dims.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
