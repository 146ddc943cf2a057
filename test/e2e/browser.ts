/**
 * Which Chromium the end-to-end tests drive. The first candidate that actually launches wins:
 *   1. CHROMIUM_PATH (an explicit choice: if it does not launch, that is an error, not a fallback);
 *   2. a browser installed by `npx playwright install chromium`;
 *   3. a system Chromium or Chrome (chromium, chromium-browser, google-chrome, google-chrome-stable on PATH);
 *   4. the Chromium inside the npm package @sparticuz/chromium, so that `npm ci && npm test` needs
 *      nothing but Node and npm.
 * Each candidate is launched once before it is chosen: a browser that is present but cannot start
 * (a Playwright download without its system libraries, say) is reported and passed over.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { chromium, type LaunchOptions } from 'playwright-core';
import { repoRoot } from './support/paths';

const require = createRequire(import.meta.url);

/** How to launch the chosen browser: JSON-safe, so the global setup can hand it to the test workers. */
export interface Launch {
  executablePath: string;
  args?: string[];
  /** Added to the test process's environment for the browser process only. */
  env?: Record<string, string>;
}

/** The chosen browser and how to name it in the run's output. */
export interface BrowserChoice extends Launch {
  /** e.g. "system Chromium/Chrome (/usr/bin/chromium)". */
  source: string;
  /** Reported by the browser itself once launched, e.g. "153.0.8010.0". */
  version: string;
}

interface Candidate {
  source: string;
  /** Resolves how to launch it, or says why this candidate does not exist here. */
  resolve: () => Promise<Launch | string>;
}

/** Playwright launch options for a choice. */
export const launchOptions = (l: Launch): LaunchOptions => ({
  executablePath: l.executablePath,
  args: l.args,
  env: l.env ? { ...process.env, ...l.env } : undefined,
  headless: true,
});

const isExecutableFile = (p: string): boolean => {
  try {
    // A regular file: a path hidden by bind-mounting /dev/null over it exists but is no browser.
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function onPath(names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const n of names) if (isExecutableFile(join(dir, n))) return join(dir, n);
  return null;
}

function candidates(): Candidate[] {
  return [
    {
      source: 'Playwright-installed Chromium',
      resolve: async () => {
        const p = chromium.executablePath();
        return isExecutableFile(p) ? { executablePath: p } : `not installed (${p})`;
      },
    },
    {
      source: 'system Chromium/Chrome',
      resolve: async () => {
        const p = onPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);
        return p ? { executablePath: p } : 'none of chromium, chromium-browser, google-chrome on PATH';
      },
    },
    { source: 'Chromium from the npm package @sparticuz/chromium', resolve: sparticuzChromium },
  ];
}

/**
 * Flags of @sparticuz/chromium's serverless set that do not belong in tests: --single-process (needed
 * on Lambda for its sandbox; here it takes the whole browser down when a test closes its context)
 * and the two that switch off web security (the tests must see what a user's browser enforces).
 */
const NOT_HERE = ['--single-process', '--disable-web-security', '--allow-running-insecure-content'];

/**
 * @sparticuz/chromium ships a brotli-packed headless Chromium, plus (in al2023.tar.br) the NSS and
 * expat libraries it links against, which it unpacks only on AWS-like hosts. Everything is unpacked
 * into node_modules/.cache, one folder per package version, staged and renamed so that a second
 * run never sees a half-written binary (the package's own default, /tmp, is shared by every
 * checkout on the machine).
 */
async function sparticuzChromium(): Promise<Launch | string> {
  let pkgDir: string;
  try {
    // Its exports map hides package.json; the entry point is build/index.js.
    pkgDir = resolve(dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    return 'the npm package is not installed (npm ci installs it as a devDependency)';
  }
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const cache = join(repoRoot, 'node_modules', '.cache', 'hps-e2e', `sparticuz-chromium-${version}`);
  if (!existsSync(join(cache, 'chromium'))) await unpackSparticuz(pkgDir, cache);
  const { default: pkg } = await import('@sparticuz/chromium');
  return {
    executablePath: join(cache, 'chromium'),
    args: pkg.args.filter((a) => !NOT_HERE.includes(a)),
    env: { LD_LIBRARY_PATH: [join(cache, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_PATH: fontconfigDir(cache) },
  };
}

async function unpackSparticuz(pkgDir: string, cache: string): Promise<void> {
  const stage = `${cache}.tmp-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // The package unpacks into os.tmpdir(); point that at the staging folder while it works.
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = stage;
  try {
    const { default: pkg, inflate } = await import('@sparticuz/chromium');
    await pkg.executablePath(join(pkgDir, 'bin'));
    await inflate(join(pkgDir, 'bin', 'al2023.tar.br'));
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
  try {
    renameSync(stage, cache);
  } catch (e) {
    // Another run finished first: use its copy.
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(join(cache, 'chromium'))) throw e;
  }
}

/**
 * A fontconfig setup for the packaged Chromium: the system's configuration where there is one, the
 * DejaVu fonts the app bundles, and the fonts the package ships, so pages render text even on a
 * machine without any fonts installed.
 */
function fontconfigDir(cache: string): string {
  const dir = join(cache, 'fontconfig');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'fonts.conf'),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(repoRoot, 'resources', 'fonts')}</dir>
  <dir>${join(cache, 'fonts')}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
</fontconfig>
`,
  );
  return dir;
}

async function probe(launch: Launch): Promise<string> {
  const b = await chromium.launch({ ...launchOptions(launch), timeout: 60_000 });
  try {
    return b.version();
  } finally {
    await b.close();
  }
}

const firstLine = (e: unknown): string => String(e instanceof Error ? e.message : e).split('\n')[0]!;

/**
 * Finds the browser, launching each candidate once. `note` receives one line per candidate passed
 * over. Throws, naming every candidate and why it failed, when none launches.
 */
export async function findBrowser(note: (line: string) => void = () => undefined): Promise<BrowserChoice> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!isExecutableFile(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    const launch = { executablePath: explicit };
    return { source: `CHROMIUM_PATH (${explicit})`, version: await probe(launch), ...launch };
  }
  const tried: string[] = [];
  for (const c of candidates()) {
    let why: string;
    try {
      const launch = await c.resolve();
      if (typeof launch !== 'string') return { source: `${c.source} (${launch.executablePath})`, version: await probe(launch), ...launch };
      why = launch;
    } catch (e) {
      why = `does not launch: ${firstLine(e)}`;
    }
    tried.push(`${c.source}: ${why}`);
    note(`e2e browser: passed over ${c.source}: ${why}`);
  }
  throw new Error(`no Chromium to run the end-to-end tests with:\n  ${tried.join('\n  ')}`);
}
