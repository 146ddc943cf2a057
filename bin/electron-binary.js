// Where the Electron binary is, found without `require('electron')`: when the binary is missing,
// electron's index.js downloads it there and then, and where that fails (offline, a proxy, a
// registry-only mirror) the caller gets a network error stack instead of an answer.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The path `require('electron')` would return if the binary is there, else null. */
export function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathTxt = join(dir, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  // The same override electron's index.js honours.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const p = override ? join(override, name || 'electron') : name ? join(dir, 'dist', name) : null;
  return p && existsSync(p) ? p : null;
}
