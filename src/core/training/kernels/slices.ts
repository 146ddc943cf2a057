/**
 * Data-parallel passes: every batch is split into one contiguous slice per thread, each thread runs
 * its slice on its own tensor kernels, and the coordinating thread combines the gradients in a
 * fixed order (its own slice, then thread 1, 2, ...), so a run is deterministic for a given thread
 * count. Batch-wide quantiser ranges (ReLU output range, error range, ADC range) are reduced across
 * the slices at each layer, so every slice quantises with the range of the whole batch, as one
 * thread does. Only the float summation order of dL/dW differs between thread counts.
 *
 * Pure ECMAScript (SharedArrayBuffer and Atomics): the host starts the other threads of the team and calls
 * `serveSlices` in each (the coordinating thread blocks in Atomics.wait while they work, so it must
 * be a thread that may block: a worker thread, or Node's main thread).
 *
 * Shared memory layout (one SharedArrayBuffer, 8-byte aligned sections):
 *   control  Int32[CONTROL]: command generation, command, batch size, threads done, barrier count,
 *            barrier generation, abort flag, failed thread, then one heartbeat per thread
 *   reduce   Float64[2 parities][threads][2 S + 2]: per-thread values of a reduction
 *   results  Float64[threads][2]: loss sum and correct count of each slice
 *   message  Uint16[MESSAGE]: a failed thread's error message
 *   weights  Float32[all layers]: the weights of the next pass (read noise applied)
 *   x, y     Float32[maxImages][inSize], Int32[maxImages]: the batch
 *   grads    Float32[threads - 1][all layers]: each thread's dL/dW_eff (threads 1, 2, ...)
 */
import { crossbarShape } from '../../networks';
import type { ComputeSpec, StepResult, TrainingCompute } from '../compute';
import { EVAL_BATCH } from '../compute';
import { KERNELS_NAME } from './kernel-compute';
import { KernelNetwork, type BatchReducer } from './kernel-network';

const GEN = 0;
const CMD = 1;
const BATCH = 2;
const DONE = 3;
const BAR_COUNT = 4;
const BAR_GEN = 5;
const ABORT = 6;
const FAILED = 7;
const HEARTBEAT = 8;
const MESSAGE = 1024;

const TRAIN = 1;
const EVAL = 2;
const SHUTDOWN = 3;

/** Waits of this length (ms) between checks for an abort or a silent thread. */
const WAIT_MS = 100;
/** A thread that shows no progress for this many consecutive waits is taken to be lost (about a minute). */
const LOST_AFTER = 600;

/** What every thread of a team is built from (plain data: it is sent to the other threads). */
export interface SliceSetup extends ComputeSpec {
  readonly threads: number;
}

const align8 = (b: number): number => Math.ceil(b / 8) * 8;

/** Section offsets (bytes) of a team's shared memory. */
function layout(s: SliceSetup) {
  const sizes = s.net.layers.map((l) => {
    const { rows, cols } = crossbarShape(l);
    return rows * cols;
  });
  const weights = sizes.reduce((a, b) => a + b, 0);
  const subArrays = Math.max(...s.net.layers.map((l) => Math.ceil(crossbarShape(l).rows / (s.quant.adcBits === null ? Infinity : Math.max(1, s.quant.subArrayRows)))), 1);
  const reduceWidth = 2 * subArrays + 2;
  const inSize = s.net.input.h * s.net.input.w * s.net.input.c;
  const maxImages = Math.max(s.batchSize, EVAL_BATCH);
  const T = s.threads;
  let at = 0;
  const take = (bytes: number): number => {
    const a = at;
    at = align8(at + bytes);
    return a;
  };
  const control = take(4 * (HEARTBEAT + T));
  const reduce = take(8 * 2 * T * reduceWidth);
  const results = take(8 * 2 * T);
  const message = take(2 * MESSAGE);
  const w = take(4 * weights);
  const x = take(4 * maxImages * inSize);
  const y = take(4 * maxImages);
  const grads = take(4 * weights * (T - 1));
  return { sizes, weights, reduceWidth, inSize, maxImages, control, reduce, results, message, w, x, y, grads, bytes: at };
}

/** Bytes of shared memory a team needs. */
export function sliceMemoryBytes(s: SliceSetup): number {
  return layout(s).bytes;
}

/** First image of thread t's slice of a batch of b images. */
const sliceStart = (t: number, b: number, T: number): number => Math.floor((t * b) / T);

class Team {
  readonly lay: ReturnType<typeof layout>;
  readonly ctrl: Int32Array;
  readonly reduceArea: Float64Array;
  readonly results: Float64Array;
  readonly message: Uint16Array;
  readonly weights: Float32Array[];
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly T: number;
  private parity = 0;

  constructor(
    readonly sab: SharedArrayBuffer,
    readonly setup: SliceSetup,
    readonly index: number,
  ) {
    const L = (this.lay = layout(setup));
    if (sab.byteLength < L.bytes) throw new Error(`slice team: shared memory of ${sab.byteLength} bytes, ${L.bytes} needed`);
    this.T = setup.threads;
    this.ctrl = new Int32Array(sab, L.control, HEARTBEAT + this.T);
    this.reduceArea = new Float64Array(sab, L.reduce, 2 * this.T * L.reduceWidth);
    this.results = new Float64Array(sab, L.results, 2 * this.T);
    this.message = new Uint16Array(sab, L.message, MESSAGE);
    let at = L.w;
    this.weights = L.sizes.map((n) => {
      const v = new Float32Array(sab, at, n);
      at += 4 * n;
      return v;
    });
    this.x = new Float32Array(sab, L.x, L.maxImages * L.inSize);
    this.y = new Int32Array(sab, L.y, L.maxImages);
  }

  /** Thread t's gradient of layer k (t >= 1). */
  grad(t: number, k: number): Float32Array {
    const L = this.lay;
    let off = L.grads + 4 * L.weights * (t - 1);
    for (let i = 0; i < k; i++) off += 4 * L.sizes[i]!;
    return new Float32Array(this.sab, off, L.sizes[k]!);
  }

  beat(): void {
    Atomics.add(this.ctrl, HEARTBEAT + this.index, 1);
  }

  aborted(): boolean {
    return Atomics.load(this.ctrl, ABORT) !== 0;
  }

  /**
   * A watch on the other threads while this one waits: call it after each timed-out wait; it
   * throws once none of them has shown progress (heartbeats) for LOST_AFTER waits in a row (a
   * thread that died without a word, which no event can report to a thread blocked here).
   */
  watch(): () => void {
    const others = Array.from({ length: this.T }, (_, t) => t).filter((t) => t !== this.index);
    const last = others.map((t) => Atomics.load(this.ctrl, HEARTBEAT + t));
    let idle = 0;
    return () => {
      let progress = false;
      others.forEach((t, i) => {
        const h = Atomics.load(this.ctrl, HEARTBEAT + t);
        if (h !== last[i]) progress = true;
        last[i] = h;
      });
      idle = progress ? 0 : idle + 1;
      if (idle >= LOST_AFTER) throw new Error('a slice thread stopped responding');
    };
  }

  /** Every thread arrives before any leaves (a generation barrier). Throws when the pass is aborted. */
  barrier(): void {
    const c = this.ctrl;
    const gen = Atomics.load(c, BAR_GEN);
    this.beat();
    if (Atomics.add(c, BAR_COUNT, 1) === this.T - 1) {
      Atomics.store(c, BAR_COUNT, 0);
      Atomics.add(c, BAR_GEN, 1);
      Atomics.notify(c, BAR_GEN);
      return;
    }
    const check = this.watch();
    while (Atomics.load(c, BAR_GEN) === gen) {
      if (this.aborted()) throw new AbortedPass();
      if (Atomics.wait(c, BAR_GEN, gen, WAIT_MS) === 'timed-out') check();
    }
  }

  /** Write this thread's values, meet the others, and return the slots of every thread (alternating halves, so one barrier suffices). */
  exchange(values: ArrayLike<number>): { slots: Float64Array; width: number } {
    const width = this.lay.reduceWidth;
    const half = this.parity * this.T * width;
    this.parity ^= 1;
    const mine = half + this.index * width;
    for (let i = 0; i < values.length; i++) this.reduceArea[mine + i] = values[i]!;
    this.barrier();
    return { slots: this.reduceArea.subarray(half, half + this.T * width), width };
  }

  reducer(): BatchReducer {
    return {
      max: (v) => {
        const { slots, width } = this.exchange([v]);
        let m = -Infinity;
        for (let t = 0; t < this.T; t++) m = Math.max(m, slots[t * width]!);
        return m;
      },
      range: (lo, hi) => {
        const S = lo.length;
        const mine = new Float64Array(2 * S);
        mine.set(lo);
        mine.set(hi, S);
        const { slots, width } = this.exchange(mine);
        for (let t = 0; t < this.T; t++)
          for (let s = 0; s < S; s++) {
            lo[s] = Math.min(lo[s]!, slots[t * width + s]!);
            hi[s] = Math.max(hi[s]!, slots[t * width + S + s]!);
          }
      },
    };
  }

  /** Run this thread's slice of the posted command. */
  runSlice(kn: KernelNetwork, cmd: number, b: number): void {
    const t = this.index;
    this.parity = 0; // every thread starts a pass on the same half (an aborted pass may have left them apart)
    kn.onChunk = () => this.beat();
    const s0 = sliceStart(t, b, this.T);
    const n = sliceStart(t + 1, b, this.T) - s0;
    const x = this.x.subarray(s0 * this.lay.inSize, (s0 + n) * this.lay.inSize);
    const y = this.y.subarray(s0, s0 + n);
    kn.setWeights(this.weights);
    if (cmd === TRAIN) {
      const r = kn.trainSlice(x, y, n, b, this.reducer());
      this.results[2 * t] = r.lossSum;
      this.results[2 * t + 1] = r.correct;
      if (t > 0) for (let k = 0; k < this.weights.length; k++) this.grad(t, k).set(kn.gradient(k));
    } else {
      this.results[2 * t] = 0;
      this.results[2 * t + 1] = kn.evaluate(x, y, n, this.reducer());
    }
  }
}

class AbortedPass extends Error {
  constructor() {
    super('pass aborted');
  }
}

function networkFor(setup: SliceSetup, images: number): KernelNetwork {
  const kn = KernelNetwork.create(setup.net, setup.quant, setup.loss, images);
  if (!kn) throw new Error('the tensor kernels cannot run this configuration in this thread');
  return kn;
}

/** Images of the largest training slice. */
const sliceCapacity = (s: SliceSetup): number => Math.ceil(s.batchSize / s.threads);

/**
 * The loop of team thread `index` >= 1: wait for a command, run its slice, report, until
 * the coordinator shuts the team down. `ready` is called once the thread's kernels exist.
 */
export function serveSlices(sab: SharedArrayBuffer, setup: SliceSetup, index: number, ready: () => void = () => {}): void {
  const team = new Team(sab, setup, index);
  const kn = networkFor(setup, sliceCapacity(setup));
  ready();
  const c = team.ctrl;
  let gen = 0;
  for (;;) {
    while (Atomics.load(c, GEN) === gen) Atomics.wait(c, GEN, gen);
    gen = Atomics.load(c, GEN);
    const cmd = Atomics.load(c, CMD);
    if (cmd === SHUTDOWN) return;
    try {
      team.runSlice(kn, cmd, Atomics.load(c, BATCH));
    } catch (e) {
      if (!(e instanceof AbortedPass)) {
        const msg = (e instanceof Error ? e.message : String(e)).slice(0, MESSAGE - 1);
        for (let i = 0; i < msg.length; i++) team.message[i] = msg.charCodeAt(i);
        team.message[msg.length] = 0;
        Atomics.store(c, FAILED, index);
        Atomics.store(c, ABORT, 1);
        Atomics.notify(c, BAR_GEN);
      }
    }
    team.beat();
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
  }
}

/**
 * The coordinating thread's side of a team whose other threads run `serveSlices`: a TrainingCompute that
 * posts every batch to the team, runs slice 0 itself and combines the results. `release` is called
 * on dispose, after the other threads were told to stop (the host ends its threads there).
 */
export function sliceCompute(sab: SharedArrayBuffer, setup: SliceSetup, release: () => void = () => {}): TrainingCompute {
  const team = new Team(sab, setup, 0);
  const kn = networkFor(setup, sliceCapacity(setup));
  const T = setup.threads;
  const c = team.ctrl;
  let disposed = false;

  const post = (cmd: number, x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): void => {
    weights.forEach((w, k) => {
      if (w.length !== team.weights[k]!.length) throw new Error(`weights of layer ${k}: ${w.length} values for ${team.weights[k]!.length}`);
    });
    weights.forEach((w, k) => team.weights[k]!.set(w));
    team.x.set(x);
    team.y.set(y);
    Atomics.store(c, CMD, cmd);
    Atomics.store(c, BATCH, y.length);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
  };

  const failure = (): Error => {
    const codes: number[] = [];
    for (let i = 0; i < MESSAGE && team.message[i] !== 0; i++) codes.push(team.message[i]!);
    return new Error(`slice thread ${Atomics.load(c, FAILED)} failed: ${String.fromCharCode(...codes)}`);
  };

  /** Wait until every other thread has finished the command; one silent for about a minute is lost. */
  const joinTeam = (): void => {
    const check = team.watch();
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= T - 1) return;
      if (Atomics.wait(c, DONE, done, WAIT_MS) === 'timed-out') check();
    }
  };

  /** Run slice 0 here, then wait for the other threads; on any failure, stop the team's pass and report. */
  const run = (cmd: number, x: Float32Array, y: Int32Array, weights: readonly Float32Array[]): void => {
    if (disposed) throw new Error('slice compute is disposed');
    post(cmd, x, y, weights);
    let own: unknown = null;
    try {
      team.runSlice(kn, cmd, y.length);
    } catch (e) {
      own = e;
      Atomics.store(c, ABORT, 1);
      Atomics.notify(c, BAR_GEN);
    }
    joinTeam();
    const failed = Atomics.load(c, ABORT) !== 0;
    Atomics.store(c, ABORT, 0);
    Atomics.store(c, BAR_COUNT, 0);
    if (own && !(own instanceof AbortedPass)) throw own;
    if (failed) throw failure();
  };

  return {
    description: `${KERNELS_NAME}, ${T} threads`,
    threads: T,
    step(x, y, weights): StepResult {
      run(TRAIN, x, y, weights);
      let lossSum = 0;
      let correct = 0;
      for (let t = 0; t < T; t++) {
        lossSum += team.results[2 * t]!;
        correct += team.results[2 * t + 1]!;
      }
      for (let k = 0; k < team.weights.length; k++) for (let t = 1; t < T; t++) kn.addGradient(k, team.grad(t, k));
      kn.scaleGradients();
      const grads = team.weights.map((_, k) => kn.gradient(k));
      return { lossSum, correct, grads };
    },
    correct(x, y, weights) {
      if (y.length > EVAL_BATCH) throw new Error(`an evaluation batch holds at most ${EVAL_BATCH} images, got ${y.length}`);
      run(EVAL, x, y, weights);
      let n = 0;
      for (let t = 0; t < T; t++) n += team.results[2 * t + 1]!;
      return n;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(c, CMD, SHUTDOWN);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
      release();
    },
  };
}
