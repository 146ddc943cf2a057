/**
 * The browser host: the same renderer and services over HTTP + WebSocket, bound to 127.0.0.1 only,
 * for headless lab servers (reach it through an SSH tunnel) and for our end-to-end tests.
 *
 * - POST /api/<domain:verb> with JSON body and header x-hps-token -> {ok, result} | {ok: false, error}
 * - GET /events?token=... upgrades to a WebSocket that carries {event, payload} messages
 * - everything else serves the built renderer (out/renderer)
 * The token is random per start and printed in the URL; requests without it are refused, and a
 * Host header other than 127.0.0.1/localhost is refused (DNS rebinding).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload, Services } from '../../shared/contract';
import { dispatch, httpStatusFor, toWireError } from '../services/dispatch';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export interface Host {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

export async function startHost(opts: {
  getServices: () => Services;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (msg: string) => void;
}): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = normalize(opts.rendererDir);
  const sockets = new Set<WebSocket>();
  let port = 0;

  const hostOk = (req: IncomingMessage): boolean => {
    const h = (req.headers.host ?? '').toLowerCase();
    return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (!hostOk(req)) return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'unexpected Host header' } });
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'METHOD', message: 'use POST' } });
        const tok = String(req.headers['x-hps-token'] ?? '');
        if (!sameToken(tok, token)) return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong token' } });
        const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        try {
          const text = await readBody(req);
          let payload: unknown;
          try {
            payload = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            return send(res, 400, { ok: false, error: { code: 'CONFIG_INVALID', message: 'request body is not valid JSON' } });
          }
          const result = await dispatch(opts.getServices(), channel, payload);
          return send(res, 200, { ok: true, result: result ?? null });
        } catch (e) {
          const we = toWireError(e);
          if (we.code === 'INTERNAL') opts.log?.(`error in ${channel}: ${(e as Error).stack ?? we.message}`);
          return send(res, httpStatusFor(we), { ok: false, error: we });
        }
      }
      // Static renderer files.
      let rel = decodeURIComponent(url.pathname);
      if (rel === '/' || rel === '') rel = '/index.html';
      const file = normalize(join(root, rel));
      if (!file.startsWith(root + sep) && file !== root) return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'outside the app' } });
      try {
        const st = await stat(file);
        const target = st.isFile() ? file : join(root, 'index.html');
        const data = await readFile(target);
        res.writeHead(200, {
          'content-type': MIME[extname(target)] ?? 'application/octet-stream',
          'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
          'x-content-type-options': 'nosniff',
        });
        res.end(data);
      } catch {
        try {
          const data = await readFile(join(root, 'index.html'));
          res.writeHead(200, { 'content-type': MIME['.html']! });
          res.end(data);
        } catch {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('The renderer is not built: run `npm run build`.');
        }
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!hostOk(req) || url.pathname !== '/events' || !sameToken(url.searchParams.get('token') ?? '', token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    port,
    token,
    broadcast(event, payload) {
      const text = JSON.stringify({ event, payload });
      for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
    },
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
