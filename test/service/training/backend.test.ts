import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendInfo, initBackend } from '../../../src/main/tf-backend';

describe('TensorFlow.js backend selection', () => {
  it('falls back from tfjs-node to wasm (or cpu) and reports which one runs', async () => {
    const name = await initBackend('node');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(tf.getBackend()).toBe(name);
    const info = backendInfo()!;
    expect(info.name).toBe(name);
    expect(info.fallback).toBe(name !== 'tensorflow');
    // the backend computes
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(y).toBe(11);
  });

  it('honours an explicit cpu preference', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(backendInfo()!.fallback).toBe(false);
  });
});
