/**
 * The browser host: the same renderer and services over HTTP + WebSocket, bound to 127.0.0.1 only,
 * for headless lab servers (reach it through an SSH tunnel) and for our end-to-end tests.
 *
 * - POST /api/<domain:verb> with a JSON body -> {ok, result} | {ok: false, error}; a study bundle
 *   to import may instead be streamed as application/octet-stream to /api/reports:import
 * - GET /events upgrades to a WebSocket that carries {event, payload} messages
 * - everything else serves the built renderer (out/renderer); GET /?token=T stores the token in
 *   an HttpOnly, SameSite=Strict cookie and redirects to the same page without it
 *
 * Every request needs the token (header or cookie), a Host header naming 127.0.0.1/localhost and
 * our port (DNS rebinding), and, from a browser, our own Origin (cross-site requests and WebSocket
 * hijacking). Bodies are limited (413). No request can take the process down: every handler
 * answers its own errors, and installCrashPolicy logs whatever escapes. docs/security.md has the
 * whole exposure model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload, Services } from '../../shared/contract';
import { dispatch, httpStatusFor, toWireError } from '../services/dispatch';
import { ConfigError, HpsError } from '../../core/errors';
import { parseJsonText } from '../../core/config/json-text';
import { contentSecurityPolicy, mimeOf, resolveInside } from '../renderer-files';
import { hostAllowed, originAllowed, requestToken, sameToken, tokenCookie } from './auth';
import { BodyTooLarge, readBody, streamBodyTo } from './body';
import { installCrashPolicy } from './policy';

export interface Host {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...JSON_HEADERS, ...extra });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  send(res, status, { ok: false, error: { code, message } }, extra);
}

/**
 * 413 while the client may still be sending: the whole answer goes out at once (its length is
 * declared, so the client has all of it), but the response ends, and with it the connection, only
 * once the rest of the body has been dropped (body.ts).
 */
async function tooLarge(res: ServerResponse, e: BodyTooLarge): Promise<void> {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify({ ok: false, error: { code: 'TOO_LARGE', message: `request body larger than ${e.limit} bytes` } });
  res.writeHead(413, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(text)), connection: 'close' });
  res.write(text);
  await e.drained;
  res.end();
}

/** The listening port: an integer 0..65535 (0 = any free port). */
function checkPort(port: unknown): number {
  if (port === undefined) return 0;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`port: expected an integer from 0 to 65535 (got ${String(port)})`, { issues: [{ path: 'port', message: 'expected an integer from 0 to 65535', value: port }] });
  return port;
}

export async function startHost(opts: {
  getServices: () => Services;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (msg: string) => void;
  /** Log (instead of dying on) exceptions that escape every handler; default true. */
  guardProcess?: boolean;
}): Promise<Host> {
  const wanted = checkPort(opts.port);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const sockets = new Set<WebSocket>();
  let port = 0;
  const uninstall = opts.guardProcess === false ? () => {} : installCrashPolicy(log);

  const uploadsDir = async (): Promise<string> => {
    const { dataDir } = await opts.getServices()['app:info']({});
    const dir = join(dataDir, 'uploads');
    await mkdir(dir, { recursive: true });
    return dir;
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return fail(res, 405, 'METHOD', 'use POST');
    if (!originAllowed(req.headers.origin, port)) return fail(res, 403, 'FORBIDDEN', 'cross-origin request refused');
    if (!sameToken(requestToken(req, port), token)) return fail(res, 401, 'UNAUTHORIZED', 'missing or wrong token');
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return fail(res, 400, 'BAD_REQUEST', 'malformed percent-encoding in the channel name');
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    try {
      let payload: unknown;
      if (type === 'application/octet-stream') {
        // Bundles are streamed to a file under the data folder instead of held in memory as JSON.
        if (channel !== 'reports:import') return fail(res, 415, 'UNSUPPORTED', `${channel} takes a JSON body`);
        const name = `upload-${randomBytes(12).toString('hex')}.json`;
        await streamBodyTo(req, join(await uploadsDir(), name));
        payload = { upload: name };
      } else {
        const text = await readBody(req);
        payload = text.trim() === '' ? {} : parseJsonText(text, 'request body');
      }
      const result = await dispatch(opts.getServices(), channel, payload);
      return send(res, 200, { ok: true, result: result ?? null });
    } catch (e) {
      // The rest of the body is being read and dropped (body.ts); the connection stays usable.
      if (e instanceof BodyTooLarge) return tooLarge(res, e);
      const we = toWireError(e);
      if (we.code === 'INTERNAL') log(`error in ${channel}: ${(e as Error)?.stack ?? we.message}`);
      return send(res, httpStatusFor(we), { ok: false, error: we });
    }
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'METHOD', 'use GET');
    const given = url.searchParams.get('token');
    if (given !== null) {
      // The printed URL's token goes into a cookie; the address bar (and history) keep the page only.
      url.searchParams.delete('token');
      const headers: Record<string, string> = { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
      if (sameToken(given, token)) headers['set-cookie'] = tokenCookie(port, token);
      res.writeHead(303, headers);
      res.end();
      return;
    }
    const file = resolveInside(opts.rendererDir, url.pathname);
    if (!file) return fail(res, 400, 'BAD_REQUEST', 'malformed or out-of-app path');
    let target = join(opts.rendererDir, 'index.html');
    try {
      if ((await stat(file)).isFile()) target = file;
    } catch {
      /* a client-side route: serve the app */
    }
    let data: Buffer;
    try {
      data = await readFile(target);
    } catch {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built: run `npm run build`.');
      return;
    }
    const html = target.endsWith('.html');
    res.writeHead(200, {
      'content-type': mimeOf(target),
      'cache-control': html ? 'no-store' : 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
      ...(html
        ? {
            'content-security-policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
            'x-frame-options': 'DENY',
            'referrer-policy': 'no-referrer',
          }
        : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (!hostAllowed(req.headers.host, port)) return fail(res, 403, 'FORBIDDEN', 'unexpected Host header');
        let url: URL;
        try {
          url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
        } catch {
          return fail(res, 400, 'BAD_REQUEST', 'malformed request URL');
        }
        if (url.pathname.startsWith('/api/')) return await api(req, res, url);
        return await page(req, res, url);
      } catch (e) {
        log(`error serving ${req.method ?? '?'} ${String(req.url).slice(0, 200)}: ${(e as Error)?.stack ?? String(e)}`);
        fail(res, 500, 'INTERNAL', 'internal error (logged by the host)');
      }
    })();
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      url = undefined;
    }
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (!url || url.pathname !== '/events') return refuse('404 Not Found');
    if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) return refuse('403 Forbidden');
    if (!sameToken(requestToken(req, port, url.searchParams), token)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => sockets.delete(ws));
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    uninstall();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new HpsError(`port ${wanted} on 127.0.0.1 is already in use; choose another with --port`, { code: 'PORT_IN_USE' });
    if (err.code === 'EACCES') throw new HpsError(`port ${wanted} needs privileges this user does not have; choose one above 1023`, { code: 'PORT_IN_USE' });
    throw e;
  }
  server.on('error', (e) => log(`host error: ${e.message}`));
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
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      uninstall();
    },
  };
}
