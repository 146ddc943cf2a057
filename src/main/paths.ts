/**
 * Where things live. Data: HPS_DATA_DIR overrides everything (tests use temp folders); the desktop
 * app uses Electron's userData; the CLI and browser host use an XDG-style folder.
 * Resources (presets, templates, bundled dataset): the repository's resources/ folder, or the
 * packaged app's resources/ next to app.asar.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../core/errors';

export function defaultDataDir(electronUserData?: string): string {
  const env = process.env.HPS_DATA_DIR;
  if (env && env.trim() !== '') return resolve(env);
  if (electronUserData) return electronUserData;
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'hps-studio');
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'hps-studio');
    default:
      return join(process.env.XDG_DATA_HOME && process.env.XDG_DATA_HOME !== '' ? process.env.XDG_DATA_HOME : join(home, '.local', 'share'), 'hps-studio');
  }
}

export function ensureDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'its parent folder is read-only' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : code;
    throw new StoreError(`cannot create the data folder ${dir}: ${why} (${code}); choose another with --data-dir or HPS_DATA_DIR`, { code: 'STORE_READ_ONLY' });
  }
  return dir;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'hps-studio.db');
}

let cachedRoot: string | undefined;

/** The folder holding package.json of hps-studio (the repository, or the installed package). */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'hps-studio') return (cachedRoot = dir);
      } catch {
        /* keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cachedRoot = process.cwd());
}

export function resourcesDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'resources'))) return join(packaged, 'resources');
  return join(appRoot(), 'resources');
}

/** A built entry (out/main/<name>.js), next to this bundle or under the app root. */
function builtEntry(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, `${name}.js`), join(here, '..', `${name}.js`), join(appRoot(), 'out', 'main', `${name}.js`)]) {
    if (existsSync(c)) return c;
  }
  throw new Error(`worker entry out/main/${name}.js not found: run \`npm run build\` first`);
}

/** The built worker entry (out/main/worker.js). */
export function workerFile(): string {
  return builtEntry('worker');
}

/**
 * The entry of a training run's slice threads: the built out/main/slice-thread.js, or its source
 * when this module runs from source (scripts under tsx, whose loader the threads inherit).
 */
export function sliceThreadFile(): string {
  if (import.meta.url.endsWith('.ts')) return join(appRoot(), 'src', 'main', 'training', 'slice-thread.ts');
  return builtEntry('slice-thread');
}

export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}
