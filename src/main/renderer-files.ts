/**
 * Serving the built renderer (out/renderer), shared by the browser host (HTTP) and the desktop
 * app's app:// protocol: URL paths are resolved strictly inside the renderer folder, and every page
 * gets the same Content-Security-Policy, differing only in where it may connect.
 */
import { extname, join, normalize, sep } from 'node:path';

export const MIME: Readonly<Record<string, string>> = {
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

export function mimeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, or null when it is malformed (bad percent-encoding, NUL)
 * or leaves the folder. '/' is index.html.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  const base = normalize(root);
  const file = normalize(join(base, rel));
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : null;
}

/**
 * The renderer's policy: its own scripts and styles only (Vue's scoped styles need inline style
 * attributes), images from itself or data/blob URLs (chart downloads), and network access only to
 * `connect` (the browser host adds its own WebSocket origin; the desktop app needs none).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
