/** Raw HTTP helpers for tests of the browser host (no client library between the test and the wire), and a host fixture. */
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openApp, type AppHandle } from '../../../src/main/app';
import { startHost, type Host } from '../../../src/main/host/server';
import { ROOT, requireBuild, tempDir } from '../helpers';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(
  port: number,
  opts: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string | number> },
): Promise<Reply> {
  return new Promise((res, rej) => {
    // A fresh connection per request: a test that declares a body it never sends must not leave
    // the next request to be read as the rest of that body.
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks).toString('utf8') }));
      r.on('error', rej);
      r.on('close', () => (r.complete ? undefined : rej(new Error(`${opts.method ?? 'GET'} ${opts.path.slice(0, 60)}: answer cut off`))));
    });
    // A server that answers 413 early may close while the body is still being sent: that is fine
    // once the answer has arrived, and a failure (never a hang) if it has not.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : rej(e)));
    req.on('close', () => (answered ? undefined : rej(new Error(`${opts.method ?? 'GET'} ${opts.path.slice(0, 60)}: connection closed without an answer`))));
    req.setTimeout(60_000, () => {
      req.destroy();
      rej(new Error(`${opts.method ?? 'GET'} ${opts.path.slice(0, 60)}: no answer within 60 s`));
    });
    req.end(opts.body);
  });
}

/** POST a channel with the token header. */
export function api(port: number, token: string, channel: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply & { json: { ok: boolean; result?: unknown; error?: { code: string; message: string; path?: string } } }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return http(port, { method: 'POST', path: `/api/${channel}`, body, headers: { 'content-type': 'application/json', 'x-hps-token': token, ...headers } }).then((r) => {
    let json: { ok: boolean };
    try {
      json = JSON.parse(r.body) as { ok: boolean };
    } catch {
      json = { ok: false };
    }
    return { ...r, json };
  });
}

/** Send raw bytes (a request line the HTTP client would refuse to build) and read the reply's status line. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((res, rej) => {
    const s = connect(port, '127.0.0.1', () => s.end(text));
    s.setTimeout(60_000, () => {
      s.destroy();
      rej(new Error(`raw request: no answer within 60 s`));
    });
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.on('end', () => res(out.split('\r\n')[0] ?? ''));
    s.on('close', () => res(out.split('\r\n')[0] ?? ''));
    s.on('error', rej);
  });
}

/**
 * A store, worker pool and browser host in a temp data folder for one describe block (started in
 * beforeAll, closed in afterAll). Read `app`, `host` and `dir` inside the tests.
 */
export function hostFixture(): { app: AppHandle; host: Host; dir: string } {
  const tmp = tempDir();
  const f = { dir: tmp.dir } as { app: AppHandle; host: Host; dir: string };
  beforeAll(async () => {
    requireBuild();
    f.app = openApp({ dataDir: tmp.dir, transport: 'http', workers: 1 });
    f.app.store.onWarning = () => {};
    f.host = await startHost({ getServices: () => f.app.services, rendererDir: join(ROOT, 'out', 'renderer'), log: () => {} });
  });
  afterAll(async () => {
    await f.host.close();
    await f.app.close();
    tmp.cleanup();
  });
  return f;
}
