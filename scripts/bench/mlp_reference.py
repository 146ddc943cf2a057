#!/usr/bin/env python3
"""NumPy reference of one training epoch of HPS Studio's MLP 784-100-10 (scripts/bench/training.ts runs it
side by side with the app; not a dependency of the app).

The same computation as the app's training engine, written independently in NumPy, float32 throughout:
  forward   inputs quantised to 8 bits (range 1), z1 = x (s1 W1), sigmoid, 8-bit quantised, z2 = h (s2 W2)
  loss      softmax cross-entropy, mean over the batch
  backward  dL/dz quantised to 8 bits (power-of-two range of the tensor's largest magnitude), dW = s x^T dz,
            dh = dz (s2 W2)^T, dz1 = dh h (1 - h)
  update    plain SGD dw = -lr dW, quantised to 5 bits (power-of-two range), then the synapses:
    ideal   w = clip(w + dw, -1, 1)
    hps     W = (F (g+ - g-) + 2 l - 1) / (F + 1), F = 4; the LSB l (cap-3t1c: 32 levels, NL +-0.2, c2c 0.005)
            takes n = round((F + 1) |dw| / 2 * 32) pulses along the NeuroSim curve (g' = g (1 + e) + e / den,
            e = expm1(-n / A)) plus c2c noise 0.005 sqrt(n) N(0, 1), clipped to [0, 1]; every 8,000 images
            an open-loop transfer programs W_LSB / F into g+ or g- (hps-envm: 31 levels, NL +-4.22, c2c 0.005)
            with round(|W_LSB / F| 31) pulses, erasing and re-programming the net weight of a device that
            would overflow, and resets the LSB; pulse, cell and row counters as the cost model needs them.
  float     as ideal with every quantiser off.

  python3 scripts/bench/mlp_reference.py --mode hps|ideal|float [--data DIR] [--batch 100] [--lr 10]
  python3 scripts/bench/mlp_reference.py --sgemm M K N          (NumPy's SGEMM: best of 5, wall and CPU seconds)
Prints one JSON object: wall and CPU seconds of the timed epoch, images, training loss, test accuracy.
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

try:
    import numpy as np
except ImportError:  # the bench prints this and skips the NumPy rows
    print(json.dumps({"skipped": "numpy is not installed"}))
    sys.exit(0)

F32 = np.float32


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(dir_, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(dir_, name)):
            return os.path.join(dir_, name)
    raise SystemExit(f"{stem} not found in {dir_}")


def load(dir_):
    xs = read_idx(find(dir_, "train-images-idx3-ubyte")).reshape(-1, 784).astype(F32) / F32(255)
    ys = read_idx(find(dir_, "train-labels-idx1-ubyte")).astype(np.int64)
    xt = read_idx(find(dir_, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(F32) / F32(255)
    yt = read_idx(find(dir_, "t10k-labels-idx1-ubyte")).astype(np.int64)
    return xs, ys, xt, yt


def quant_unsigned(x, bits, rng_=1.0):
    levels = 2 ** bits - 1
    return np.rint(np.clip(x, 0, rng_) * F32(levels / rng_)) * F32(rng_ / levels)


def quant_pow2(e, bits, lim):
    m = float(np.max(np.abs(e)))
    if m == 0:
        return e
    step = F32(2.0 ** math.ceil(math.log2(m)) / 2 ** (bits - 1))
    return np.clip(np.rint(e / step), -lim, lim) * step


def nl_a_norm(nl):
    """A_norm(|NL|): the curve constant whose largest deviation from a line is 0.099 |NL| (bisection)."""
    target = 0.099 * abs(nl)

    def dev(a):
        e1 = -math.expm1(-1 / a)
        x = min(1.0, max(0.0, -a * math.log(a * e1)))
        return -math.expm1(-x / a) / e1 - x

    lo, hi = math.log(1e-9), math.log(max(10.0, 1 / target))
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if dev(math.exp(mid)) > target:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))


class Device:
    """NeuroSim curve of one device kind: affine steps g' = g mul[n] + add[n] for n pulses up (LTP) or down."""

    def __init__(self, levels, nl, sigma):
        self.levels = levels
        self.sigma = sigma
        n = np.arange(levels + 1, dtype=np.float64)
        self.mul = {}
        self.add = {}
        for direction, sign in (("up", 1.0), ("down", -1.0)):
            x = math.copysign(1.0, nl * sign) / (nl_a_norm(nl) * levels)
            den = math.expm1(-levels * x)
            e = np.expm1(-sign * n * x)
            self.mul[direction] = (1 + e).astype(F32)
            self.add[direction] = (e / den).astype(F32)

    def pulse(self, g, n, up, rng):
        """Apply n >= 0 pulses (direction per cell: up) to g in place where n > 0, with c2c noise."""
        idx = np.nonzero(n)[0]
        if idx.size == 0:
            return
        k = n[idx]
        u = up[idx]
        mul = np.where(u, self.mul["up"][k], self.mul["down"][k])
        add = np.where(u, self.add["up"][k], self.add["down"][k])
        v = g[idx] * mul + add + F32(self.sigma) * np.sqrt(k.astype(F32)) * rng.standard_normal(idx.size, dtype=F32)
        g[idx] = np.clip(v, 0, 1)


class Counters(dict):
    def add_rows(self, n, up, rows, cols):
        """Row-by-row programming counters of one update (n pulses per cell, direction up)."""
        n2 = n.reshape(rows, cols)
        u2 = up.reshape(rows, cols)
        written = n2 > 0
        self["cellsWritten"] += int(written.sum())
        self["rowsWritten"] += int(written.any(axis=1).sum())
        self["rowMaxUp"] += int(np.where(u2, n2, 0).max(axis=1).sum())
        self["rowMaxDown"] += int(np.where(u2, 0, n2).max(axis=1).sum())


def new_counters():
    return Counters(cellsWritten=0, rowsWritten=0, rowMaxUp=0, rowMaxDown=0, lsbUp=0, lsbDown=0, transfers=0, transferPulses=0, overflows=0)


class IdealLayer:
    def __init__(self, w):
        self.w = w.copy()

    def read(self):
        return self.w

    def update(self, dw, rng, counters):
        self.w = np.clip(self.w + dw, -1, 1)
        written = dw != 0
        counters["cellsWritten"] += int(written.sum())
        counters["rowsWritten"] += int(written.any(axis=1).sum())

    def advance(self, images, rng, counters):
        pass


class HpsLayer:
    F = 4
    EVERY = 8000

    def __init__(self, w, msb, lsb):
        self.shape = w.shape
        self.msb = msb
        self.lsb = lsb
        f = self.F
        wm = np.clip((f + 1) / f * np.clip(w, -1, 1), -1, 1).ravel()
        # Initial MSB: the nearest state on the LTP curve (a verified write), LSB at its reference.
        t = self.curve_state(np.abs(wm))
        self.gp = np.where(wm > 0, t, 0).astype(F32)
        self.gm = np.where(wm < 0, t, 0).astype(F32)
        self.l = np.full(wm.size, 0.5, dtype=F32)
        self.k = (f + 1) / 2 * lsb.levels
        self.since = 0

    def curve_state(self, g):
        levels, nl = self.msb.levels, 4.22
        x = 1 / (nl_a_norm(nl) * levels)
        den = math.expm1(-levels * x)
        p = np.rint(-np.log1p(g.astype(np.float64) * den) / x)
        return (np.expm1(-p * x) / den).astype(F32)

    def read(self):
        f = self.F
        return ((f * (self.gp - self.gm) + 2 * self.l - 1) / (f + 1)).reshape(self.shape)

    def update(self, dw, rng, counters):
        d = dw.ravel()
        up = d > 0
        n = np.minimum(np.floor(np.abs(d) * F32(self.k) + F32(0.5)).astype(np.int64), self.lsb.levels)
        self.lsb.pulse(self.l, n, up, rng)
        counters["lsbUp"] += int(n[up].sum())
        counters["lsbDown"] += int(n[~up].sum())
        counters.add_rows(n, up, *self.shape)

    def advance(self, images, rng, counters):
        self.since += images
        while self.since >= self.EVERY:
            self.since -= self.EVERY
            self.transfer(rng, counters)

    def transfer(self, rng, counters):
        f, levels = self.F, self.msb.levels
        delta = (2 * self.l - 1) / F32(f)
        pos = delta > 0
        target = np.where(pos, self.gp, self.gm)
        over = (delta != 0) & (target + np.abs(delta) > 1)
        # Overflow: erase both devices and program the net MSB weight onto one of them.
        net = np.clip(self.gp - self.gm + delta, -1, 1)
        amount = np.where(over, np.abs(net), np.abs(delta))
        onto_plus = np.where(over, net > 0, pos)
        self.gp[over] = 0
        self.gm[over] = 0
        n = np.minimum(np.floor(amount * F32(levels) + F32(0.5)).astype(np.int64), levels)
        n[(delta == 0) | (over & (net == 0))] = 0
        up = np.ones(n.size, dtype=bool)
        gp_n = np.where(onto_plus, n, 0)
        gm_n = np.where(onto_plus, 0, n)
        self.msb.pulse(self.gp, gp_n, up, rng)
        self.msb.pulse(self.gm, gm_n, up, rng)
        self.l.fill(0.5)
        counters["transfers"] += 1
        counters["transferPulses"] += int(n.sum())
        counters["overflows"] += int(over.sum())


def train_epoch(args, xs, ys, layers, scales, rng):
    quant = args.mode != "float"
    lr = F32(args.lr)
    order = rng.permutation(len(ys))
    counters = new_counters()
    loss_sum = 0.0
    for b0 in range(0, len(ys), args.batch):
        idx = order[b0:b0 + args.batch]
        x, y = xs[idx], ys[idx]
        m = len(idx)
        w1 = layers[0].read() * scales[0]
        w2 = layers[1].read() * scales[1]
        a0 = quant_unsigned(x, 8) if quant else x
        h = F32(1) / (F32(1) + np.exp(-(a0 @ w1)))
        a1 = quant_unsigned(h, 8) if quant else h
        z2 = a1 @ w2
        z2 = z2 - z2.max(axis=1, keepdims=True)
        p = np.exp(z2)
        s = p.sum(axis=1, keepdims=True)
        loss_sum += float(np.sum(np.log(s[:, 0]) - z2[np.arange(m), y]))
        p /= s
        p[np.arange(m), y] -= 1
        dz2 = p / F32(m)
        if quant:
            dz2 = quant_pow2(dz2, 8, 127)
        g2 = (a1.T @ dz2) * scales[1]
        dz1 = (dz2 @ w2.T) * (h * (1 - h))
        if quant:
            dz1 = quant_pow2(dz1, 8, 127)
        g1 = (a0.T @ dz1) * scales[0]
        for layer, g in ((layers[0], g1), (layers[1], g2)):
            dw = -lr * g
            if quant:
                dw = quant_pow2(dw, 5, 15)
            layer.update(dw.astype(F32), rng, counters)
        for layer in layers:
            layer.advance(m, rng, counters)
    return loss_sum / len(ys), counters


def accuracy(args, xt, yt, layers, scales):
    quant = args.mode != "float"
    a0 = quant_unsigned(xt, 8) if quant else xt
    h = F32(1) / (F32(1) + np.exp(-(a0 @ (layers[0].read() * scales[0]))))
    a1 = quant_unsigned(h, 8) if quant else h
    return float(np.mean(np.argmax(a1 @ (layers[1].read() * scales[1]), axis=1) == yt))


def sgemm(m, k, n):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((m, k), dtype=F32)
    b = rng.standard_normal((k, n), dtype=F32)
    a @ b
    best, best_cpu = math.inf, math.inf
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        a @ b
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    return {"gflops": 2 * m * k * n / best / 1e9, "seconds": best, "cpuSeconds": best_cpu, "shape": [m, k, n]}


def blas_info():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f'{blas.get("name")} {blas.get("version", "")}'.strip()
    except Exception:  # older NumPy: no dict mode
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["hps", "ideal", "float"], default="hps")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--lr", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sgemm", type=int, nargs=3, metavar=("M", "K", "N"))
    args = ap.parse_args()
    info = {"numpy": np.__version__, "blas": blas_info(), "blasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}
    if args.sgemm:
        print(json.dumps({**sgemm(*args.sgemm), **info}))
        return
    xs, ys, xt, yt = load(args.data)
    rng = np.random.default_rng(args.seed)
    fan = [(784, 100), (100, 10)]
    scales = [F32(math.sqrt(6 / (i + o))) for i, o in fan]
    w0 = [rng.uniform(-1, 1, size=s).astype(F32) for s in fan]
    if args.mode == "hps":
        msb, lsb = Device(31, 4.22, 0.005), Device(32, 0.2, 0.005)
        layers = [HpsLayer(w, msb, lsb) for w in w0]
    else:
        layers = [IdealLayer(w) for w in w0]
    t0 = time.perf_counter()
    c0 = time.process_time()
    loss, counters = train_epoch(args, xs, ys, layers, scales, rng)
    cpu = time.process_time() - c0
    seconds = time.perf_counter() - t0
    print(json.dumps({"mode": args.mode, "seconds": seconds, "cpuSeconds": cpu, "images": len(ys), "batch": args.batch, "trainLoss": loss,
                      "testAccuracy": accuracy(args, xt, yt, layers, scales), "counters": counters, **info}))


if __name__ == "__main__":
    main()
