/**
 * Content hashing for design points: canonical JSON (object keys sorted, `undefined` members
 * dropped, array order kept) hashed with SHA-256 (FIPS 180-4), implemented here in pure
 * TypeScript so the core needs neither node:crypto nor WebCrypto (which is async).
 *
 * Two configs that are equal as JSON values get the same hash whatever their key order, so a
 * sweep evaluates each distinct design point once and a store can de-duplicate across studies.
 */
import type { RunConfig } from '../config/schema';

/** Canonical JSON: keys sorted by UTF-16 code unit order, no whitespace; non-finite numbers rejected. */
export function canonicalJson(value: unknown, memo?: CanonMemo): string {
  const path: string[] = [];
  try {
    return canon(value, path, memo);
  } catch (e) {
    if (e instanceof CanonError) throw new e.kind(`canonicalJson: ${e.what} at '${path.join('.')}'`);
    throw e;
  }
}

class CanonError extends Error {
  constructor(
    readonly kind: typeof RangeError | typeof TypeError,
    readonly what: string,
  ) {
    super(what);
  }
}

/**
 * Canonical text of objects already encoded, for callers that encode many values sharing subtrees
 * they will not mutate (expandStudy: planned configs share every untouched subtree with the study
 * base, since setPath copies only along the changed path, so n points re-encode only what their
 * knobs change). Scope a memo to one such batch; never reuse it across mutations.
 */
export type CanonMemo = WeakMap<object, string>;

function canon(v: unknown, path: string[], memo: CanonMemo | undefined): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new CanonError(RangeError, 'non-finite number');
      return v === 0 ? '0' : String(v); // String(n) equals JSON.stringify(n) for finite n; -0 prints as 0
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (!memo) return canonObject(v as object, path, memo);
      const hit = memo.get(v as object);
      if (hit !== undefined) return hit;
      const out = canonObject(v as object, path, memo);
      memo.set(v as object, out);
      return out;
    }
    default:
      throw new CanonError(TypeError, `cannot encode ${typeof v}`);
  }
}

function canonObject(v: object, path: string[], memo: CanonMemo | undefined): string {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      const x: unknown = v[i];
      path.push(`[${i}]`);
      out += x === undefined ? 'null' : canon(x, path, memo);
      path.pop();
    }
    return `${out}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = obj[k];
    if (x === undefined) continue;
    if (!first) out += ',';
    first = false;
    path.push(k);
    out += `${JSON.stringify(k)}:${canon(x, path, memo)}`;
    path.pop();
  }
  return `${out}}`;
}

/** UTF-8 bytes of a JavaScript string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Bytes(s: string): Uint8Array {
  // Fast path: configs are almost always ASCII.
  const ascii = new Uint8Array(s.length);
  let i0 = 0;
  for (; i0 < s.length; i0++) {
    const c = s.charCodeAt(i0);
    if (c >= 0x80) break;
    ascii[i0] = c;
  }
  if (i0 === s.length) return ascii;
  const out: number[] = Array.from(ascii.subarray(0, i0));
  s = s.slice(i0);
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** SHA-256 of bytes (or of a string's UTF-8 encoding) as 64 lowercase hex digits. */
export function sha256Hex(input: string | Uint8Array): string {
  const msg = typeof input === 'string' ? utf8Bytes(input) : input;
  const bitLen = msg.length * 8;
  const padded = new Uint8Array(((msg.length + 9 + 63) >> 6) << 6);
  padded.set(msg);
  padded[msg.length] = 0x80;
  // 64-bit big-endian length; messages here are far below 2^53 bits.
  const hi = Math.floor(bitLen / 0x100000000);
  const lo = bitLen >>> 0;
  const L = padded.length;
  padded[L - 8] = (hi >>> 24) & 255;
  padded[L - 7] = (hi >>> 16) & 255;
  padded[L - 6] = (hi >>> 8) & 255;
  padded[L - 5] = hi & 255;
  padded[L - 4] = (lo >>> 24) & 255;
  padded[L - 3] = (lo >>> 16) & 255;
  padded[L - 2] = (lo >>> 8) & 255;
  padded[L - 1] = lo & 255;

  const H = Uint32Array.from([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const W = new Uint32Array(64);
  for (let off = 0; off < L; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + 4 * t;
      W[t] = ((padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!) >>> 0;
    }
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15]!;
      const w2 = W[t - 2]!;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) >>> 0;
    }
    let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t]! + W[t]!) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    H[0] = (H[0]! + a) >>> 0;
    H[1] = (H[1]! + b) >>> 0;
    H[2] = (H[2]! + c) >>> 0;
    H[3] = (H[3]! + d) >>> 0;
    H[4] = (H[4]! + e) >>> 0;
    H[5] = (H[5]! + f) >>> 0;
    H[6] = (H[6]! + g) >>> 0;
    H[7] = (H[7]! + h) >>> 0;
  }
  let hex = '';
  for (const word of H) hex += word.toString(16).padStart(8, '0');
  return hex;
}

function rotr(x: number, n: number): number {
  return ((x >>> n) | (x << (32 - n))) >>> 0;
}

/** A SHA-256 (hex) implementation; hosts may pass a native one (node:crypto) with identical output. */
export type Sha256Hex = (text: string) => string;

/** Stable content hash of a run config (SHA-256 of its canonical JSON, hex). */
export function configHash(config: RunConfig | Record<string, unknown>, sha256: Sha256Hex = sha256Hex, memo?: CanonMemo): string {
  return sha256(canonicalJson(config, memo));
}
