#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run; otherwise (no Electron binary, or no display)
// say why and start the browser host instead, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'out', 'main', 'cli.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const b = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const bin = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (bin && !headless) {
  const child = spawn(bin, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = !bin ? 'no Electron binary is installed (its download failed or was skipped)' : 'there is no display (DISPLAY is not set)';
  process.stderr.write(`HPS Studio: ${why}, so it runs in your browser instead: open the URL below.\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'hps.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
