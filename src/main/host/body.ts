/**
 * Request bodies with limits: a body over the limit is answered 413 as soon as it is known (from
 * Content-Length, or while streaming) instead of being buffered, so a large upload cannot take the
 * server's memory.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** JSON requests: every channel's payload fits easily (a measured CSV is limited to 5 MB of text). */
export const MAX_JSON_BODY = 8 * 1024 * 1024;
/** Streamed uploads (study bundles to import). */
export const MAX_UPLOAD = 256 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && n > limit;
}

export async function readBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<string> {
  if (declaredTooLarge(req, limit)) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Stream the body into `file`; on any failure (including the limit) the partial file is removed. */
export async function streamBodyTo(req: IncomingMessage, file: string, limit = MAX_UPLOAD): Promise<number> {
  if (declaredTooLarge(req, limit)) throw new BodyTooLarge(limit);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(size > limit ? new BodyTooLarge(limit) : null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(file, { flags: 'wx' }));
    return size;
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
}
