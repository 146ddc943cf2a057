/**
 * Request bodies with limits: a body over the limit is answered 413 as soon as it is known (from
 * Content-Length, or while streaming) instead of being buffered. The rest of the body is read and
 * dropped rather than the connection being cut (a "lingering close"): closing a socket with unread
 * bytes makes the kernel send a reset, and a client still sending then loses the 413 it was about
 * to read. Dropping stops at MAX_DRAIN bytes or LINGER_MS, whichever comes first.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

/** JSON requests: every channel's payload fits easily (a measured CSV is limited to 5 MB of text). */
export const MAX_JSON_BODY = 8 * 1024 * 1024;
/** Streamed uploads (study bundles to import). */
export const MAX_UPLOAD = 256 * 1024 * 1024;
/** How much of an oversized body is read and dropped before the connection is closed. */
export const MAX_DRAIN = 128 * 1024 * 1024;
/** How long a client that declared more than it sends is waited for before the connection is closed. */
export const LINGER_MS = 10_000;

export class BodyTooLarge extends Error {
  /**
   * @param drained settles when the rest of the request has been read and dropped, or dropping
   * stopped (MAX_DRAIN, LINGER_MS, the client went away): only then may the connection close.
   */
  constructor(
    readonly limit: number,
    readonly drained: Promise<void>,
  ) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** Read and drop what is left of the request; settles when it ended or dropping stopped. */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    let dropped = 0;
    const stop = (): void => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(stop, LINGER_MS);
    req.removeAllListeners('data');
    req.on('data', (c: Buffer) => {
      dropped += c.length;
      if (dropped > MAX_DRAIN) stop();
    });
    req.once('end', stop);
    req.once('close', stop);
    req.resume();
  });
}

function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && n > limit;
}

/**
 * Pass the body's chunks to `take` until it ends (resolves) or exceeds `limit` (rejects with
 * BodyTooLarge and drains the rest). `take` may return a promise to hold the stream (backpressure).
 */
function consume(req: IncomingMessage, limit: number, take: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  if (declaredTooLarge(req, limit)) return Promise.reject(new BodyTooLarge(limit, drain(req)));
  return new Promise((resolve, reject) => {
    let size = 0;
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        fail(new BodyTooLarge(limit, drain(req)));
        return;
      }
      const held = take(c);
      if (held) {
        req.pause();
        held.then(() => req.resume(), (e: Error) => (fail(e), void drain(req)));
      }
    });
    req.on('end', () => (failed ? undefined : resolve()));
    req.on('error', fail);
  });
}

export async function readBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  await consume(req, limit, (c) => void chunks.push(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** Stream the body into a new `file`; on any failure (including the limit) the partial file is removed. */
export async function streamBodyTo(req: IncomingMessage, file: string, limit = MAX_UPLOAD): Promise<number> {
  const out = createWriteStream(file, { flags: 'wx' });
  const opened = new Promise<void>((res, rej) => {
    out.once('open', () => res());
    out.once('error', rej);
  });
  let size = 0;
  try {
    await opened;
    await consume(req, limit, (c) => {
      size += c.length;
      if (out.write(c)) return;
      return new Promise<void>((res) => out.once('drain', () => res()));
    });
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    return size;
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
}
