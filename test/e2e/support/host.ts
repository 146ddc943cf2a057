/**
 * The browser host (`hps serve`) as the tests use it: one process on a free port (`--port 0`) with
 * its own data folder, and the CLI (`hps ...`) run against the same build.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { appRoot } from './paths';

export interface Host {
  /** The tokened URL the host printed, e.g. http://127.0.0.1:40123/?token=... */
  url: string;
  dataDir: string;
  /** Everything the host wrote to stdout and stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

const hpsJs = join(appRoot, 'bin', 'hps.js');

export async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, [hpsJs, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: appRoot,
    env: { ...process.env, HPS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer): void => void (out += d.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL within 60 s:\n${out}`)), 60_000);
    const check = (): void => {
      const m = out.match(/serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', exited);
      resolve(m[1]!);
    };
    const exited = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before serving:\n${out}`));
    };
    child.stdout.on('data', check);
    child.on('exit', exited);
  });
  return { url, dataDir, log: () => out, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `hps <args>` (this build's CLI); resolves with its stdout, rejects with its stderr. */
export function hps(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [hpsJs, ...args], { cwd: appRoot, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`hps ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}
