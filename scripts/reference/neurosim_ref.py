#!/usr/bin/env python3
"""
Independent reference for the cost model's trend tests: NeuroSim's own circuit formulas, re-written
from the public DNN+NeuroSim V2.1 C++ source (github.com/neurosim/DNN_NeuroSim_V2.1, Training_pytorch/
NeuroSIM) and evaluated for the design changes the unit tests check. It is NOT a dependency of the
application and shares no code with it (it never imports or reads src/); it answers one question:
"what ratio does NeuroSim's model give for this change?".

How it works. The per-layer, per-phase latency and energy of one training image are assembled the way
NeuroSim's Chip.cpp / Tile.cpp / ProcessingUnit.cpp / SubArray.cpp assemble them (counts of bit
vectors, buffer lines, bus reads), each priced by the formula of the NeuroSim class named in the
comment next to it (formula.cpp, RowDecoder, Buffer, DFF, HTree, Bus, Adder, AdderTree, ShiftAdd,
MultilevelSenseAmp, MultilevelSAEncoder, SarADC, CurrentSenseAmp, WeightGradientUnit, DRAM).
No constant is fitted: where a quantity is a trace statistic (input activity, written cells) it takes
the section-8 defaults of the calibration point. Areas are NeuroSim's device counts for the ADCs and
cells, and the calibration point's printed area breakdown scaled by F^2 for the rest (NeuroSim's gate
areas are proportional to F^2 at a fixed standard-cell height).

Run:  python3 scripts/reference/neurosim_ref.py > test/unit/cost/neurosim-reference.json   (the ratios the
      trend tests compare with, and how closely this evaluation reproduces NeuroSim's per-layer table)
      python3 scripts/reference/neurosim_ref.py --calibration   (that per-layer fit, readable)
      python3 scripts/reference/neurosim_ref.py --components    (per-component totals of the calibration point)
"""
import json
import math
import sys

# --------------------------------------------------------------------------------------------------
# Technology (Technology.cpp; FinFET rows of the PTM-MG release; 300 K on-currents)
# (vdd, vth, capIdealGate F/m, capFringe F/m, effectiveResistanceMultiplier, IonN, IonP, IoffN) A/m
TECH = {
    (130, 'HP'): (1.3, 0.1285, 6.058e-10, 6.120e-10, 1.54, 930, 430, 0.100),
    (130, 'LSTP'): (1.3, 0.4661, 1.857e-9, 9.531e-10, 1.54, 300.7, 150.7, 1.002e-4),
    (90, 'HP'): (1.2, 0.1460, 5.694e-10, 5.652e-10, 1.54, 1070, 540, 0.1008),
    (90, 'LSTP'): (1.2, 0.5013, 1.541e-10, 9.601e-10, 1.77, 346.3, 200.3, 1.0e-4),
    (65, 'HP'): (1.1, 0.1664, 4.868e-10, 5.270e-10, 1.54, 1120, 700, 0.100),
    (65, 'LSTP'): (1.1, 0.5017, 1.193e-9, 9.621e-10, 1.77, 400.0, 238.7, 1.002e-4),
    (45, 'HP'): (1.0, 0.1711, 4.091e-10, 4.958e-10, 1.54, 1270, 1080, 0.100),
    (45, 'LSTP'): (1.0, 0.4644, 8.931e-10, 8.850e-10, 1.77, 500.2, 300.0, 1.0e-4),
    (32, 'HP'): (0.9, 0.1945, 3.768e-10, 4.714e-10, 1.54, 1410, 1220, 0.1003),
    (32, 'LSTP'): (0.9, 0.4420, 8.375e-10, 6.857e-10, 1.77, 600.2, 400.0, 1.001e-4),
    (22, 'HP'): (0.85, 0.2089, 3.287e-10, 4.532e-10, 1.54, 1500, 1320, 0.1002),
    (22, 'LSTP'): (0.85, 0.4199, 5.245e-10, 8.004e-10, 1.77, 791.9, 600.2, 1.0e-4),
    (14, 'HP'): (0.8, 0.1730, 1.2573e-9, 0, 1.51, 1686, 1550, 0.1009),
    (14, 'LSTP'): (0.8, 0.3821, 1.0572e-9, 0, 1.76, 893, 820, 9.98e-5),
    (10, 'HP'): (0.75, 0.1829, 1.1418e-9, 0, 1.49, 1769, 1626, 0.1001),
    (10, 'LSTP'): (0.75, 0.3906, 9.419e-10, 0, 1.73, 862, 775, 9.97e-5),
    (7, 'HP'): (0.7, 0.1922, 1.0487e-9, 0, 1.45, 1912, 1685, 0.1002),
    (7, 'LSTP'): (0.7, 0.4025, 8.495e-10, 0, 1.73, 822, 737, 1.0e-4),
}
# FinFET fin (height, width, pitch) m, Technology.cpp (14 nm 23/10/32, 10 nm 21/9/28, 7 nm 18/7/22)
FIN = {14: (23e-9, 10e-9, 32e-9), 10: (21e-9, 9e-9, 28e-9), 7: (18e-9, 7e-9, 22e-9)}
# Param.cpp: wire width (nm) by node, then (aspect ratio, resistivity) by width
WIRE_WIDTH = {130: 200, 90: 200, 65: 100, 45: 50, 32: 40, 22: 32, 14: 22, 10: 14, 7: 14}
WIRE_AR_RHO = {200: (2.10, 2.42e-8), 100: (2.30, 2.73e-8), 50: (2.34, 3.91e-8), 40: (1.90, 4.03e-8),
               32: (1.90, 4.51e-8), 22: (2.00, 5.41e-8), 14: (2.10, 7.43e-8)}
WIRE_CAP = 0.2e-15 / 1e-6  # F/m, every NeuroSim wire
# constant.h
MIN_NMOS_SIZE = 2
POLY_PITCH = 1.0 + 2.8  # POLY_WIDTH + MIN_GAP_BET_GATE_POLY
GAP_PN, POLY_EXT = 3.5, 1.0 + 1.6 / 2  # MIN_GAP_BET_P_AND_N_DIFFS, MIN_POLY_EXT_DIFF + MIN_GAP_BET_FIELD_POLY/2
IR_DROP_TOLERANCE, LINEAR_REGION_RATIO = 0.25, 0.20


class Tech:
    def __init__(self, node, roadmap='LSTP'):
        vdd, vth, cid, cfr, reff, ion, iop, ioff = TECH[(node, roadmap)]
        self.node, self.F = node, node * 1e-9
        self.vdd, self.vth, self.reff, self.ionN, self.ionP, self.ioffN = vdd, vth, reff, ion, iop, ioff
        self.finfet = node < 22
        self.cgate = cid + (0.2 * cid if node >= 22 else 0) + cfr
        ratio = ion / iop
        self.pn = int(ratio) if self.finfet else ratio  # FinFET rows truncate pnSizeRatio to an integer
        self.cj = 1e-3 / math.sqrt(1 + vdd / 0.9)
        self.csw = 2.5e-10 / (1 + vdd / 0.9) ** 0.33
        self.cd2c = 0.5e-10 / (1 + vdd / 0.9) ** 0.33
        self.height = (34 if self.finfet else 28) * self.F  # standard-cell height (34F in the FinFET releases)
        if self.finfet:
            self.hfin, self.wfin, self.pfin = FIN[node]
        ww = WIRE_WIDTH[node]
        ar, rho = WIRE_AR_RHO[ww]
        self.wire_width = ww * 1e-9
        self.r_wire = rho / (self.wire_width ** 2 * ar)  # param->unitLengthWireResistance
        self.wire_width_nm = ww

    # formula.cpp (the FinFET release: width -> fins of 2F, each fin 2 Hfin + Wfin wide)
    def weff(self, w):
        if not self.finfet:
            return w
        return math.ceil(w / (2 * self.F) - 1e-9) * (2 * self.hfin + self.wfin)

    def gate_cap(self, w):
        return self.cgate * self.weff(w)

    def ron(self, w, pmos=False):
        return self.reff * self.vdd / ((self.ionP if pmos else self.ionN) * self.weff(w))

    def drain_cap(self, w, pmos=False, n_drain=1):
        """CalculateGateCapacitance output cap of one device (INV-style drain; folding above the cell height)."""
        if w <= 0:
            return 0.0
        F = self.F
        avail = self.height - GAP_PN * F - 2 * POLY_EXT * F
        maxw = avail * (self.pn / (1 + self.pn) if pmos else 1 / (1 + self.pn))
        if self.finfet:
            nfin = math.ceil(w / (2 * self.hfin + self.wfin) - 1e-9)
            maxfin = int(maxw / self.pfin) + 1
            folds = max(1, math.ceil(nfin / maxfin))
            h = (min(nfin, maxfin) - 1) * self.pfin + self.wfin
        else:
            folds = max(1, math.ceil(w / maxw - 1e-9))
            h = min(w, maxw)
        wd = math.ceil((folds + 1) / 2) * 2.8 * F * n_drain
        side = wd * 2 + h * (1 + (folds + 1) % 2)
        return wd * h * self.cj + side * self.csw + folds * h * self.cd2c

    def dev_area(self):
        """Area of one minimum transistor as NeuroSim lays it out (CalculateGateArea, one device)."""
        return 2 * POLY_PITCH * self.F * self.height


def horowitz(tr, ramp_in=1e20):
    """formula.cpp horowitz(): beta fixed at 0.5, vs = 0.5."""
    alpha = 1 / ramp_in / tr
    d = tr * math.sqrt(math.log(0.5) ** 2 + 2 * alpha * 0.5 * 0.5)
    return d, 0.5 / d


# --------------------------------------------------------------------------------------------------
# Gates (RowDecoder.cpp, DFF.cpp, Adder.cpp, MultilevelSAEncoder.cpp)
class Gate:
    def __init__(self, t, wn, wp, kind='inv', n=1):
        self.t, self.wn, self.wp = t, wn, wp
        self.cin = t.gate_cap(wn) + t.gate_cap(wp)
        if kind == 'inv':
            self.cout = t.drain_cap(wn) + t.drain_cap(wp, True)
        elif kind == 'nand':  # parallel PMOS share drains, series NMOS: one drain
            self.cout = t.drain_cap(wn) + t.drain_cap(wp, True, math.floor((n + 1) / 2))
        else:  # nor: parallel NMOS share drains, series PMOS: one drain
            self.cout = t.drain_cap(wn, False, math.floor((n + 1) / 2)) + t.drain_cap(wp, True)


def decoder(t, n_addr, cap_load):
    """RowDecoder REGULAR_ROW (2-bit predecode, NAND2 + NOR + 2 output INVs): latency, energy per access."""
    F, pn = t.F, t.pn
    inv = Gate(t, MIN_NMOS_SIZE * F, pn * MIN_NMOS_SIZE * F)
    nand = Gate(t, 2 * MIN_NMOS_SIZE * F, pn * MIN_NMOS_SIZE * F, 'nand', 2)
    k = math.ceil(n_addr / 2)
    nor = Gate(t, MIN_NMOS_SIZE * F, k * pn * MIN_NMOS_SIZE * F, 'nor', k)
    drv = Gate(t, 3 * MIN_NMOS_SIZE * F, 3 * pn * MIN_NMOS_SIZE * F)
    num_nand = 4 * (n_addr // 2)
    num_nor = 2 ** n_addr if n_addr > 2 else 0
    lat, ramp = 0.0, 1e20
    tr = t.ron(inv.wn) * (inv.cout + (2 * nand.cin if num_nand else cap_load))
    d, ramp = horowitz(tr, ramp); lat += d
    if num_nand:
        tr = 2 * t.ron(nand.wn) * (nand.cout + (nor.cin * num_nor / 4 if num_nor else cap_load))
        d, ramp = horowitz(tr, ramp); lat += d
    if num_nor:
        tr = 2 * t.ron(nor.wp, True) * (nor.cout + inv.cin)
        d, ramp = horowitz(tr, ramp); lat += d
    tr = t.ron(drv.wn) * (drv.cout + drv.cin)
    d, ramp = horowitz(tr, ramp); lat += d
    tr = t.ron(drv.wp, True) * (drv.cout + cap_load)
    d, ramp = horowitz(tr, ramp); lat += d
    v2 = t.vdd ** 2
    e = (inv.cin + nand.cin * 2) * v2 * (n_addr // 2) * 2
    e += (inv.cin + nor.cin * num_nor / 2) * v2 * (n_addr - (n_addr // 2) * 2)
    e += (nand.cout + nor.cin * num_nor / 4) * v2 * num_nand / 4
    e += (nor.cout + inv.cin) * v2 + (drv.cin + drv.cout) * v2 * 2
    return lat, e


def dff_bit_energy(t):
    """DFF energy of one bit per clocked access (Buffer.cpp / DFF.cpp: clock INV x4, clock TG x2, D->Q path)."""
    inv = Gate(t, MIN_NMOS_SIZE * t.F, t.pn * MIN_NMOS_SIZE * t.F)
    ctgd = inv.cout
    return t.vdd ** 2 * ((inv.cin + inv.cout) * 4 + inv.cin * 2 + (ctgd * 3 + inv.cin) + (ctgd + inv.cout) + (inv.cin + inv.cout))


def reg_buffer(t, num_bit, width, clk):
    """Buffer.cpp register-file buffer: latency per line (decoder + half a clock) and energy per bit."""
    lines = max(1, math.ceil(num_bit / width))
    w_dff = 12 * 2 * POLY_PITCH * t.F
    dec_lat, dec_e = decoder(t, max(1, math.ceil(math.log2(lines))), w_dff * width * WIRE_CAP)
    return dec_lat + 0.5 / clk, dec_e / width + dff_bit_energy(t)


def adder(t, bits, cap_load=0.0):
    """Adder.cpp ripple adder of NAND2 gates: latency and energy of one addition."""
    F = t.F
    nand = Gate(t, 2 * MIN_NMOS_SIZE * F, t.pn * MIN_NMOS_SIZE * F, 'nand', 2)
    rn, rp = 2 * t.ron(nand.wn), t.ron(nand.wp, True)
    lat, ramp = 0.0, 1e20
    d, ramp = horowitz(rn * (nand.cout + 3 * nand.cin), ramp); lat += d
    d, ramp = horowitz(rp * (nand.cout + 2 * nand.cin), ramp); lat += d
    d3, r3 = horowitz(rn * (nand.cout + 3 * nand.cin), ramp)
    d4, r4 = horowitz(rp * (nand.cout + 2 * nand.cin), r3)
    lat += (d3 + d4) * max(0, bits - 2)
    d, ramp = horowitz(rn * (nand.cout + 3 * nand.cin), r4); lat += d
    d, ramp = horowitz(rp * (nand.cout + nand.cin), ramp); lat += d
    d, ramp = horowitz(rn * (nand.cout + cap_load), ramp); lat += d
    ci, co, v2 = nand.cin, nand.cout, t.vdd ** 2
    e = (ci * 6 + co * 2) + (ci * 7 + co * 3) * (bits - 1)
    e += (co + ci) * 2 + (co + 2 * ci) + (co + 3 * ci) + (co + ci)
    e += ((co + 3 * ci) + (co + ci) + 2 * (co + ci)) * (bits - 1)
    return lat, e * v2


def adder_tree(t, n_in, bits):
    """AdderTree.cpp: ceil(log2 n) stages, bit width +1 a stage: latency of one tree pass, energy of one tree."""
    lat = e = 0.0
    j = n_in
    for _ in range(math.ceil(math.log2(n_in)) if n_in > 1 else 0):
        a = math.ceil(j / 2)
        al, ae = adder(t, bits)
        lat += al
        e += ae * a
        bits += 1
        j = a
    return lat, e


def shift_add(t, bits, clk):
    """ShiftAdd.cpp: one adder plus a DFF half clock; hidden behind the 10 ns read pulse after the first."""
    al, ae = adder(t, bits)
    return al + 0.5 / clk, ae + bits * dff_bit_energy(t)


def repeater(t, tolerance, halving):
    """HTree.cpp / Bus.cpp repeater design: optimal size and spacing, then relaxed to (1 + tolerance) of
    the optimal delay (HTree halves the size each step, Bus decrements it); returns the repeater drive
    resistance, its input / output caps and the spacing."""
    F = t.F
    def rep(size):
        s = max(size, 1)
        wn, wp = MIN_NMOS_SIZE * F * s, t.pn * MIN_NMOS_SIZE * F * s
        g = Gate(t, wn, wp)
        return t.ron(wn) + t.ron(wp, True), g.cin, g.cout
    r0, c0, co0 = rep(1)
    rw, cw = t.r_wire, WIRE_CAP
    size = math.floor(math.sqrt(r0 * cw / c0 / rw))
    dist = math.sqrt(2 * r0 * (co0 + c0) / (rw * cw))
    def unit_delay(size, dist, r_del):
        r, ci, co = rep(size)
        return 0.7 * (r * (ci + co + cw * dist) + 0.5 * r_del * dist * cw * dist + r_del * dist * ci) / dist
    dmin = unit_delay(size, dist, rw)
    if tolerance:
        d = 0.0
        while d < dmin * (1 + tolerance) and (halving or size >= 1):
            size = size / 2 if halving else size - 1
            dist *= 0.9
            d = unit_delay(size, dist, rw)
            if halving and size < 1e-6:
                break
    return size, dist, rep(size)


def htree_unit(t, tolerance=0.1):
    """HTree.cpp CalculateLatency / CalculatePower per metre: the delay uses GetUnitLengthRes(), whose
    chained comparisons always pick the (2.30, 2.73e-8) row at 4x (stages 0-2) or 2x the wire width
    (quirk followed); the repeater design uses the node's wire."""
    size, dist, (r, ci, co) = repeater(t, tolerance, True)
    def r_stage(i):
        w = (4 if i <= 2 else 2) * t.wire_width_nm
        ar, rho = (2.10, 2.42e-8) if w >= 200 else (2.30, 2.73e-8)
        return rho / ((w * 1e-9) ** 2 * ar)
    def lat(i):
        rw = r_stage(i)
        return 0.7 * (r * (ci + co + WIRE_CAP * dist) + 0.5 * rw * dist * WIRE_CAP * dist + rw * dist * ci) / dist
    e = (ci + co + WIRE_CAP * dist) * t.vdd ** 2 / dist * 0.25
    return lat, e


def htree_read(t, n_row, n_col, unit_h, unit_w):
    """Root-to-leaf path of an H-tree over n_row x n_col units: latency and energy per bit (HTree.cpp)."""
    lat_of, e_unit = htree_unit(t)
    stages = 2 * math.ceil(math.log2(max(n_row, n_col))) + 1 if max(n_row, n_col) > 1 else 1
    half = (stages - 1) // 2
    lv, lh = unit_h * 2 ** half, unit_w * 2 ** half
    lat = length = 0.0
    last = lat_of(0)
    for i in range(half):
        last = lat_of(i)
        lv /= 2; lh /= 2
        lat += (lv + lh) * last
        length += lv + lh
    xc = math.floor(math.log2(min(n_row, n_col))) if min(n_row, n_col) > 1 else 0
    if n_col - xc < 1:
        xc -= 1
    main = min(n_col - xc, xc) * unit_w
    lat += main * last
    # energy uses lengths starting from half of the first stage (HTree::CalculatePower)
    lv, lh, el = unit_h * 2 ** half / 2, unit_w * 2 ** half / 2, 0.0
    for i in range(half):
        lv /= 2; lh /= 2
        el += lv + lh
    return lat, (el + main) * e_unit


def bus_read(t, length):
    """Bus.cpp: repeated wire (size decremented to 110 % of the optimal delay is NOT applied: the PE
    buses are initialised with tolerance 0); latency and energy per bit for one read over `length`."""
    size, dist, (r, ci, co) = repeater(t, 0, False)
    rw = t.r_wire
    unit = 0.7 * (r * (ci + co + WIRE_CAP * dist) + 0.5 * rw * dist * WIRE_CAP * dist + rw * dist * ci) / dist
    e = (ci + co + WIRE_CAP * dist) * t.vdd ** 2 / dist * 0.25
    return length * unit, length * e


# --------------------------------------------------------------------------------------------------
# ADCs (MultilevelSenseAmp.cpp, CurrentSenseAmp.cpp, MultilevelSAEncoder.cpp, SarADC.cpp)
MLSA_LAT_FIT = {130: (0.2679, 0.0478), 90: (0.0586, 1.41), 65: (0.1239, 0.6642), 45: (0.0714, 0.7651), 32: (0.0714, 0.7651)}
MLSA_P = {  # current mode: per-level uW, (c, d) of c exp(-d log10 R)
    'LSTP': {130: (18.09, 0.1380, 2.303), 90: (12.612, 0.1023, 2.303), 65: (8.4147, 0.0972, 2.303), 45: (6.3162, 0.075, 2.303),
             32: (3.0875, 0.0649, 2.297), 22: (1.7, 0.0631, 2.303), 14: (1.0, 0.0508, 2.303), 10: (0.55, 0.0315, 2.303), 7: (0.35, 0.0235, 2.303)},
    'HP': {130: (19.898, 0.17452, 2.367), 90: (13.09, 0.149, 2.345), 65: (9.9579, 0.1083, 2.321), 45: (7.7017, 0.0754, 2.296),
           32: (3.9648, 0.079, 2.313), 22: (1.8939, 0.073, 2.311), 14: (1.2, 0.0584, 2.311), 10: (0.8, 0.0318, 2.311), 7: (0.5, 0.021, 2.311)},
}
SAR_P = {  # uW = a log2 L + b, plus c exp(-d log10 R)
    'LSTP': {130: (8.4483, 65.243, 0.169380, 2.303), 90: (5.9869, 37.462, 0.144323, 2.303), 65: (3.7506, 25.844, 0.121272, 2.303),
             45: (2.1691, 16.693, 0.100225, 2.303), 32: (1.1294, 8.8998, 0.079449, 2.297), 22: (0.538, 4.3753, 0.072341, 2.303),
             14: (0.3132, 2.5681, 0.061085, 2.303), 10: (0.1823, 1.5073, 0.051580, 2.303), 7: (0.1061, 0.8847, 0.043555, 2.303)},
    'HP': {130: (6.4806, 49.047, 0.207452, 2.367), 90: (4.3474, 31.782, 0.164900, 2.345), 65: (2.9503, 22.047, 0.128483, 2.321),
           45: (2.1843, 11.931, 0.097754, 2.296), 32: (1.0157, 7.6286, 0.083709, 2.313), 22: (0.7213, 3.3041, 0.084273, 2.311),
           14: (0.4710, 1.9529, 0.060584, 2.311), 10: (0.3076, 1.1543, 0.049418, 2.311), 7: (0.2008, 0.6823, 0.040310, 2.311)},
}


def mlsa(t, roadmap, levels, r_col):
    """One conversion of the multi-level sense amplifier: latency (T_max fit, [1, 10] ns; 1 ns at HP or <= 22 nm),
    energy P x T, area (L - 1) x (current sense amp of 40 PMOS + 9 NMOS + 9 PMOS) + encoder. The CSA's
    48-NMOS term multiplies uninitialised locals in CurrentSenseAmp::CalculateUnitArea and is left out."""
    if roadmap == 'HP' or t.node <= 22:
        lat = 1e-9
    else:
        a, b = MLSA_LAT_FIT[t.node]
        lat = min(10e-9, max(1e-9, (a * math.log(r_col / 1e3) + b) * 1e-9))
    pl, c, d = MLSA_P[roadmap][t.node]
    p = pl * (levels - 1) * 1e-6 + c * math.exp(-d * math.log10(r_col))
    dev = t.dev_area()
    area = (levels - 1) * (40 + 18) * dev + encoder_area(t, levels)
    return lat, p * lat, area


def encoder_area(t, levels):
    """MultilevelSAEncoder: 2 INV + NAND2 + a ceil(L/2)-input NAND per encoder, (L - 1) cells tall."""
    F = t.F
    n_in = math.ceil(levels / 2)
    w = 2 * (2 * POLY_PITCH * F) + (3 * POLY_PITCH * F) + (n_in + 1) * POLY_PITCH * F
    return w * (levels - 1) * t.height


def encoder(t, levels):
    F = t.F
    inv = Gate(t, MIN_NMOS_SIZE * F, t.pn * MIN_NMOS_SIZE * F)
    nand = Gate(t, 2 * MIN_NMOS_SIZE * F, t.pn * MIN_NMOS_SIZE * F, 'nand', 2)
    n_in = math.ceil(levels / 2)
    big = Gate(t, 2 * MIN_NMOS_SIZE * F, t.pn * MIN_NMOS_SIZE * F, 'nand', n_in)
    d1, r1 = horowitz(2 * t.ron(inv.wn) * (inv.cout + 2 * nand.cin))
    d2, _ = horowitz(t.ron(nand.wp, True) * (nand.cout + big.cin * n_in), r1)
    n_gate = math.ceil(math.log2(levels))
    v2 = t.vdd ** 2
    e = ((inv.cin + inv.cout) + (nand.cin + nand.cout)) * v2 * (levels + n_gate) + (big.cin + big.cout) * v2 * n_gate
    return d1 + d2, e


def sar(t, roadmap, levels, r_col):
    """SarADC.cpp: latency (log2 L + 1) ns, energy P x latency, area 269 + 109 (b - 1) NMOS and 209 + 73 (b - 1) PMOS."""
    bits = math.log2(levels)
    lat = (bits + 1) * 1e-9
    a, b, c, d = SAR_P[roadmap][t.node]
    p = (a * bits + b) * 1e-6 + c * math.exp(-d * math.log10(r_col))
    area = ((269 + (bits - 1) * 109) + (209 + (bits - 1) * 73)) * t.dev_area()
    return lat, p * lat, area


# --------------------------------------------------------------------------------------------------
# Floorplan (Chip.cpp ChipDesignInitialize / ChipFloorPlan / PEDesign / SubArrayDup / OverallEachLayer)
VGG8 = [  # IFM H, W, Cin, K, K, Cout, maxpool-after, stride (NetWork.csv)
    (32, 32, 3, 3, 3, 128, 0, 1), (32, 32, 128, 3, 3, 128, 1, 1), (16, 16, 128, 3, 3, 256, 0, 1),
    (16, 16, 256, 3, 3, 256, 1, 1), (8, 8, 256, 3, 3, 512, 0, 1), (8, 8, 512, 3, 3, 512, 1, 1),
    (1, 1, 8192, 1, 1, 1024, 0, 1), (1, 1, 1024, 1, 1, 10, 0, 1),
]


def floorplan(net, cps, sub=128, novel=True):
    n = len(net)
    most = num_pe = 0
    for i in range(n):
        tmp = net[i][3] * net[i][4]
        cnt = 1
        for j in range(n):
            if tmp == net[j][3] * net[j][4]:
                cnt += 1
            if most < cnt:
                most, num_pe = cnt, tmp
    mark, max_pe_nm, max_tile_cm = [], 0, 0
    for l in net:
        cube = 2 ** math.ceil(math.log2(l[5] * cps))
        if novel and l[3] * l[4] == num_pe and l[2] * l[3] * l[4] >= sub:
            mark.append(1); max_pe_nm = max(max_pe_nm, cube)
        else:
            mark.append(0); max_tile_cm = max(max_tile_cm, cube)
    rows = lambda l: l[2] * l[3] * l[4]
    def tile_nm(pe):
        tiles = sum(math.ceil(l[2] / pe) * math.ceil(l[5] * cps / pe) for l, m in zip(net, mark) if m)
        tot = sum(rows(l) * l[5] * cps for l, m in zip(net, mark) if m)
        return tiles, tot / (tiles * pe * pe * num_pe) if tiles else 0
    def tile_cm(ts):
        tiles = sum(math.ceil(rows(l) / ts) * math.ceil(l[5] * cps / ts) for l, m in zip(net, mark) if not m)
        tot = sum(rows(l) * l[5] * cps for l, m in zip(net, mark) if not m)
        return tiles, tot / (tiles * ts * ts) if tiles else 0
    def best_size(start, floor, design):
        # best utilisation from the largest power-of-two size down, ties keep the larger (Chip.cpp)
        size, (tiles, best) = start, design(start)
        s = start
        while s > floor:
            tl, u = design(s)
            if u > best:
                best, size, tiles = u, s, tl
            s /= 2
        return size, tiles, best
    pe_nm, ntile_nm, _ = best_size(max(max_pe_nm, 2 * sub), 2 * sub, tile_nm)
    ts_cm, ntile_cm, best_cm = best_size(max(max_tile_cm, 4 * sub), 4 * sub, tile_cm)
    def pe_dup(pe):
        dup, tot = [], 0
        for l, m in zip(net, mark):
            if not m and (rows(l) <= ts_cm or l[5] * cps <= ts_cm):
                npe = math.ceil(ts_cm / pe)
                dr = max(1, npe // math.ceil(rows(l) / pe)); dc = max(1, npe // math.ceil(l[5] * cps / pe))
            else:
                dr = dc = 1
            if not m:
                tot += dr * dc * rows(l) * l[5] * cps
            dup.append((dr, dc))
        return dup, tot / (ntile_cm * ts_cm * ts_cm)
    pe_cm, s = ts_cm / 2, ts_cm / 2
    while s > 2 * sub:
        _, u = pe_dup(s)
        if u > best_cm:
            best_cm, pe_cm = u, s
        s /= 2
    pdup, _ = pe_dup(pe_cm)
    out = []
    for (l, m, (pr, pc)) in zip(net, mark, pdup):
        side = pe_nm if m else pe_cm
        r = l[2] if m else rows(l)
        if r <= side or l[5] * cps <= side:
            nsub = math.ceil(side / sub)
            sr = max(1, nsub // math.ceil(r / sub)); sc = max(1, nsub // math.ceil(l[5] * cps / sub))
        else:
            sr = sc = 1
        if m:
            tiles = (math.ceil(l[2] / pe_nm), math.ceil(l[5] * cps / pe_nm))
        else:
            tiles = (math.ceil(rows(l) / ts_cm), math.ceil(l[5] * cps / ts_cm))
        out.append(dict(nm=m, tiles=tiles, speed=(pr * sr, pc * sc)))
    return dict(layers=out, pe_nm=pe_nm, num_pe_nm=num_pe, tile_cm=ts_cm, pe_cm=pe_cm, ntile_nm=ntile_nm, ntile_cm=ntile_cm, sub=sub)


# --------------------------------------------------------------------------------------------------
# The calibration point (DNN+NeuroSim V2.1 default: VGG-8, FeFET, 32 nm LSTP) and its statistics
DEFAULT = dict(node=32, roadmap='LSTP', clk=1e9, adc='mlsa', adc_bits=6, col_mux=8, cell_bits=5, weight_bits=5,
               in_bits=8, r_on=240e3, on_off=100, levels=60, v_w=4.0, v_w2=4.0, t_w=50e-9, v_read=0.5, cell='fefet',
               cell_w=4, cell_h=4, wg_bits=4, batch=200, iters=250, dram_bw=15.2e12, dram_e=3.9e-12, r_access=15e3,
               activity=[0.444, 0.146, 0.129, 0.128, 0.095, 0.094, 0.17, 0.165], change=0.16, grad_bits=5)
# NeuroSim's printed breakdown at that point (per epoch): the weights of the per-component ratios
PUB_LAT = dict(adc=1.819, accum=11.08, array=0.9905, buffer=66.32, ic=24.21)
PUB_LAT_TOTAL, PUB_WU_LAT = 122.1, 0.6654
PUB_E = dict(adc=0.7219, accum=0.3398, array=0.06422, buffer=0.1864, ic=1.443, dram=76.03)
PUB_E_TOTAL, PUB_WU_E = 87.1, 0.000725
PUB_AREA = dict(adc=54.02e-6, ic=11.97e-6, accum=9.683e-6, wg=9.615e-6, other=9.562e-6, array=0.3651e-6)
COMPONENTS = ('adc', 'accum', 'array', 'buffer', 'ic', 'dram', 'wg', 'wu')


def chip(d):
    """Per-component latency (s / image, WU s / batch), energy (J / image, WU J / batch) and area (m^2)
    of VGG-8 training, counted the way Chip/Tile/ProcessingUnit/SubArray/WeightGradientUnit count."""
    t = Tech(d['node'], d['roadmap'])
    clk, sub, mux, nb = d['clk'], 128, d['col_mux'], d['in_bits']
    sram = d['cell'] == 'sram'
    cps = math.ceil(d['weight_bits'] / (1 if sram else d['cell_bits']))
    fp = floorplan(VGG8, cps)
    levels = 2 ** d['adc_bits']
    Fa = t.F if sram else t.wire_width  # SRAM cells are laid out at the logic node (SubArray::Initialize)
    cw, ch = (20, 8) if sram else (d['cell_w'], d['cell_h'])
    g_on = 1 / d['r_on']
    g_mean = 0.5 * (g_on + g_on / d['on_off'])
    r_acc_read = t.ron(1.31 * t.F) if sram else (0.0 if d['cell'] == 'fefet' else d['r_access'])

    def col_res(active):  # GetColumnResistance: active rows in parallel (FeFET: no access device)
        if sram:
            return (r_acc_read + t.r_wire * ch * Fa) / max(1, active)
        return 1 / max(1e-30, active / (1 / g_mean + r_acc_read))

    def adc(active):
        return (sar if d['adc'] == 'sar' else mlsa)(t, d['roadmap'], levels, col_res(active))
    enc_l, enc_e = encoder(t, levels) if d['adc'] == 'mlsa' else (0.0, 0.0)
    sa_l, sa_e = shift_add(t, int(math.log2(levels)) + cps, clk)
    sa_w = shift_add(t, int(math.log2(levels)), clk) if cps > 1 else (0.0, 0.0)
    # switch matrix per bit vector (NewSwitchMatrix: TG into the WL + a DFF half clock per read)
    tg = 1 / (1 / t.ron(MIN_NMOS_SIZE * t.F) + 1 / t.ron(t.pn * MIN_NMOS_SIZE * t.F, True))
    cap_row = sub * cw * Fa * WIRE_CAP
    cap_col = sub * ch * Fa * WIRE_CAP
    sw_l = horowitz(tg * (5 * t.drain_cap(MIN_NMOS_SIZE * t.F) + cap_row) + t.r_wire * sub * cw * Fa * cap_row / 2)[0] + 0.5 / clk
    if sram:  # SRAM read: precharge + bit-line discharge through access and pull-down (SubArray, SRAM parallel)
        tau = (r_acc_read + t.ron(2.08 * t.F)) * (t.drain_cap(1.31 * t.F) + cap_col) + t.r_wire * sub * ch * Fa * cap_col / 2
        col_l = horowitz(tau * math.log(t.vdd / (t.vdd - 0.1 / 2)))[0]
    else:
        col_l = cap_col * (1 / g_mean + r_acc_read) / (sub / 2) * 0.2 * mux / nb
    # geometry: sub-array and PE sides from their areas
    adc_area = adc(20)[2]
    array_area = sub * sub * cw * ch * Fa * Fa
    n_sub = fp['ntile_nm'] * fp['num_pe_nm'] * (fp['pe_nm'] / sub) ** 2 + fp['ntile_cm'] * math.ceil(fp['tile_cm'] / fp['pe_cm']) ** 2 * (fp['pe_cm'] / sub) ** 2
    ref = Tech(32, 'LSTP')
    f2 = (t.F * t.height) / (ref.F * ref.height)
    logic_per_sub = (PUB_AREA['accum'] + PUB_AREA['other'] + PUB_AREA['ic']) / 1360 * f2
    sub_side = math.sqrt(array_area + 2 * (sub // mux) * adc_area + logic_per_sub)
    n_pe_cm = math.ceil(fp['tile_cm'] / fp['pe_cm'])
    pe_side = sub_side * (fp['pe_cm'] / sub)
    tile_side = pe_side * math.sqrt(max(fp['num_pe_nm'], n_pe_cm ** 2))
    # buffers, trees, buses
    tin_l, tin_e = reg_buffer(t, 1024, 32, clk)
    acc_bits = int(math.log2(levels)) + nb + 1 + math.ceil(math.log2(fp['pe_cm'] / sub))
    out_bits = acc_bits * n_pe_cm * sub // mux
    out_w = 32 if out_bits >= 1024 else acc_bits * n_pe_cm
    tout_l, tout_e = reg_buffer(t, min(out_bits, 1024), out_w, clk)
    gb_l, gb_e = reg_buffer(t, 128 * 128, 128, clk)
    n_tiles = sum(l['tiles'][0] * l['tiles'][1] for l in fp['layers'])
    nrow = math.ceil(math.sqrt(n_tiles))
    g_bus = sum((fp['pe_nm'] * math.ceil(math.sqrt(fp['num_pe_nm'])) if l['nm'] else fp['tile_cm']) * (1 + 1 / mux) for l in fp['layers'])
    while g_bus > 8192:
        g_bus /= 2
    gh_l, gh_e = htree_read(t, nrow, nrow, tile_side, tile_side)
    th_l, th_e = htree_read(t, n_pe_cm, n_pe_cm, pe_side, pe_side)
    n_sub_side = math.ceil(fp['pe_cm'] / sub)
    bus_l, bus_e = bus_read(t, sub_side * (n_sub_side - 1))
    dff_e = dff_bit_energy(t)
    # global buffer cores and write parallelism (ChipInitialize)
    wg_rows = (32 - 3 + 1) ** 2
    wg_in_row, wg_in_col = wg_rows // 128, (128 * nb) // 128
    out_prec = d['wg_bits'] + nb + math.ceil(math.log2(wg_in_row))
    buf = nb * 32 * 32 * 128
    ovh = sub * sub * cps * (out_prec + math.ceil(math.log2(d['batch'])))
    wpar = math.floor(ovh / (sub * sub * d['weight_bits']))
    while buf + ovh < 2 * buf:
        ovh *= 2
        wpar *= 2
    gb_par = min(math.ceil((buf + ovh) / (128 * 128)), math.ceil(g_bus / 128))
    # WG unit: 128 x 128 SRAM at the logic node, wg_bits MLSA (or SAR) per 8 rows (WeightGradientUnit, parallelBP)
    wcap_col = 128 * 8 * t.F * WIRE_CAP
    wres_col = 128 * 8 * t.F * t.r_wire
    r_acc = t.ron(1.31 * t.F)
    tau = (r_acc + t.ron(2.08 * t.F)) * (t.drain_cap(1.31 * t.F) + wcap_col) + wres_col * wcap_col / 2
    wg_col_l = horowitz(tau * math.log(t.vdd / (t.vdd - 0.1 / 2)))[0]
    wg_levels = 2 ** d['wg_bits']
    wg_enc = encoder(t, wg_levels) if d['adc'] == 'mlsa' else (0.0, 0.0)
    wg_sa = shift_add(t, d['wg_bits'] + nb + 1, clk)
    r_pull = (t.ron(2.08 * t.F) + t.ron(1.23 * t.F, True)) / 2
    c_cell = (t.drain_cap(1.31 * t.F) + t.drain_cap(2.08 * t.F) + t.drain_cap(1.23 * t.F, True)
              + t.gate_cap(2.08 * t.F) + t.gate_cap(1.23 * t.F))
    dram_t, dram_e = 1 / d['dram_bw'], d['dram_e']
    lat = dict.fromkeys(COMPONENTS, 0.0)
    en = dict.fromkeys(COMPONENTS, 0.0)
    per_layer = []
    pulses = math.ceil(d['levels'] / 2 ** d['grad_bits'] - 1e-9)
    for i, (H, W, C, K, _, M, pool, stride) in enumerate(VGG8):
        lat0, en0 = dict(lat), dict(en)
        L = fp['layers'][i]
        nm = L['nm']
        a = d['activity'][i]
        P = ((H - K + 1) // stride) * ((W - K + 1) // stride)  # NeuroSim simulates the unpadded windows
        nvec = P * nb
        rows = C * K * K
        spd = L['speed'][0] * L['speed'][1]
        ntile = L['tiles'][0] * L['tiles'][1]
        rows_pe = min(C, fp['pe_nm']) if nm else min(rows, fp['pe_cm'])
        rb_pe = math.ceil(rows_pe / sub)
        rb = math.ceil((C if nm else rows) / sub)
        k2 = K * K if nm else 1
        phases = 1 if i == 0 else 2  # FW, and AG except layer 1 (same structure: NeuroSim reuses the column resistance)
        c_l, c_e, _ = adc(a * min(rows_pe, sub))
        tree_l, tree_e = adder_tree(t, rb_pe, int(math.log2(levels)) + nb + 1)
        # ---- one phase (FW or AG), per image
        ph = dict.fromkeys(COMPONENTS, 0.0)
        ph['adc'] = nvec * mux * (c_l + enc_l) / spd
        ph['accum'] = (nvec * (sa_l + sa_w[0]) + P * mux * tree_l) / spd
        ph['array'] = nvec * (mux * sw_l + col_l + (mux * 0 if not sram else 0)) / spd
        ph['buffer'] = (nvec * rb_pe + P) * 0.5 / clk / spd
        ph['ic'] = ((rows_pe * nvec / sub) + (M * math.log2(levels) * P / (n_sub_side * sub))) * bus_l / spd
        npe_t = fp['num_pe_nm'] if nm else 1
        bits_in_t = (min(rows, fp['pe_nm'] * fp['num_pe_nm']) if nm else min(rows, fp['tile_cm'])) * nvec
        bits_out_t = M * (1 + acc_bits) * nvec / nb / npe_t
        ph['buffer'] += 2 * bits_in_t / 32 / min(n_pe_cm, math.ceil(n_pe_cm * sub / 32)) * tin_l + 2 * bits_out_t / out_w * tout_l
        ph['ic'] += (bits_in_t + bits_out_t) / (n_pe_cm * sub) * th_l
        ph['accum'] += mux * adder_tree(t, npe_t if nm else math.ceil(rows / fp['pe_cm']), acc_bits)[0]
        gb_out = rows * nb * P / (K if nm else 1)
        gb_in = M * nb * P / (4 if pool else 1)
        ph['buffer'] += 2 * (gb_out + gb_in) / 128 / gb_par * math.ceil(n_tiles / ntile) * gb_l
        ph['ic'] += (gb_out + gb_in) / g_bus * gh_l
        if L['tiles'][0] > 1:
            ph['accum'] += L['tiles'][1] * M * math.ceil(P / math.ceil(fp['tile_cm'] / mux)) * adder_tree(t, L['tiles'][0], acc_bits + 2)[0]
        dram_act = H * W * nb
        ph['dram'] = 2 * dram_act * dram_t
        for k in COMPONENTS:
            lat[k] += ph[k] * phases
        # energies of one phase
        conv = nvec * k2 * rb * M * cps
        e = dict.fromkeys(COMPONENTS, 0.0)
        e['adc'] = conv * (c_e + enc_e)
        # ShiftAdd::CalculatePower(numColMuxed reads) on every one of the numCol/numColMuxed adders: one
        # shift-add per conversion; the global accumulation charges every one of its adder trees per read
        e['accum'] = conv * (sa_e + sa_w[1]) + P * M * cps * max(0, rb * k2 - 1) * adder(t, acc_bits)[1]
        if L['tiles'][0] > 1:
            n_trees = math.ceil(max(fp['tile_cm'], math.ceil(math.sqrt(fp['num_pe_nm'])) * fp['pe_nm']) / mux)
            e['accum'] += L['tiles'][1] * M * math.ceil(P / n_trees) * n_trees * adder_tree(t, L['tiles'][0], acc_bits + 2)[1]
        # array lines, and the WL switch matrix: a DFF per row clocked per read and its TGs (NewSwitchMatrix)
        n_sub_vec = nvec * k2 * rb * math.ceil(M * cps / sub)
        rows_act = min(rows_pe, sub)
        e['array'] = n_sub_vec * (min(M * cps, sub) * cap_col * d['v_read'] ** 2 + a * rows_act * cap_row * t.vdd ** 2)
        e['array'] += n_sub_vec * mux * rows_act * (dff_e + a * 3 * (2 * Gate(t, MIN_NMOS_SIZE * t.F, t.pn * MIN_NMOS_SIZE * t.F).cin + cap_row) * t.vdd ** 2)
        e['buffer'] = 2 * (bits_in_t + bits_out_t) * tin_e * ntile + 2 * (gb_in + gb_out) * gb_e + (nvec * rows + P * M * acc_bits) * dff_e
        e['ic'] = (bits_in_t + bits_out_t) * ntile * th_e + (gb_in + gb_out) * gh_e + rows * nvec * bus_e
        e['dram'] = 2 * dram_act * dram_e
        for k in COMPONENTS:
            en[k] += e[k] * phases
        # ---- WG per image: SRAM-CIM unit, the gradient's round trip through buffer and DRAM, accumulation
        r_wg = (r_acc + t.r_wire * 128 * 8 * t.F) / max(1, math.ceil(128 * a))
        w_l, w_e, _ = (sar if d['adc'] == 'sar' else mlsa)(t, d['roadmap'], wg_levels, r_wg)
        t_read = max(sw_l, 0) + wg_col_l * nb + 8 * nb * (w_l + wg_enc[0]) + wg_sa[0]
        t_read += mux * adder_tree(t, wg_in_row, d['wg_bits'] + nb + 1)[0]
        m_row, m_col = P, C * nb
        need_r, need_c = max(1, math.ceil(m_row / 128)), max(1, math.ceil(m_col / 128))
        su = (max(1, wg_in_row // need_r) * max(1, wg_in_col // need_c)) if m_row != 1 else wg_in_row * max(1, m_col // 128)
        t_write = horowitz(r_pull * c_cell)[0] * 128 * a
        used = m_row * m_col / (wg_in_row * wg_in_col * 128 * 128)
        # WeightGradientUnit::CalculatePower: the sense amplifiers are charged for all 128 columns at each of
        # the numRowMuxedWG x numBitInput steps, the encoders per group; every step precharges the bit lines
        e_read = 128 * mux * nb * w_e + 128 / mux * mux * nb * wg_enc[1] + 128 / mux * nb * wg_sa[1]
        e_read += mux * nb * 128 * (wcap_col + 128 * t.drain_cap(1.31 * t.F)) * t.vdd ** 2
        e_write = c_cell * t.vdd ** 2 * 2 * (128 * a) ** 2
        wbits = rows * M * out_prec
        acc_l, acc_e = adder(t, out_prec + math.ceil(math.log2(d['batch'])))
        lat['wg'] += (M * t_read / su + t_write) * K * K + math.ceil(rows * M / (wpar * sub * sub)) * acc_l
        en['wg'] += (M * e_read + e_write) * wg_in_row * wg_in_col * used * K * K + rows * M * acc_e
        lat['buffer'] += 2 * (gb_out + gb_in) / 128 / gb_par * math.ceil(n_tiles / ntile) * gb_l + 4 * wbits / 128 / gb_par * gb_l
        en['buffer'] += 2 * (gb_in + gb_out) * gb_e + 4 * wbits * gb_e
        lat['dram'] += 2 * dram_act * dram_t + 2 * wbits * dram_t
        en['dram'] += 2 * dram_act * dram_e + 2 * wbits * dram_e
        # ---- WU per batch (GetWriteUpdateEstimation + SubArray write latency): row by row, each row
        # (max SET + max RESET pulses) x mean pulse width plus the SL switch-matrix RC per written row;
        # every sub-array written in turn (copies as Tile.cpp, below), / numArrayWriteParallel; the
        # delta weights also cross the tile input buffer and H-tree.
        q = d['change']
        cols_sub = min(M * cps, sub)
        rows_sub = min(C if nm else rows, sub)
        n_subs = rb * k2 * math.ceil(M * cps / sub) * spd  # every copy is written (energy)
        # Tile.cpp: the PEs of a fully duplicated conventional tile are written in turn (latency x numPE^2);
        # sub-array copies in a PE, partial duplication and novel-mapped copies are written together
        full_dup = not nm and L['speed'][0] >= n_pe_cm and L['speed'][1] >= n_pe_cm
        n_subs_turns = rb * k2 * math.ceil(M * cps / sub) * (n_pe_cm ** 2 if full_dup else 1)
        set_max = pulses * (1 - (1 - q / 2) ** cols_sub)
        sel = max(1, math.ceil(cols_sub * q / 2))
        tot_set = rows_sub * set_max
        cap_sl = cap_col + rows_sub * t.drain_cap(max(0.1, 0.276) * t.F)
        sw_w = horowitz(tg * (5 * t.drain_cap(MIN_NMOS_SIZE * t.F) + cap_sl) + t.r_wire * sub * ch * Fa * cap_sl / 2)[0]
        t_w = d['t_w']
        vw = math.hypot(d['v_w'], d['v_w2'])
        if sram:
            t_sub_w = rows_sub * (horowitz(r_pull * c_cell)[0] + 2 * sw_w)
            e_sub_w = rows_sub * cols_sub * q * c_cell * t.vdd ** 2 * 2 + 2 * rows_sub * cap_row * t.vdd ** 2
        else:
            t_sub_w = 2 * tot_set * t_w + 2 * rows_sub * sw_w + 0.5 / clk
            e_lines = 2 * tot_set * cap_row * t.vdd ** 2
            if d['cell'] == 'fefet':
                e_lines += 2 * (cap_col + 2.17e-18 * rows_sub) * vw ** 2 * sel * tot_set
                e_cell = rows_sub * cols_sub * q * 2 * 20 * 0.01 * vw * 2 * t.F ** 2
            else:
                e_lines += 2 * (cap_col * vw ** 2 * (cols_sub - sel) + cap_row * vw ** 2 * sel) * tot_set
                dg = (g_on - g_on / d['on_off']) / d['levels']
                e_cell = rows_sub * cols_sub * q * pulses * vw ** 2 / ((1 / g_mean + 1 / (g_mean + dg)) / 2) * t_w
            e_sub_w = e_lines + e_cell
        delta_bits = rows * M * cps
        lat['wu'] += (n_subs_turns * t_sub_w + 2 * delta_bits / 32 / min(n_pe_cm, math.ceil(n_pe_cm * sub / 32)) * tin_l
                      + delta_bits / (n_pe_cm * sub) * th_l) / wpar
        en['wu'] += n_subs * e_sub_w + 2 * delta_bits * tin_e + delta_bits * th_e
        fw_l, fw_e = sum(ph.values()), sum(e.values())
        dl = {k: lat[k] - lat0[k] for k in lat}
        de = {k: en[k] - en0[k] for k in en}
        per_layer.append(dict(fw=fw_l, ag=fw_l if phases == 2 else 0.0, efw=fw_e, eag=fw_e if phases == 2 else 0.0,
                              wg=sum(dl[k] for k in COMPONENTS if k != 'wu') - fw_l * phases,
                              ewg=sum(de[k] for k in COMPONENTS if k != 'wu') - fw_e * phases, wu=dl['wu'], ewu=de['wu']))
    area = dict(
        adc=n_sub * 2 * (sub // mux) * adc_area, array=n_sub * array_area,
        accum=PUB_AREA['accum'] * f2 * n_sub / 1360, other=PUB_AREA['other'] * f2 * n_sub / 1360,
        wg=PUB_AREA['wg'] * f2 * ((sar(t, d['roadmap'], wg_levels, 1e4)[2] if d['adc'] == 'sar' else 1) /
                                   (sar(t, d['roadmap'], wg_levels, 1e4)[2] if d['adc'] == 'sar' else 1)),
        ic=PUB_AREA['ic'] * f2 * n_sub / 1360,
    )
    return dict(lat=lat, en=en, area=area, fp=fp, n_sub=n_sub, pulses=pulses, layers=per_layer)


def total_latency(r, d):
    """Epoch latency of the structural evaluation: (FW + AG + WG) per image x images + WU per batch x batches."""
    return sum(v for k, v in r['lat'].items() if k != 'wu') * d['batch'] * d['iters'] + r['lat']['wu'] * d['iters']


def weighted_ratio(base, new, kind):
    """Energy and area add up, so NeuroSim's printed breakdown at the calibration point is the weight of
    each component and the component is scaled by its NeuroSim-formula ratio (new / calibration). The
    energy the breakdown does not list (87.1 J minus the listed parts and WU) is the WG unit's."""
    if kind == 'area':
        return sum(PUB_AREA[k] * new['area'][k] / base['area'][k] for k in PUB_AREA) / sum(PUB_AREA.values())
    b, n = base['en'], new['en']
    s = {k: PUB_E[k] * n[k] / b[k] for k in PUB_E}
    s['wg'] = (PUB_E_TOTAL - sum(PUB_E.values()) - PUB_WU_E) * n['wg'] / b['wg']
    s['wu'] = PUB_WU_E * n['wu'] / b['wu']
    return sum(s.values()) / PUB_E_TOTAL


CHANGES = {
    'node 32 -> 22 nm': dict(node=22),
    'node 32 -> 7 nm': dict(node=7),
    'SAR vs MLSA': dict(adc='sar'),
    'RRAM (hps-envm) vs FeFET': dict(cell='rram', r_on=100e3, on_off=21, levels=31, v_w=2.0, v_w2=2.0, t_w=80e-9),
    'RRAM (alox-hfo2, 100 us pulses) vs FeFET': dict(cell='rram', r_on=1 / 59.17e-6, on_off=59.17 / 13.36, levels=40, v_w=0.9,
                                                     v_w2=1.0, t_w=100e-6),
    'PCM (gst-pcm, 16F wide) vs FeFET': dict(cell='pcm', r_on=4.71e3, on_off=19.8, levels=120, v_w=0.7, v_w2=3.0,
                                              t_w=(6e-6 + 125e-9) / 2, cell_w=16),
    'SRAM (8T, 1 bit a cell) vs FeFET': dict(cell='sram'),
    'FeFET cell bits 5 -> 1': dict(cell_bits=1),
}


def ratios():
    """Latency: the structural evaluation (NeuroSim's phase latencies are sums and maxima whose printed
    component breakdown overlaps, so they cannot weight components). Energy, area: weighted_ratio."""
    base = chip(DEFAULT)
    out = {}
    for name, patch in CHANGES.items():
        d = {**DEFAULT, **patch}
        new = chip(d)
        out[name] = dict(latency=total_latency(new, d) / total_latency(base, DEFAULT),
                         energy=weighted_ratio(base, new, 'en'), area=weighted_ratio(base, new, 'area'))
    return out


PUB_LAYERS = dict(  # NeuroSim V2.1 printed per-layer values (docs/cost.md#calibration-per-layer), per epoch
    fw=[7.962, 15.12, 4.206, 6.176, 1.53, 2.441, 0.4699, 0.02857], ag=[0, 15.18, 4.231, 6.233, 1.551, 2.485, 0.471, 0.02871],
    wg=[1.817, 11.34, 7.275, 7.767, 7.038, 8.441, 9.576, 0.01863], wu=[0.000689, 0.007529, 0.01506, 0.03012, 0.06023, 0.1205, 0.4276, 0.00372],
    efw=[0.07298, 0.5041, 0.1741, 0.2797, 0.08801, 0.1502, 0.0297, 0.000541], eag=[0, 0.508, 0.1758, 0.2832, 0.08928, 0.1528, 0.02995, 0.0005448],
    ewg=[0.1089, 3.448, 2.83, 5.659, 7.692, 15.38, 49.38, 0.06028], ewu=[4.293e-06, 3.663e-05, 4.443e-05, 5.885e-05, 8.851e-05, 0.0001476, 0.0003441, 7.313e-07])


def calibration_table():
    """How closely the structural evaluation reproduces NeuroSim's printed per-layer table (no fitting)."""
    r = chip(DEFAULT)
    n_img, n_it = DEFAULT['batch'] * DEFAULT['iters'], DEFAULT['iters']
    rows = []
    for i, l in enumerate(r['layers']):
        row = {}
        for k in PUB_LAYERS:
            ours = l[k] * (n_it if k in ('wu', 'ewu') else n_img)
            ref = PUB_LAYERS[k][i]
            row[k] = None if ref == 0 else ours / ref
        rows.append(row)
    return rows


def main():
    if '--calibration' in sys.argv:
        for i, row in enumerate(calibration_table()):
            print(f'layer {i + 1}', ' '.join(f"{k}={'-' if v is None else f'{v:.2f}'}" for k, v in row.items()))
        return
    if '--components' in sys.argv:
        base = chip(DEFAULT)
        n = DEFAULT['batch'] * DEFAULT['iters']
        print('latency s/epoch', {k: round(v * (DEFAULT['iters'] if k == 'wu' else n), 4) for k, v in base['lat'].items()})
        print('energy J/epoch', {k: round(v * (DEFAULT['iters'] if k == 'wu' else n), 5) for k, v in base['en'].items()})
        print('area mm2', {k: round(v * 1e6, 3) for k, v in base['area'].items()})
        return
    out = dict(
        about='Ratios NeuroSim\'s own models give for each design change against the DNN+NeuroSim V2.1 default '
              '(VGG-8, FeFET, 32 nm LSTP): latency from the structural evaluation of NeuroSim\'s formulas, energy and '
              'area as NeuroSim\'s printed breakdown with each component scaled by its formula ratio. '
              'Generated by python3 scripts/reference/neurosim_ref.py; sources: DNN_NeuroSim_V2.1 '
              'Training_pytorch/NeuroSIM (Technology, formula, RowDecoder, Buffer, DFF, Adder, AdderTree, ShiftAdd, '
              'HTree, Bus, MultilevelSenseAmp, MultilevelSAEncoder, SarADC, SubArray, ProcessingUnit, Tile, Chip, '
              'WeightGradientUnit).',
        changes={k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in ratios().items()},
        calibration_fit=[{k: (None if v is None else round(v, 3)) for k, v in row.items()} for row in calibration_table()],
    )
    print(json.dumps(out, indent=1))


if __name__ == '__main__':
    main()
