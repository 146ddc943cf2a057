/**
 * Who may talk to the browser host. Pure functions, so each rule has its own unit test.
 *
 * - Host header: 127.0.0.1 or localhost with our port only (a DNS-rebinding page has another name).
 * - Origin: a browser always sends it on WebSocket upgrades and cross-origin requests; it must be
 *   our own origin (a page on another port of this machine is same-site for cookies but not
 *   same-origin). Clients that are not browsers send none and need the token anyway.
 * - Token: the x-hps-token header (scripts), or the cookie the first page load sets from the
 *   printed URL's ?token= (so the token leaves the address bar and the history).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One cookie per port: two hosts on one machine must not overwrite each other's token. */
export function cookieName(port: number): string {
  return `hps-token-${port}`;
}

/** The Set-Cookie value that carries the token: HttpOnly (no script reads it), SameSite=Strict. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  const h = (host ?? '').toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** Our own origins; `undefined` (no Origin header: not a browser) is allowed. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}

/** The token a request carries: header first, then our cookie, then (WebSocket only) ?token=. */
export function requestToken(req: IncomingMessage, port: number, query?: URLSearchParams): string {
  const header = req.headers['x-hps-token'];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = parseCookies(req.headers.cookie).get(cookieName(port));
  if (cookie) return cookie;
  return query?.get('token') ?? '';
}
