/**
 * Binary container for checkpoints: JSON header + typed-array payload, with no platform APIs (core
 * stays free of node and DOM). Layout:
 *   bytes 0..7   ASCII "HPSCKPT1"
 *   bytes 8..11  header length H (uint32, little-endian)
 *   12..12+H     UTF-8 JSON; typed arrays appear as {"$ta": "f32"|"i32"|"u8"|"u32"|"f64", "o": byteOffset, "n": length},
 *                non-finite numbers as {"$num": "NaN"|"Infinity"|"-Infinity"}
 *   then         payload, each array 8-byte aligned, offsets relative to the payload start.
 */
const MAGIC = 'HPSCKPT1';

type TA = Float32Array | Int32Array | Uint8Array | Uint32Array | Float64Array;
const TAGS: Array<[string, new (n: number) => TA, number]> = [
  ['f32', Float32Array, 4],
  ['i32', Int32Array, 4],
  ['u8', Uint8Array, 1],
  ['u32', Uint32Array, 4],
  ['f64', Float64Array, 8],
];

function tagOf(a: TA): string {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint32Array) return 'u32';
  return 'f64';
}

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    c = 0;
  }
  return Uint8Array.from(out);
}

export function utf8Decode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c < 0xe0) {
      cp = ((c & 31) << 6) | (b[i + 1]! & 63);
      i += 2;
    } else if (c < 0xf0) {
      cp = ((c & 15) << 12) | ((b[i + 1]! & 63) << 6) | (b[i + 2]! & 63);
      i += 3;
    } else {
      cp = ((c & 7) << 18) | ((b[i + 1]! & 63) << 12) | ((b[i + 2]! & 63) << 6) | (b[i + 3]! & 63);
      i += 4;
    }
    s += String.fromCodePoint(cp);
  }
  return s;
}

/** Encode a value tree of plain objects, arrays, numbers, strings, booleans, null and typed arrays. */
export function encodeTree(value: unknown): Uint8Array {
  const blobs: { a: TA; o: number }[] = [];
  let size = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      const a = v as TA;
      size = Math.ceil(size / 8) * 8;
      const o = size;
      size += a.byteLength;
      blobs.push({ a, o });
      return { $ta: tagOf(a), o, n: a.length };
    }
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = walk(x);
    return out;
  };
  const header = utf8Encode(JSON.stringify(walk(value)));
  const start = Math.ceil((12 + header.length) / 8) * 8;
  const buf = new Uint8Array(start + size);
  for (let i = 0; i < 8; i++) buf[i] = MAGIC.charCodeAt(i);
  new DataView(buf.buffer).setUint32(8, header.length, true);
  buf.set(header, 12);
  for (const { a, o } of blobs) buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + o);
  return buf;
}

export function decodeTree(bytes: Uint8Array): unknown {
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error('checkpoint: bad magic (not an HPS checkpoint)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = dv.getUint32(8, true);
  if (12 + h > bytes.length) throw new Error('checkpoint: truncated header');
  const header = JSON.parse(utf8Decode(bytes.subarray(12, 12 + h))) as unknown;
  const start = Math.ceil((12 + h) / 8) * 8;
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if (typeof o.$num === 'string') return Number(o.$num);
    if (typeof o.$ta === 'string') {
      const spec = TAGS.find((t) => t[0] === o.$ta);
      if (!spec) throw new Error(`checkpoint: unknown array type ${String(o.$ta)}`);
      const n = o.n as number;
      const off = start + (o.o as number);
      if (off + n * spec[2] > bytes.length) throw new Error('checkpoint: truncated payload');
      const a = new spec[1](n);
      new Uint8Array(a.buffer).set(bytes.subarray(off, off + n * spec[2]));
      return a;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(header);
}
