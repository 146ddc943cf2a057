/**
 * Property-based fuzzing of every reader of outside files (fast-check, fixed seeds): IDX and
 * CIFAR-10 dataset files, measured-device CSV, study bundles and databases. Whatever the bytes,
 * a reader returns its data or throws one of the app's typed errors naming the file or field; it
 * never throws anything else (a RangeError or TypeError would be a crash in a worker or the host),
 * and a rejected bundle or database leaves the store and the file as they were.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdx, readCifarBatch } from '../../../src/main/datasets';
import { parseMeasuredCsv } from '../../../src/core/devices/measured';
import { HpsError } from '../../../src/core/errors';
import { Store } from '../../../src/main/store/store';
import { importBundle } from '../../../src/main/reports';
import { tempDir } from '../helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const RUNS = Number(process.env.HPS_FUZZ_RUNS ?? 60);

/** The reader either succeeds or throws an HpsError whose message names `name`. */
function typed(f: () => unknown, name: string): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof HpsError)) throw new Error(`not a typed error: ${(e as Error).name}: ${(e as Error).message}`);
    if (!e.message.includes(name)) throw new Error(`error does not name ${name}: ${e.message}`);
  }
}

const digest = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('reader fuzzing', () => {
  it('IDX: random bytes, and valid headers with wrong sizes, dims or gzip, give data or a DatasetError naming the file', () => {
    const header = fc.tuple(fc.constantFrom(0, 8, 0x0b), fc.integer({ min: 0, max: 5 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(0xffffffff)), { minLength: 0, maxLength: 5 }), fc.uint8Array({ maxLength: 3000 }));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      header.map(([type, nd, dims, data]) => {
        const b = encodeIdx(dims, data);
        b[2] = type;
        b[3] = nd;
        return b;
      }),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.constantFrom(undefined, 1, 3), (b, gz, dims) => {
        const f = join(tmp.dir, 'fuzz-idx');
        writeFileSync(f, gz ? gzipSync(b).subarray(0, b.length % 2 ? undefined : Math.max(2, b.length)) : b);
        typed(() => readIdx(f, dims), f);
        typed(() => parseIdx(b, 'mem.idx', dims), 'mem.idx');
      }),
      { seed: 1, numRuns: RUNS * 4 },
    );
  });

  it('CIFAR-10: any file size and label bytes give data or a DatasetError naming the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -2, max: 2 }), fc.uint8Array({ minLength: 1, maxLength: 4 }), (records, extra, labels) => {
        const b = Buffer.alloc(Math.max(0, records * 3073 + extra));
        for (let r = 0; r < records && r * 3073 < b.length; r++) b[r * 3073] = labels[r % labels.length]!;
        const f = join(tmp.dir, 'fuzz.bin');
        writeFileSync(f, b);
        typed(() => readCifarBatch(f), f);
      }),
      { seed: 2, numRuns: RUNS },
    );
  });

  it('measured CSV: any text of cells, separators and numbers gives sweeps or a MeasuredDataError', () => {
    const cell = fc.oneof(fc.double({ noDefaultInfinity: false }).map(String), fc.constantFrom('1e308', '9e6', '2e7', '-1', '', 'ltp', 'ltd', 'pulse', 'G (uS)', 'nan', '"3"', '1e-6'), fc.string({ maxLength: 6 }));
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).chain((cells) => fc.constantFrom(',', ';', '\t').map((sep) => cells.join(sep)));
    const text = fc.oneof(fc.array(row, { maxLength: 40 }).map((r) => r.join('\n')), fc.string({ maxLength: 400 }));
    fc.assert(fc.property(text, (t) => typed(() => parseMeasuredCsv(t), 'measured device data')), { seed: 3, numRuns: RUNS * 4 });
  });

  it('bundles: mutated and garbage bundles are refused naming the field, and nothing is written', async () => {
    const store = Store.open(join(tmp.dir, 'bundles.db'));
    store.onWarning = () => {};
    const valid = {
      format: 'hps-studio-bundle',
      version: 1,
      appVersion: '0.1.0',
      exportedAt: '2025-01-01T00:00:00.000Z',
      study: { id: 's1', name: 'n', description: '', tags: [], spec: {}, status: 'done', appVersion: '0.1.0', createdAt: 'x', updatedAt: 'x' },
      points: [],
      runs: [],
    };
    const count = (): string => JSON.stringify(['studies', 'runs', 'points'].map((t) => store.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constantFrom('format', 'version', 'study', 'points', 'runs', 'appVersion'), fc.jsonValue({ maxDepth: 3 })).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('['.repeat(100_000), '\ufeff{', 'root:x:0:0:root:/root:/bin/bash'),
        ),
        async (text) => {
          const before = count();
          try {
            await importBundle(store, text);
          } catch (e) {
            expect(e).toBeInstanceOf(HpsError);
            expect((e as Error).message).not.toContain('root:x:0:0');
            expect(count()).toBe(before);
          }
        },
      ),
      { seed: 4, numRuns: RUNS * 2 },
    );
    store.close();
  });

  it('databases: random bytes, an SQLite header on garbage, foreign and truncated databases are refused and left unchanged', () => {
    const real = join(tmp.dir, 'real.db');
    const s = Store.open(real);
    s.createStudy({ name: 'kept', spec: {} });
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const realBytes = readFileSync(real);
    const foreign = join(tmp.dir, 'foreign.db');
    const d = new Database(foreign);
    d.exec('CREATE TABLE t (x)');
    d.close();
    const foreignBytes = readFileSync(foreign);
    const content = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from(b)])),
      fc.integer({ min: 17, max: realBytes.length - 1 }).map((n) => realBytes.subarray(0, n)),
      fc.tuple(fc.integer({ min: 100, max: realBytes.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, b]) => {
        const c = Buffer.from(realBytes);
        c.set(b.subarray(0, c.length - at), at);
        return c;
      }),
      fc.constant(foreignBytes),
    );
    let n = 0;
    fc.assert(
      fc.property(content, (bytes) => {
        const f = join(tmp.dir, `fuzz-${n++}.db`);
        writeFileSync(f, bytes);
        const before = digest(f);
        try {
          Store.open(f).close();
        } catch (e) {
          if (!(e instanceof HpsError)) throw new Error(`not a typed error: ${(e as Error).message}`);
          expect(e.message).toContain(f);
          expect(digest(f)).toBe(before);
        }
      }),
      { seed: 5, numRuns: RUNS },
    );
  });
});
