/** Checkpoint serialisation: `encodeCheckpoint` -> Uint8Array (JSON header + binary arrays), `decodeCheckpoint` back. */
import type { Checkpoint } from './types';
import { decodeTree, encodeTree } from './codec';

export function encodeCheckpoint(cp: Checkpoint): Uint8Array {
  return encodeTree(cp);
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const v = decodeTree(bytes) as Checkpoint;
  if (!v || v.version !== 1 || !(v.order instanceof Int32Array)) throw new Error('checkpoint: not a version-1 training checkpoint');
  return v;
}
