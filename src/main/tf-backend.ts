/**
 * TensorFlow.js backend selection for the Node host: tfjs-node if its native binding loads, else
 * single-threaded wasm (wasm threads do not start in Node), else the pure-JS cpu backend.
 * Returns the backend that runs; the caller stores it with the run (README.md, "Architecture").
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'node' | 'wasm' | 'cpu';

const nodeRequire = createRequire(import.meta.url);

export interface BackendInfo {
  name: string;
  /** True when the preferred (or best, node) backend could not be used. */
  fallback: boolean;
  notes: string[];
}

let last: BackendInfo | null = null;

/** The result of the last initBackend() call. */
export function backendInfo(): BackendInfo | null {
  return last;
}

async function tryNode(notes: string[]): Promise<boolean> {
  try {
    // An optional dependency that is often absent (its libtensorflow download fails offline): a
    // computed specifier keeps both the type checker and the bundler from requiring it.
    const optional = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ optional);
    if (await tf.setBackend('tensorflow')) return true;
    notes.push('tfjs-node: loaded but setBackend("tensorflow") failed');
  } catch (e) {
    notes.push(`tfjs-node unavailable: ${(e as Error).message.split('\n')[0]}`);
  }
  return false;
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    // Single-threaded: the threaded build's worker cannot start in Node.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    try {
      wasm.setWasmPaths(`${dir}${path.sep}`);
    } catch (e) {
      notes.push(`wasm: paths already set (${(e as Error).message.split('\n')[0]})`);
    }
    if (await tf.setBackend('wasm')) return true;
    notes.push('wasm: setBackend("wasm") failed');
  } catch (e) {
    notes.push(`wasm unavailable: ${(e as Error).message.split('\n')[0]}`);
  }
  return false;
}

/**
 * Initialise a backend: `preferred` first, then the chain node -> wasm -> cpu. Resolves to the
 * name of the active backend ('tensorflow' for tfjs-node, 'wasm', 'cpu').
 */
export async function initBackend(preferred: BackendName = 'node', log: (msg: string) => void = () => {}): Promise<string> {
  const notes: string[] = [];
  const chain: BackendName[] = preferred === 'node' ? ['node', 'wasm', 'cpu'] : preferred === 'wasm' ? ['wasm', 'cpu'] : ['cpu'];
  let ok = false;
  for (const b of chain) {
    if (b === 'node') ok = await tryNode(notes);
    else if (b === 'wasm') ok = await tryWasm(notes);
    else ok = await tf.setBackend('cpu');
    if (ok) break;
  }
  if (!ok) throw new Error(`no TensorFlow.js backend could be initialised: ${notes.join('; ')}`);
  await tf.ready();
  const name = tf.getBackend();
  const best = preferred === 'node' ? 'tensorflow' : preferred;
  last = { name, fallback: name !== best, notes };
  for (const n of notes) log(n);
  log(`TensorFlow.js backend: ${name}${last.fallback ? ` (fallback; preferred ${preferred})` : ''}`);
  return name;
}
