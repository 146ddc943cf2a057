import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/core/config/schema';
import { canonicalJson, configHash, sha256Hex, utf8Bytes } from '../../../src/core/dse/hash';
import { Rng } from '../../../src/core/rng';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 / NIST test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // One million 'a' (NIST long-message vector).
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with node:crypto on seeded random strings, including every padding length and non-ASCII text', () => {
    const rng = new Rng(7);
    const alphabet = ['a', 'Z', '0', ' ', '{', '"', 'é', 'µ', '漢', '😀', '\n'];
    for (let len = 0; len < 200; len++) {
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[rng.int(alphabet.length)];
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });

  it('encodes UTF-8 like Buffer, lone surrogates as U+FFFD', () => {
    for (const s of ['ascii', 'é漢😀', 'x\uD800y', '\uDC00'])
      expect(Array.from(utf8Bytes(s))).toEqual(Array.from(Buffer.from(s, 'utf8')));
  });
});

describe('canonicalJson / configHash', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite number at 'a'/);
  });

  it('is independent of key order and changes when a value changes', () => {
    const a = runConfigSchema.parse({ synapse: { transfer: { everyImages: 4000 } }, training: { epochs: 2 } });
    const reversed = JSON.parse(JSON.stringify(a), function (_k, v: unknown) {
      if (v && typeof v === 'object' && !Array.isArray(v))
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse());
      return v;
    }) as Record<string, unknown>;
    expect(Object.keys(reversed)[0]).not.toBe(Object.keys(a)[0]);
    expect(configHash(reversed)).toBe(configHash(a));
    const b = runConfigSchema.parse({ synapse: { transfer: { everyImages: 4001 } }, training: { epochs: 2 } });
    expect(configHash(b)).not.toBe(configHash(a));
  });

  it('hashes the canonical JSON with SHA-256 (known vector)', () => {
    // sha256('{"a":1,"b":[true,null]}'), computed once with node:crypto and pinned here so a change
    // of canonical form (which would orphan stored hashes) fails this test.
    expect(configHash({ b: [true, null], a: 1 })).toBe('1cc69c7fa23616ca2ec3ee70d24390a6225c8832db8a4c814c7e0e7f942f8668');
  });
});

describe('host hashing and shared-subtree encoding', () => {
  it('the pure SHA-256 equals node:crypto on configs and non-ASCII text (the host may use either)', () => {
    const node = (t: string): string => createHash('sha256').update(t).digest('hex');
    const texts = ['', 'abc', 'é ü 中文 😀', canonicalJson({ b: [1, 2.5e-9, 'x'], a: { z: null, y: true } }), 'x'.repeat(1000)];
    for (const t of texts) expect(sha256Hex(t)).toBe(node(t));
  });

  it('a memo shared across values sharing subtrees gives the same text as encoding each alone', () => {
    const shared = { deep: { list: [1, 2, { k: 'v' }] }, n: 3 };
    const a = { s: shared, x: 1 };
    const b = { s: shared, x: 2, extra: { s: shared } };
    const memo = new WeakMap<object, string>();
    expect(canonicalJson(a, memo)).toBe(canonicalJson(a));
    expect(canonicalJson(b, memo)).toBe(canonicalJson(b));
  });
});
