/**
 * The desktop app's own scheme: the renderer is served from app://renderer/ instead of file://,
 * so it has a real origin (its IPC sender can be checked, its CSP comes as a header) and no
 * file:// privileges. This part is pure, for the unit tests; index.ts registers it with Electron.
 */
import { resolveInside } from '../renderer-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/**
 * The file an app:// request names inside the renderer folder; null for another host, a path that
 * leaves the folder or malformed percent-encoding. A path without a file (a client-side route)
 * is the app's index.html, as the browser host does.
 */
export function appFile(rendererDir: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  return resolveInside(rendererDir, u.pathname);
}

/** Whether an IPC message comes from our own page (or the dev server during development). */
export function trustedUrl(url: string, devServer?: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return !!devServer && url.startsWith(devServer);
}
