;; Device update kernel, WebAssembly SIMD (128-bit, four cells per step).
;;
;; Source of src/core/devices/update-kernel.wasm.ts (generated: `npm run build:wasm`; a unit test
;; checks the two agree). The JavaScript twin in update-kernel.ts (updateTabulatedJs) performs the
;; same float32 operations in the same order, so both give bit-identical conductances, counters and
;; random streams; the wrapper picks this one when the engine validates the module.
;;
;; One call updates a rows x cols layer of tabulated devices (NeuroSim affine steps, envm.ts):
;;   x = min(|dw| * k_dir, cap_dir + 1);  n = min(floor(x + u), cap_dir)  (NaN dw: n = 0)
;;       u = 0.5 (nearest) or a 24-bit uniform (stochastic rounding)
;;   n > 0:  g' = clip01(g * mul[j] + add[j] + sigmaC2c sqrt(n) z),  j = n (LTP) or off + n (LTD)
;;       z a standard normal (inverse-CDF table, exact tails via $tail)
;; Cells of a row are taken four at a time from the row's start (the last group of a row is masked);
;; cell (r, c) draws from lane c mod 4, two xoshiro128** words per cell (rounding, noise), always,
;; whether used or not, so the stream position depends only on the layer shape.
;;
;; Memory layout (byte offsets, chosen by the caller):
;;   state  16 x i32, struct-of-arrays: s0 of lanes 0-3, then s1, s2, s3
;;   out    7 x f64: cells written, rows written, LTP pulses, LTD pulses, sum of row max LTP, of row max LTD,
;;          cells requested (dw != 0: the update-efficacy diagnostics' denominator)
;;   q      4096 x (f32 Q[b], f32 Q[b+1] - Q[b]): inverse normal CDF at b / 4096
;;   tab    table entries x (f32 mul, f32 add, f32 0, f32 0)
;;   dw, g  rows * cols f32 each, plus 16 bytes of padding after each
(module
  (import "env" "tail" (func $tail (param i32) (result f32)))
  (memory (export "memory") 1)

  (func (export "update")
    (param $dw i32) (param $g i32) (param $rows i32) (param $cols i32)
    (param $tab i32) (param $off i32)
    (param $kUp f32) (param $kDown f32) (param $capUp i32) (param $capDown i32)
    (param $stoch i32) (param $noisy i32)
    (param $state i32) (param $out i32) (param $q i32)
    (param $sigma f32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128)
    (local $w1 v128) (local $w2 v128)
    (local $d v128) (local $neg v128) (local $x v128) (local $u v128) (local $a v128) (local $nz v128)
    (local $j v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $lo v128) (local $hi v128)
    (local $mul v128) (local $add v128) (local $amp v128) (local $g0 v128) (local $v v128)
    (local $b v128) (local $z v128) (local $qa v128) (local $qb v128)
    (local $aUp v128) (local $aDown v128) (local $req v128)
    (local $rowUp v128) (local $rowDown v128) (local $rowCells v128) (local $rowPUp v128) (local $rowPDown v128)
    (local $kUpV v128) (local $kDownV v128) (local $xcUpV v128) (local $xcDownV v128)
    (local $capUpV v128) (local $capDownV v128) (local $offV v128)
    (local $r i32) (local $c i32) (local $p i32) (local $rem i32) (local $i i32)
    (local $cells f64) (local $rowsW f64) (local $pUp f64) (local $pDown f64) (local $sumUp f64) (local $sumDown f64)
    (local $rc i32) (local $ru i32) (local $rd i32)

    (local.set $kUpV (f32x4.splat (local.get $kUp)))
    (local.set $kDownV (f32x4.splat (local.get $kDown)))
    (local.set $xcUpV (f32x4.splat (f32.convert_i32_s (i32.add (local.get $capUp) (i32.const 1)))))
    (local.set $xcDownV (f32x4.splat (f32.convert_i32_s (i32.add (local.get $capDown) (i32.const 1)))))
    (local.set $capUpV (i32x4.splat (local.get $capUp)))
    (local.set $capDownV (i32x4.splat (local.get $capDown)))
    (local.set $offV (i32x4.splat (local.get $off)))
    (local.set $s0 (v128.load (local.get $state)))
    (local.set $s1 (v128.load offset=16 (local.get $state)))
    (local.set $s2 (v128.load offset=32 (local.get $state)))
    (local.set $s3 (v128.load offset=48 (local.get $state)))

    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $rowUp (v128.const i32x4 0 0 0 0))
        (local.set $rowDown (v128.const i32x4 0 0 0 0))
        (local.set $rowCells (v128.const i32x4 0 0 0 0))
        (local.set $rowPUp (v128.const i32x4 0 0 0 0))
        (local.set $rowPDown (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_s (local.get $c) (local.get $cols)))
            ;; byte offset of cell (r, c)
            (local.set $p (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))
            (local.set $rem (i32.sub (local.get $cols) (local.get $c)))

            ;; --- two xoshiro128** words per lane (Blackman & Vigna 2018): w = rotl(s1 * 5, 7) * 9
            ;; (x * 5 = (x << 2) + x and x * 9 = (x << 3) + x: shifts are cheaper than i32x4.mul)
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w1 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w2 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))

            ;; --- pulses: lanes past the row's end see dw = 0
            (local.set $d (v128.and
              (v128.load (i32.add (local.get $dw) (local.get $p)))
              (i32x4.gt_s (i32x4.splat (local.get $rem)) (v128.const i32x4 0 1 2 3))))
            ;; a NaN change asks for no pulses
            (local.set $d (v128.and (local.get $d) (f32x4.eq (local.get $d) (local.get $d))))
            ;; requested changes, counted per lane (dw is 0 past the row's end and for NaN)
            (local.set $req (i32x4.sub (local.get $req) (f32x4.ne (local.get $d) (v128.const f32x4 0 0 0 0))))
            (local.set $neg (f32x4.lt (local.get $d) (v128.const f32x4 0 0 0 0)))
            ;; pmin(a, b) = b < a ? b : a (one instruction; min would add NaN handling)
            (local.set $x (f32x4.pmin
              (f32x4.mul (f32x4.abs (local.get $d)) (v128.bitselect (local.get $kDownV) (local.get $kUpV) (local.get $neg)))
              (v128.bitselect (local.get $xcDownV) (local.get $xcUpV) (local.get $neg))))
            (local.set $u (select (result v128)
              (f32x4.mul (f32x4.convert_i32x4_s (i32x4.shr_u (local.get $w1) (i32.const 8))) (v128.const f32x4 0x1p-24 0x1p-24 0x1p-24 0x1p-24))
              (v128.const f32x4 0.5 0.5 0.5 0.5)
              (local.get $stoch)))
            ;; n = floor(x + u) as an integer: x + u is in [0, cap + 2) < 2^23, so the bits of
            ;; floor(x + u) + 2^23 minus the bits of 2^23 are the integer (cheaper than trunc_sat)
            (local.set $a (i32x4.min_s
              (i32x4.sub
                (f32x4.add (f32x4.floor (f32x4.add (local.get $x) (local.get $u))) (v128.const f32x4 0x1p23 0x1p23 0x1p23 0x1p23))
                (v128.const i32x4 0x4b000000 0x4b000000 0x4b000000 0x4b000000))
              (v128.bitselect (local.get $capDownV) (local.get $capUpV) (local.get $neg))))
            (local.set $nz (i32x4.ne (local.get $a) (v128.const i32x4 0 0 0 0)))

            (if (v128.any_true (local.get $nz))
              (then
                ;; --- table entries j = n or off + n: one 16-byte load per lane, then a 4x4 transpose
                (local.set $j (i32x4.shl (i32x4.add (local.get $a) (v128.and (local.get $neg) (local.get $offV))) (i32.const 4)))
                (local.set $r0 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $j)))))
                (local.set $r1 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $j)))))
                (local.set $r2 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 2 (local.get $j)))))
                (local.set $r3 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 3 (local.get $j)))))
                ;; lo = [m0 m1 a0 a1], hi = [m2 m3 a2 a3]
                (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                (local.set $add (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))
                (local.set $g0 (v128.load (i32.add (local.get $g) (local.get $p))))
                (local.set $v (f32x4.add (f32x4.mul (local.get $g0) (local.get $mul)) (local.get $add)))

                (if (local.get $noisy)
                  (then
                    ;; amp = sigma sqrt(n) (arithmetic is cheaper here than three more shuffles)
                    (local.set $amp (f32x4.mul (f32x4.sqrt (f32x4.convert_i32x4_s (local.get $a))) (f32x4.splat (local.get $sigma))))
                    ;; normal: bin b = w2 >>> 20, fraction (w2 & 0xfffff) 2^-20, z = Q[b] + f (Q[b+1] - Q[b])
                    (local.set $b (i32x4.shl (i32x4.shr_u (local.get $w2) (i32.const 20)) (i32.const 3)))
                    (local.set $qa (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 0 (local.get $b))) (local.get $qa)))
                    (local.set $qa (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 1 (local.get $b))) (local.get $qa)))
                    (local.set $qb (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 2 (local.get $b))) (local.get $qb)))
                    (local.set $qb (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 3 (local.get $b))) (local.get $qb)))
                    (local.set $z (f32x4.add
                      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $qa) (local.get $qb))
                      (f32x4.mul
                        (f32x4.mul (f32x4.convert_i32x4_s (v128.and (local.get $w2) (v128.const i32x4 0xfffff 0xfffff 0xfffff 0xfffff)))
                                   (v128.const f32x4 0x1p-20 0x1p-20 0x1p-20 0x1p-20))
                        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $qa) (local.get $qb)))))
                    ;; the two outermost bins (probability 2^-11 each): exact inverse CDF
                    (local.set $b (i32x4.shr_u (local.get $w2) (i32.const 20)))
                    (if (v128.any_true (v128.or (i32x4.eq (local.get $b) (v128.const i32x4 0 0 0 0))
                                                (i32x4.eq (local.get $b) (v128.const i32x4 4095 4095 4095 4095))))
                      (then
                        (if (i32.or (i32.eqz (i32x4.extract_lane 0 (local.get $b))) (i32.eq (i32x4.extract_lane 0 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 0 (local.get $z) (call $tail (i32x4.extract_lane 0 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 1 (local.get $b))) (i32.eq (i32x4.extract_lane 1 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 1 (local.get $z) (call $tail (i32x4.extract_lane 1 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 2 (local.get $b))) (i32.eq (i32x4.extract_lane 2 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 2 (local.get $z) (call $tail (i32x4.extract_lane 2 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 3 (local.get $b))) (i32.eq (i32x4.extract_lane 3 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 3 (local.get $z) (call $tail (i32x4.extract_lane 3 (local.get $w2)))))))))
                    (local.set $v (f32x4.add (local.get $v) (f32x4.mul (local.get $amp) (local.get $z))))))

                ;; clip to [0, 1]; cells without pulses keep their value
                ;; pmax(pmin(v, 1), 0) = (t < 0 ? 0 : t) with t = (1 < v ? 1 : v)
                (local.set $v (f32x4.pmax (f32x4.pmin (local.get $v) (v128.const f32x4 1 1 1 1)) (v128.const f32x4 0 0 0 0)))
                (v128.store (i32.add (local.get $g) (local.get $p)) (v128.bitselect (local.get $v) (local.get $g0) (local.get $nz)))

                ;; --- counters
                (local.set $aUp (v128.andnot (local.get $a) (local.get $neg)))
                (local.set $aDown (v128.and (local.get $a) (local.get $neg)))
                (local.set $rowUp (i32x4.max_s (local.get $rowUp) (local.get $aUp)))
                (local.set $rowDown (i32x4.max_s (local.get $rowDown) (local.get $aDown)))
                (local.set $rowPUp (i32x4.add (local.get $rowPUp) (local.get $aUp)))
                (local.set $rowPDown (i32x4.add (local.get $rowPDown) (local.get $aDown)))
                (local.set $rowCells (i32x4.sub (local.get $rowCells) (local.get $nz)))))

            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $colLoop)))

        ;; --- row totals
        (local.set $rc (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowCells)) (i32x4.extract_lane 1 (local.get $rowCells)))
                                (i32.add (i32x4.extract_lane 2 (local.get $rowCells)) (i32x4.extract_lane 3 (local.get $rowCells)))))
        (if (i32.gt_s (local.get $rc) (i32.const 0))
          (then
            (local.set $cells (f64.add (local.get $cells) (f64.convert_i32_s (local.get $rc))))
            (local.set $rowsW (f64.add (local.get $rowsW) (f64.const 1)))
            (local.set $rowUp (i32x4.max_s (local.get $rowUp) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rowUp) (local.get $rowUp))))
            (local.set $ru (i32x4.extract_lane 0 (local.get $rowUp)))
            (if (i32.gt_s (i32x4.extract_lane 1 (local.get $rowUp)) (local.get $ru)) (then (local.set $ru (i32x4.extract_lane 1 (local.get $rowUp)))))
            (local.set $rowDown (i32x4.max_s (local.get $rowDown) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rowDown) (local.get $rowDown))))
            (local.set $rd (i32x4.extract_lane 0 (local.get $rowDown)))
            (if (i32.gt_s (i32x4.extract_lane 1 (local.get $rowDown)) (local.get $rd)) (then (local.set $rd (i32x4.extract_lane 1 (local.get $rowDown)))))
            (local.set $sumUp (f64.add (local.get $sumUp) (f64.convert_i32_s (local.get $ru))))
            (local.set $sumDown (f64.add (local.get $sumDown) (f64.convert_i32_s (local.get $rd))))
            (local.set $pUp (f64.add (local.get $pUp) (f64.convert_i32_s
              (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowPUp)) (i32x4.extract_lane 1 (local.get $rowPUp)))
                       (i32.add (i32x4.extract_lane 2 (local.get $rowPUp)) (i32x4.extract_lane 3 (local.get $rowPUp)))))))
            (local.set $pDown (f64.add (local.get $pDown) (f64.convert_i32_s
              (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowPDown)) (i32x4.extract_lane 1 (local.get $rowPDown)))
                       (i32.add (i32x4.extract_lane 2 (local.get $rowPDown)) (i32x4.extract_lane 3 (local.get $rowPDown)))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))

    (v128.store (local.get $state) (local.get $s0))
    (v128.store offset=16 (local.get $state) (local.get $s1))
    (v128.store offset=32 (local.get $state) (local.get $s2))
    (v128.store offset=48 (local.get $state) (local.get $s3))
    (f64.store (local.get $out) (local.get $cells))
    (f64.store offset=8 (local.get $out) (local.get $rowsW))
    (f64.store offset=16 (local.get $out) (local.get $pUp))
    (f64.store offset=24 (local.get $out) (local.get $pDown))
    (f64.store offset=32 (local.get $out) (local.get $sumUp))
    (f64.store offset=40 (local.get $out) (local.get $sumDown))
    (f64.store offset=48 (local.get $out) (f64.convert_i32_s
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $req)) (i32x4.extract_lane 1 (local.get $req)))
               (i32.add (i32x4.extract_lane 2 (local.get $req)) (i32x4.extract_lane 3 (local.get $req)))))))

  ;; HPS open-loop transfer (hps.ts, docs/synapses.md#transfer) over a rows x cols layer: for each cell
  ;;   wl = 2 l - 1 (LSB weight); skipped when 0
  ;;   delta = wl / F; the target device is G+ (delta > 0) or G- (delta < 0), a = |delta|
  ;;   overflow (gT + a > 1): left alone, its index appended to the overflow list (the caller erases
  ;;     and re-programs it)
  ;;   else n = min(floor(a Pmax + 0.5), Pmax) LTP pulses on the target (affine step + c2c noise,
  ;;     clipped), and the LSB reset to 0.5 + resid (l - 0.5)
  ;; One xoshiro128** word per cell (lane c mod 4). Per row, the largest n goes to rowMax[r].
  ;; out: f64 pulses, f64 overflow count, f64 LSB cells at a rail (<= 0 or >= 1) when read.
  (func (export "transfer")
    (param $lsb i32) (param $gp i32) (param $gm i32) (param $rows i32) (param $cols i32)
    (param $tab i32) (param $F f32) (param $pMax i32) (param $resid f32) (param $noisy i32)
    (param $state i32) (param $out i32) (param $q i32) (param $rowMax i32) (param $ovf i32) (param $sigma f32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128) (local $w v128)
    (local $l v128) (local $wl v128) (local $delta v128) (local $pos v128) (local $a v128) (local $gpV v128) (local $gmV v128)
    (local $gT v128) (local $act v128) (local $ovm v128) (local $do v128) (local $n v128) (local $nz v128) (local $j v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $lo v128) (local $hi v128)
    (local $mul v128) (local $add v128) (local $amp v128) (local $v v128) (local $b v128) (local $z v128) (local $qa v128) (local $qb v128)
    (local $rowN v128) (local $rowP v128) (local $pMaxV v128) (local $pMaxF v128) (local $in v128) (local $rail v128)
    (local $r i32) (local $c i32) (local $p i32) (local $rem i32) (local $cnt i32) (local $m i32)
    (local $pulses f64)
    (local.set $pMaxV (i32x4.splat (local.get $pMax)))
    (local.set $pMaxF (f32x4.splat (f32.convert_i32_s (local.get $pMax))))
    (local.set $s0 (v128.load (local.get $state)))
    (local.set $s1 (v128.load offset=16 (local.get $state)))
    (local.set $s2 (v128.load offset=32 (local.get $state)))
    (local.set $s3 (v128.load offset=48 (local.get $state)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $rowN (v128.const i32x4 0 0 0 0))
        (local.set $rowP (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_s (local.get $c) (local.get $cols)))
            (local.set $p (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))
            (local.set $rem (i32.sub (local.get $cols) (local.get $c)))
            ;; one xoshiro128** word per lane
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))

            (local.set $l (v128.load (i32.add (local.get $lsb) (local.get $p))))
            (local.set $wl (f32x4.sub (f32x4.add (local.get $l) (local.get $l)) (v128.const f32x4 1 1 1 1)))
            (local.set $in (i32x4.gt_s (i32x4.splat (local.get $rem)) (v128.const i32x4 0 1 2 3)))
            ;; LSB cells read at a rail (saturated), counted per lane
            (local.set $rail (i32x4.sub (local.get $rail) (v128.and (local.get $in)
              (v128.or (f32x4.le (local.get $l) (v128.const f32x4 0 0 0 0)) (f32x4.ge (local.get $l) (v128.const f32x4 1 1 1 1))))))
            (local.set $act (v128.and (local.get $in) (f32x4.ne (local.get $wl) (v128.const f32x4 0 0 0 0))))
            (if (v128.any_true (local.get $act))
              (then
                (local.set $delta (f32x4.div (local.get $wl) (f32x4.splat (local.get $F))))
                (local.set $pos (f32x4.gt (local.get $delta) (v128.const f32x4 0 0 0 0)))
                (local.set $a (f32x4.abs (local.get $delta)))
                (local.set $gpV (v128.load (i32.add (local.get $gp) (local.get $p))))
                (local.set $gmV (v128.load (i32.add (local.get $gm) (local.get $p))))
                (local.set $gT (v128.bitselect (local.get $gpV) (local.get $gmV) (local.get $pos)))
                (local.set $ovm (v128.and (local.get $act) (f32x4.gt (f32x4.add (local.get $gT) (local.get $a)) (v128.const f32x4 1 1 1 1))))
                (local.set $do (v128.andnot (local.get $act) (local.get $ovm)))
                ;; overflow cells: append their indices
                (if (v128.any_true (local.get $ovm))
                  (then
                    (local.set $m (i32.shr_u (local.get $p) (i32.const 2)))
                    (if (i32x4.extract_lane 0 (local.get $ovm)) (then
                      (i32.store (i32.add (local.get $ovf) (i32.shl (local.get $cnt) (i32.const 2))) (local.get $m))
                      (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
                    (if (i32x4.extract_lane 1 (local.get $ovm)) (then
                      (i32.store (i32.add (local.get $ovf) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $m) (i32.const 1)))
                      (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
                    (if (i32x4.extract_lane 2 (local.get $ovm)) (then
                      (i32.store (i32.add (local.get $ovf) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $m) (i32.const 2)))
                      (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
                    (if (i32x4.extract_lane 3 (local.get $ovm)) (then
                      (i32.store (i32.add (local.get $ovf) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $m) (i32.const 3)))
                      (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))))
                ;; n = min(floor(a Pmax + 0.5), Pmax) (a Pmax + 0.5 < 2^23: the same integer trick as update)
                (local.set $n (v128.and (local.get $do) (i32x4.min_s
                  (i32x4.sub
                    (f32x4.add (f32x4.floor (f32x4.add (f32x4.mul (local.get $a) (local.get $pMaxF)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
                               (v128.const f32x4 0x1p23 0x1p23 0x1p23 0x1p23))
                    (v128.const i32x4 0x4b000000 0x4b000000 0x4b000000 0x4b000000))
                  (local.get $pMaxV))))
                (local.set $nz (i32x4.ne (local.get $n) (v128.const i32x4 0 0 0 0)))
                (if (v128.any_true (local.get $nz))
                  (then
                    (local.set $j (i32x4.shl (local.get $n) (i32.const 4)))
                    (local.set $r0 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $j)))))
                    (local.set $r1 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $j)))))
                    (local.set $r2 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 2 (local.get $j)))))
                    (local.set $r3 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 3 (local.get $j)))))
                    (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                    (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                    (local.set $mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                    (local.set $add (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))
                    (local.set $v (f32x4.add (f32x4.mul (local.get $gT) (local.get $mul)) (local.get $add)))
                    (if (local.get $noisy)
                      (then
                        (local.set $amp (f32x4.mul (f32x4.sqrt (f32x4.convert_i32x4_s (local.get $n))) (f32x4.splat (local.get $sigma))))
                        (local.set $b (i32x4.shl (i32x4.shr_u (local.get $w) (i32.const 20)) (i32.const 3)))
                        (local.set $qa (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 0 (local.get $b))) (local.get $qa)))
                        (local.set $qa (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 1 (local.get $b))) (local.get $qa)))
                        (local.set $qb (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 2 (local.get $b))) (local.get $qb)))
                        (local.set $qb (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 3 (local.get $b))) (local.get $qb)))
                        (local.set $z (f32x4.add
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $qa) (local.get $qb))
                          (f32x4.mul
                            (f32x4.mul (f32x4.convert_i32x4_s (v128.and (local.get $w) (v128.const i32x4 0xfffff 0xfffff 0xfffff 0xfffff)))
                                       (v128.const f32x4 0x1p-20 0x1p-20 0x1p-20 0x1p-20))
                            (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $qa) (local.get $qb)))))
                        (local.set $b (i32x4.shr_u (local.get $w) (i32.const 20)))
                        (if (v128.any_true (v128.or (i32x4.eq (local.get $b) (v128.const i32x4 0 0 0 0))
                                                    (i32x4.eq (local.get $b) (v128.const i32x4 4095 4095 4095 4095))))
                          (then
                            (if (i32.or (i32.eqz (i32x4.extract_lane 0 (local.get $b))) (i32.eq (i32x4.extract_lane 0 (local.get $b)) (i32.const 4095)))
                              (then (local.set $z (f32x4.replace_lane 0 (local.get $z) (call $tail (i32x4.extract_lane 0 (local.get $w)))))))
                            (if (i32.or (i32.eqz (i32x4.extract_lane 1 (local.get $b))) (i32.eq (i32x4.extract_lane 1 (local.get $b)) (i32.const 4095)))
                              (then (local.set $z (f32x4.replace_lane 1 (local.get $z) (call $tail (i32x4.extract_lane 1 (local.get $w)))))))
                            (if (i32.or (i32.eqz (i32x4.extract_lane 2 (local.get $b))) (i32.eq (i32x4.extract_lane 2 (local.get $b)) (i32.const 4095)))
                              (then (local.set $z (f32x4.replace_lane 2 (local.get $z) (call $tail (i32x4.extract_lane 2 (local.get $w)))))))
                            (if (i32.or (i32.eqz (i32x4.extract_lane 3 (local.get $b))) (i32.eq (i32x4.extract_lane 3 (local.get $b)) (i32.const 4095)))
                              (then (local.set $z (f32x4.replace_lane 3 (local.get $z) (call $tail (i32x4.extract_lane 3 (local.get $w)))))))))
                        (local.set $v (f32x4.add (local.get $v) (f32x4.mul (local.get $amp) (local.get $z))))))
                    (local.set $v (f32x4.pmax (f32x4.pmin (local.get $v) (v128.const f32x4 1 1 1 1)) (v128.const f32x4 0 0 0 0)))
                    ;; write the programmed value into the target device only
                    (local.set $v (v128.bitselect (local.get $v) (local.get $gT) (local.get $nz)))
                    (v128.store (i32.add (local.get $gp) (local.get $p)) (v128.bitselect (local.get $v) (local.get $gpV) (local.get $pos)))
                    (v128.store (i32.add (local.get $gm) (local.get $p)) (v128.bitselect (local.get $gmV) (local.get $v) (local.get $pos)))
                    (local.set $rowN (i32x4.max_s (local.get $rowN) (local.get $n)))
                    (local.set $rowP (i32x4.add (local.get $rowP) (local.get $n)))))
                ;; LSB reset of the transferred cells
                (v128.store (i32.add (local.get $lsb) (local.get $p))
                  (v128.bitselect
                    (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (f32x4.splat (local.get $resid)) (f32x4.sub (local.get $l) (v128.const f32x4 0.5 0.5 0.5 0.5))))
                    (local.get $l)
                    (local.get $do)))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $colLoop)))
        (local.set $rowN (i32x4.max_s (local.get $rowN) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rowN) (local.get $rowN))))
        (local.set $m (i32x4.extract_lane 0 (local.get $rowN)))
        (if (i32.gt_s (i32x4.extract_lane 1 (local.get $rowN)) (local.get $m)) (then (local.set $m (i32x4.extract_lane 1 (local.get $rowN)))))
        (i32.store (i32.add (local.get $rowMax) (i32.shl (local.get $r) (i32.const 2))) (local.get $m))
        (local.set $pulses (f64.add (local.get $pulses) (f64.convert_i32_s
          (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowP)) (i32x4.extract_lane 1 (local.get $rowP)))
                   (i32.add (i32x4.extract_lane 2 (local.get $rowP)) (i32x4.extract_lane 3 (local.get $rowP)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))
    (v128.store (local.get $state) (local.get $s0))
    (v128.store offset=16 (local.get $state) (local.get $s1))
    (v128.store offset=32 (local.get $state) (local.get $s2))
    (v128.store offset=48 (local.get $state) (local.get $s3))
    (f64.store (local.get $out) (local.get $pulses))
    (f64.store offset=8 (local.get $out) (f64.convert_i32_s (local.get $cnt)))
    (f64.store offset=16 (local.get $out) (f64.convert_i32_s
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rail)) (i32x4.extract_lane 1 (local.get $rail)))
               (i32.add (i32x4.extract_lane 2 (local.get $rail)) (i32x4.extract_lane 3 (local.get $rail)))))))

  ;; Differential pair in one pass (baseline mapping 'differential'): G+ (at $gp) moves by dw and
  ;; G- (at $gm) by -dw, each device rounding its own pulse count exactly as `update` does. Four
  ;; words per cell from lane c mod 4: rounding and noise of G+, then of G-. Counters are per
  ;; synapse: written when either device is; LTP count = the rising device's, LTD = the other's.
  ;; out: 7 x f64 as `update`.
  (func (export "updatePair")
    (param $dw i32) (param $gp i32) (param $gm i32) (param $rows i32) (param $cols i32)
    (param $tab i32) (param $off i32)
    (param $kUp f32) (param $kDown f32) (param $capUp i32) (param $capDown i32)
    (param $stoch i32) (param $noisy i32)
    (param $state i32) (param $out i32) (param $q i32) (param $sigma f32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128)
    (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128)
    (local $d v128) (local $dm v128) (local $negP v128) (local $negM v128) (local $x v128) (local $u v128)
    (local $aP v128) (local $aM v128) (local $nz v128)
    (local $j v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $lo v128) (local $hi v128) (local $g0 v128) (local $v v128)
    (local $b v128) (local $z v128) (local $qa v128) (local $qb v128)
    (local $aUp v128) (local $aDown v128) (local $req v128)
    (local $rowUp v128) (local $rowDown v128) (local $rowCells v128) (local $rowPUp v128) (local $rowPDown v128)
    (local $kUpV v128) (local $kDownV v128) (local $xcUpV v128) (local $xcDownV v128)
    (local $capUpV v128) (local $capDownV v128) (local $offV v128)
    (local $r i32) (local $c i32) (local $p i32) (local $rem i32)
    (local $cells f64) (local $rowsW f64) (local $pUp f64) (local $pDown f64) (local $sumUp f64) (local $sumDown f64)
    (local $rc i32) (local $ru i32) (local $rd i32)
    (local.set $kUpV (f32x4.splat (local.get $kUp)))
    (local.set $kDownV (f32x4.splat (local.get $kDown)))
    (local.set $xcUpV (f32x4.splat (f32.convert_i32_s (i32.add (local.get $capUp) (i32.const 1)))))
    (local.set $xcDownV (f32x4.splat (f32.convert_i32_s (i32.add (local.get $capDown) (i32.const 1)))))
    (local.set $capUpV (i32x4.splat (local.get $capUp)))
    (local.set $capDownV (i32x4.splat (local.get $capDown)))
    (local.set $offV (i32x4.splat (local.get $off)))
    (local.set $s0 (v128.load (local.get $state)))
    (local.set $s1 (v128.load offset=16 (local.get $state)))
    (local.set $s2 (v128.load offset=32 (local.get $state)))
    (local.set $s3 (v128.load offset=48 (local.get $state)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $rowUp (v128.const i32x4 0 0 0 0))
        (local.set $rowDown (v128.const i32x4 0 0 0 0))
        (local.set $rowCells (v128.const i32x4 0 0 0 0))
        (local.set $rowPUp (v128.const i32x4 0 0 0 0))
        (local.set $rowPDown (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_s (local.get $c) (local.get $cols)))
            (local.set $p (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))
            (local.set $rem (i32.sub (local.get $cols) (local.get $c)))
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w1 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w2 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w3 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
            (local.set $t (i32x4.add (i32x4.shl (local.get $s1) (i32.const 2)) (local.get $s1)))
            (local.set $t (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25))))
            (local.set $w4 (i32x4.add (i32x4.shl (local.get $t) (i32.const 3)) (local.get $t)))
            (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))

            (local.set $d (v128.and
              (v128.load (i32.add (local.get $dw) (local.get $p)))
              (i32x4.gt_s (i32x4.splat (local.get $rem)) (v128.const i32x4 0 1 2 3))))
            (local.set $d (v128.and (local.get $d) (f32x4.eq (local.get $d) (local.get $d))))
            ;; requested changes, counted per lane (dw is 0 past the row's end and for NaN)
            (local.set $req (i32x4.sub (local.get $req) (f32x4.ne (local.get $d) (v128.const f32x4 0 0 0 0))))
            (local.set $dm (v128.xor (local.get $d) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
            ;; --- device $gp: change $d
            (local.set $negP (f32x4.lt (local.get $d) (v128.const f32x4 0 0 0 0)))
            (local.set $x (f32x4.pmin
              (f32x4.mul (f32x4.abs (local.get $d)) (v128.bitselect (local.get $kDownV) (local.get $kUpV) (local.get $negP)))
              (v128.bitselect (local.get $xcDownV) (local.get $xcUpV) (local.get $negP))))
            (local.set $u (select (result v128)
              (f32x4.mul (f32x4.convert_i32x4_s (i32x4.shr_u (local.get $w1) (i32.const 8))) (v128.const f32x4 0x1p-24 0x1p-24 0x1p-24 0x1p-24))
              (v128.const f32x4 0.5 0.5 0.5 0.5)
              (local.get $stoch)))
            (local.set $aP (i32x4.min_s
              (i32x4.sub
                (f32x4.add (f32x4.floor (f32x4.add (local.get $x) (local.get $u))) (v128.const f32x4 0x1p23 0x1p23 0x1p23 0x1p23))
                (v128.const i32x4 0x4b000000 0x4b000000 0x4b000000 0x4b000000))
              (v128.bitselect (local.get $capDownV) (local.get $capUpV) (local.get $negP))))
            (local.set $nz (i32x4.ne (local.get $aP) (v128.const i32x4 0 0 0 0)))
            (if (v128.any_true (local.get $nz))
              (then
                (local.set $j (i32x4.shl (i32x4.add (local.get $aP) (v128.and (local.get $negP) (local.get $offV))) (i32.const 4)))
                (local.set $r0 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $j)))))
                (local.set $r1 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $j)))))
                (local.set $r2 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 2 (local.get $j)))))
                (local.set $r3 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 3 (local.get $j)))))
                (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $g0 (v128.load (i32.add (local.get $gp) (local.get $p))))
                (local.set $v (f32x4.add
                  (f32x4.mul (local.get $g0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
                (if (local.get $noisy)
                  (then
                    (local.set $b (i32x4.shl (i32x4.shr_u (local.get $w2) (i32.const 20)) (i32.const 3)))
                    (local.set $qa (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 0 (local.get $b))) (local.get $qa)))
                    (local.set $qa (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 1 (local.get $b))) (local.get $qa)))
                    (local.set $qb (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 2 (local.get $b))) (local.get $qb)))
                    (local.set $qb (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 3 (local.get $b))) (local.get $qb)))
                    (local.set $z (f32x4.add
                      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $qa) (local.get $qb))
                      (f32x4.mul
                        (f32x4.mul (f32x4.convert_i32x4_s (v128.and (local.get $w2) (v128.const i32x4 0xfffff 0xfffff 0xfffff 0xfffff)))
                                   (v128.const f32x4 0x1p-20 0x1p-20 0x1p-20 0x1p-20))
                        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $qa) (local.get $qb)))))
                    (local.set $b (i32x4.shr_u (local.get $w2) (i32.const 20)))
                    (if (v128.any_true (v128.or (i32x4.eq (local.get $b) (v128.const i32x4 0 0 0 0))
                                                (i32x4.eq (local.get $b) (v128.const i32x4 4095 4095 4095 4095))))
                      (then
                        (if (i32.or (i32.eqz (i32x4.extract_lane 0 (local.get $b))) (i32.eq (i32x4.extract_lane 0 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 0 (local.get $z) (call $tail (i32x4.extract_lane 0 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 1 (local.get $b))) (i32.eq (i32x4.extract_lane 1 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 1 (local.get $z) (call $tail (i32x4.extract_lane 1 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 2 (local.get $b))) (i32.eq (i32x4.extract_lane 2 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 2 (local.get $z) (call $tail (i32x4.extract_lane 2 (local.get $w2)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 3 (local.get $b))) (i32.eq (i32x4.extract_lane 3 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 3 (local.get $z) (call $tail (i32x4.extract_lane 3 (local.get $w2)))))))))
                    (local.set $v (f32x4.add (local.get $v)
                      (f32x4.mul (f32x4.mul (f32x4.sqrt (f32x4.convert_i32x4_s (local.get $aP))) (f32x4.splat (local.get $sigma))) (local.get $z))))))
                (local.set $v (f32x4.pmax (f32x4.pmin (local.get $v) (v128.const f32x4 1 1 1 1)) (v128.const f32x4 0 0 0 0)))
                (v128.store (i32.add (local.get $gp) (local.get $p)) (v128.bitselect (local.get $v) (local.get $g0) (local.get $nz)))))
            ;; --- device $gm: change $dm
            (local.set $negM (f32x4.lt (local.get $dm) (v128.const f32x4 0 0 0 0)))
            (local.set $x (f32x4.pmin
              (f32x4.mul (f32x4.abs (local.get $dm)) (v128.bitselect (local.get $kDownV) (local.get $kUpV) (local.get $negM)))
              (v128.bitselect (local.get $xcDownV) (local.get $xcUpV) (local.get $negM))))
            (local.set $u (select (result v128)
              (f32x4.mul (f32x4.convert_i32x4_s (i32x4.shr_u (local.get $w3) (i32.const 8))) (v128.const f32x4 0x1p-24 0x1p-24 0x1p-24 0x1p-24))
              (v128.const f32x4 0.5 0.5 0.5 0.5)
              (local.get $stoch)))
            (local.set $aM (i32x4.min_s
              (i32x4.sub
                (f32x4.add (f32x4.floor (f32x4.add (local.get $x) (local.get $u))) (v128.const f32x4 0x1p23 0x1p23 0x1p23 0x1p23))
                (v128.const i32x4 0x4b000000 0x4b000000 0x4b000000 0x4b000000))
              (v128.bitselect (local.get $capDownV) (local.get $capUpV) (local.get $negM))))
            (local.set $nz (i32x4.ne (local.get $aM) (v128.const i32x4 0 0 0 0)))
            (if (v128.any_true (local.get $nz))
              (then
                (local.set $j (i32x4.shl (i32x4.add (local.get $aM) (v128.and (local.get $negM) (local.get $offV))) (i32.const 4)))
                (local.set $r0 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $j)))))
                (local.set $r1 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $j)))))
                (local.set $r2 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 2 (local.get $j)))))
                (local.set $r3 (v128.load (i32.add (local.get $tab) (i32x4.extract_lane 3 (local.get $j)))))
                (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $g0 (v128.load (i32.add (local.get $gm) (local.get $p))))
                (local.set $v (f32x4.add
                  (f32x4.mul (local.get $g0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
                (if (local.get $noisy)
                  (then
                    (local.set $b (i32x4.shl (i32x4.shr_u (local.get $w4) (i32.const 20)) (i32.const 3)))
                    (local.set $qa (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 0 (local.get $b))) (local.get $qa)))
                    (local.set $qa (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 1 (local.get $b))) (local.get $qa)))
                    (local.set $qb (v128.load64_lane 0 (i32.add (local.get $q) (i32x4.extract_lane 2 (local.get $b))) (local.get $qb)))
                    (local.set $qb (v128.load64_lane 1 (i32.add (local.get $q) (i32x4.extract_lane 3 (local.get $b))) (local.get $qb)))
                    (local.set $z (f32x4.add
                      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $qa) (local.get $qb))
                      (f32x4.mul
                        (f32x4.mul (f32x4.convert_i32x4_s (v128.and (local.get $w4) (v128.const i32x4 0xfffff 0xfffff 0xfffff 0xfffff)))
                                   (v128.const f32x4 0x1p-20 0x1p-20 0x1p-20 0x1p-20))
                        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $qa) (local.get $qb)))))
                    (local.set $b (i32x4.shr_u (local.get $w4) (i32.const 20)))
                    (if (v128.any_true (v128.or (i32x4.eq (local.get $b) (v128.const i32x4 0 0 0 0))
                                                (i32x4.eq (local.get $b) (v128.const i32x4 4095 4095 4095 4095))))
                      (then
                        (if (i32.or (i32.eqz (i32x4.extract_lane 0 (local.get $b))) (i32.eq (i32x4.extract_lane 0 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 0 (local.get $z) (call $tail (i32x4.extract_lane 0 (local.get $w4)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 1 (local.get $b))) (i32.eq (i32x4.extract_lane 1 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 1 (local.get $z) (call $tail (i32x4.extract_lane 1 (local.get $w4)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 2 (local.get $b))) (i32.eq (i32x4.extract_lane 2 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 2 (local.get $z) (call $tail (i32x4.extract_lane 2 (local.get $w4)))))))
                        (if (i32.or (i32.eqz (i32x4.extract_lane 3 (local.get $b))) (i32.eq (i32x4.extract_lane 3 (local.get $b)) (i32.const 4095)))
                          (then (local.set $z (f32x4.replace_lane 3 (local.get $z) (call $tail (i32x4.extract_lane 3 (local.get $w4)))))))))
                    (local.set $v (f32x4.add (local.get $v)
                      (f32x4.mul (f32x4.mul (f32x4.sqrt (f32x4.convert_i32x4_s (local.get $aM))) (f32x4.splat (local.get $sigma))) (local.get $z))))))
                (local.set $v (f32x4.pmax (f32x4.pmin (local.get $v) (v128.const f32x4 1 1 1 1)) (v128.const f32x4 0 0 0 0)))
                (v128.store (i32.add (local.get $gm) (local.get $p)) (v128.bitselect (local.get $v) (local.get $g0) (local.get $nz)))))

            ;; --- counters per synapse
            (local.set $aUp (v128.bitselect (local.get $aM) (local.get $aP) (local.get $negP)))
            (local.set $aDown (v128.bitselect (local.get $aP) (local.get $aM) (local.get $negP)))
            (local.set $rowUp (i32x4.max_s (local.get $rowUp) (local.get $aUp)))
            (local.set $rowDown (i32x4.max_s (local.get $rowDown) (local.get $aDown)))
            (local.set $rowPUp (i32x4.add (local.get $rowPUp) (local.get $aUp)))
            (local.set $rowPDown (i32x4.add (local.get $rowPDown) (local.get $aDown)))
            (local.set $rowCells (i32x4.sub (local.get $rowCells) (i32x4.ne (v128.or (local.get $aP) (local.get $aM)) (v128.const i32x4 0 0 0 0))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $colLoop)))
        ;; --- row totals
        (local.set $rc (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowCells)) (i32x4.extract_lane 1 (local.get $rowCells)))
                                (i32.add (i32x4.extract_lane 2 (local.get $rowCells)) (i32x4.extract_lane 3 (local.get $rowCells)))))
        (if (i32.gt_s (local.get $rc) (i32.const 0))
          (then
            (local.set $cells (f64.add (local.get $cells) (f64.convert_i32_s (local.get $rc))))
            (local.set $rowsW (f64.add (local.get $rowsW) (f64.const 1)))
            (local.set $rowUp (i32x4.max_s (local.get $rowUp) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rowUp) (local.get $rowUp))))
            (local.set $ru (i32x4.extract_lane 0 (local.get $rowUp)))
            (if (i32.gt_s (i32x4.extract_lane 1 (local.get $rowUp)) (local.get $ru)) (then (local.set $ru (i32x4.extract_lane 1 (local.get $rowUp)))))
            (local.set $rowDown (i32x4.max_s (local.get $rowDown) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rowDown) (local.get $rowDown))))
            (local.set $rd (i32x4.extract_lane 0 (local.get $rowDown)))
            (if (i32.gt_s (i32x4.extract_lane 1 (local.get $rowDown)) (local.get $rd)) (then (local.set $rd (i32x4.extract_lane 1 (local.get $rowDown)))))
            (local.set $sumUp (f64.add (local.get $sumUp) (f64.convert_i32_s (local.get $ru))))
            (local.set $sumDown (f64.add (local.get $sumDown) (f64.convert_i32_s (local.get $rd))))
            (local.set $pUp (f64.add (local.get $pUp) (f64.convert_i32_s
              (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowPUp)) (i32x4.extract_lane 1 (local.get $rowPUp)))
                       (i32.add (i32x4.extract_lane 2 (local.get $rowPUp)) (i32x4.extract_lane 3 (local.get $rowPUp)))))))
            (local.set $pDown (f64.add (local.get $pDown) (f64.convert_i32_s
              (i32.add (i32.add (i32x4.extract_lane 0 (local.get $rowPDown)) (i32x4.extract_lane 1 (local.get $rowPDown)))
                       (i32.add (i32x4.extract_lane 2 (local.get $rowPDown)) (i32x4.extract_lane 3 (local.get $rowPDown)))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))

    (v128.store (local.get $state) (local.get $s0))
    (v128.store offset=16 (local.get $state) (local.get $s1))
    (v128.store offset=32 (local.get $state) (local.get $s2))
    (v128.store offset=48 (local.get $state) (local.get $s3))
    (f64.store (local.get $out) (local.get $cells))
    (f64.store offset=8 (local.get $out) (local.get $rowsW))
    (f64.store offset=16 (local.get $out) (local.get $pUp))
    (f64.store offset=24 (local.get $out) (local.get $pDown))
    (f64.store offset=32 (local.get $out) (local.get $sumUp))
    (f64.store offset=40 (local.get $out) (local.get $sumDown))
    (f64.store offset=48 (local.get $out) (f64.convert_i32_s
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $req)) (i32x4.extract_lane 1 (local.get $req)))
               (i32.add (i32x4.extract_lane 2 (local.get $req)) (i32x4.extract_lane 3 (local.get $req)))))))

  ;; HPS read-out of n synapses: out[i] = float32((F (gp[i] - gm[i]) + 2 l[i] - 1) s), computed in
  ;; float64 in that order (the arithmetic of HpsSynapse.read), two at a time.
  (func (export "readHps") (param $gp i32) (param $gm i32) (param $l i32) (param $out i32) (param $n i32) (param $F f64) (param $s f64)
    (local $e i32) (local $fv v128) (local $sv v128)
    (local.set $e (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $fv (f64x2.splat (local.get $F)))
    (local.set $sv (f64x2.splat (local.get $s)))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $out) (i32.const 8)) (local.get $e)))
        ;; two float32 of each array, widened to float64 (load64_zero + promote_low)
        (v128.store64_lane 0 (local.get $out)
          (f32x4.demote_f64x2_zero
            (f64x2.mul
              (f64x2.sub
                (f64x2.add
                  (f64x2.mul (local.get $fv)
                    (f64x2.sub
                      (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $gp)))
                      (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $gm)))))
                  (f64x2.mul (v128.const f64x2 2 2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $l)))))
                (v128.const f64x2 1 1))
              (local.get $sv))))
        (local.set $gp (i32.add (local.get $gp) (i32.const 8)))
        (local.set $gm (i32.add (local.get $gm) (i32.const 8)))
        (local.set $l (i32.add (local.get $l) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $v)))
    (if (i32.lt_u (local.get $out) (local.get $e))
      (then
        (f32.store (local.get $out)
          (f32.demote_f64
            (f64.mul
              (f64.sub
                (f64.add
                  (f64.mul (local.get $F) (f64.sub (f64.promote_f32 (f32.load (local.get $gp))) (f64.promote_f32 (f32.load (local.get $gm)))))
                  (f64.mul (f64.const 2) (f64.promote_f32 (f32.load (local.get $l)))))
                (f64.const 1))
              (local.get $s)))))))
)
