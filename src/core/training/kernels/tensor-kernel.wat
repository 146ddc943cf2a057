;; Tensor kernels of the training fast path, WebAssembly SIMD (128-bit).
;;
;; Source of src/core/training/kernels/tensor-kernel.wasm.ts (generated: `npm run build:wasm`; a unit
;; test checks the two agree). Wrapped by tensor-kernel.ts, which owns the memory layout.
;;
;; GEMM: C[m x n] (+)= A[m x k] . B[k x n], float32, row-major C with row stride ldc (floats).
;; Both operands are packed first (pack_* below), so one micro-kernel serves every transpose:
;;   A in panels of 4 rows, each panel k x 4 floats (A(i, 0..3 of the panel) for kk = 0, 1, ...);
;;   B in panels of 8 columns, each panel k x 8 floats; rows past m and columns past n are zero.
;; Each element of C is one accumulator that starts at 0 and adds a(i, kk) * b(kk, j) for kk = 0, 1,
;; ..., k - 1 in that order (a multiply, then an add: no fused multiply-add), and is then added to
;; C when accumulating. The order is fixed by the shapes alone, so results are deterministic.
;;
;; im2col / col2im: NHWC input x [N, H, W, C]; output position p = (n Ho + oy) Wo + ox; patch row
;; order (ky, kx, c): row (ky K + kx) C + c, the order of a [K, K, Cin, Cout] filter as a
;; [K K Cin, Cout] matrix. Zero padding `pad` on each side, stride `stride`.
;;
;; All addresses are byte offsets into this module's memory; the caller sizes the memory.
(module
  (memory (export "memory") 1)

  ;; ---------------------------------------------------------------------------------------------
  ;; One 4 x 8 tile of C from packed A (ap: k x 4) and packed B (bp: k x 8). c: byte address of
  ;; C(0, 0) of the tile, ldc: row stride in bytes. acc: add to C (1) or overwrite it (0).
  (func $tile (param $ap i32) (param $bp i32) (param $k i32) (param $c i32) (param $ldc i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $k)))
        (local.set $b0 (v128.load (local.get $bp)))
        (local.set $b1 (v128.load offset=16 (local.get $bp)))
        (local.set $a (v128.load32_splat (local.get $ap)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $next)))
    (local.set $p (local.get $c))
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (v128.load (local.get $p)) (local.get $c00)))
        (local.set $c01 (f32x4.add (v128.load offset=16 (local.get $p)) (local.get $c01)))))
    (v128.store (local.get $p) (local.get $c00))
    (v128.store offset=16 (local.get $p) (local.get $c01))
    (local.set $p (i32.add (local.get $p) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c10 (f32x4.add (v128.load (local.get $p)) (local.get $c10)))
        (local.set $c11 (f32x4.add (v128.load offset=16 (local.get $p)) (local.get $c11)))))
    (v128.store (local.get $p) (local.get $c10))
    (v128.store offset=16 (local.get $p) (local.get $c11))
    (local.set $p (i32.add (local.get $p) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c20 (f32x4.add (v128.load (local.get $p)) (local.get $c20)))
        (local.set $c21 (f32x4.add (v128.load offset=16 (local.get $p)) (local.get $c21)))))
    (v128.store (local.get $p) (local.get $c20))
    (v128.store offset=16 (local.get $p) (local.get $c21))
    (local.set $p (i32.add (local.get $p) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c30 (f32x4.add (v128.load (local.get $p)) (local.get $c30)))
        (local.set $c31 (f32x4.add (v128.load offset=16 (local.get $p)) (local.get $c31)))))
    (v128.store (local.get $p) (local.get $c30))
    (v128.store offset=16 (local.get $p) (local.get $c31)))

  ;; ---------------------------------------------------------------------------------------------
  ;; C[m x n] (+)= packed A . packed B over kk < k. Panel i of A starts at ap + i strideA, panel j
  ;; of B at bp + j strideB (bytes; 16 k and 32 k for whole panels, longer when the product takes
  ;; a slice of kk, as an ADC sub-array does). c: byte address of C, ldc in floats; tmp: 128 bytes
  ;; of scratch for tiles on the edges of C (fewer than 4 rows or 8 columns left). Panels of A are
  ;; taken in blocks of up to 640 KB, so a block stays in the L2 cache (1 MB a core on the machines
  ;; measured) while every panel of B passes over it: with few rows of A (a fully connected layer's
  ;; batch) all of them form one block and B, the weights, streams from memory once.
  (func (export "gemm")
    (param $ap i32) (param $strideA i32) (param $bp i32) (param $strideB i32) (param $c i32) (param $ldc i32)
    (param $m i32) (param $n i32) (param $k i32) (param $acc i32) (param $tmp i32)
    (local $pa i32) (local $pb i32) (local $block i32) (local $i0 i32) (local $i1 i32)
    (local $i i32) (local $j i32) (local $rows i32) (local $cols i32) (local $r i32) (local $q i32)
    (local $src i32) (local $dst i32) (local $v f32)
    (local.set $pa (i32.shr_u (i32.add (local.get $m) (i32.const 3)) (i32.const 2)))
    (local.set $pb (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $block (i32.div_u (i32.const 655360) (i32.add (i32.shl (local.get $k) (i32.const 4)) (i32.const 1))))
    (if (i32.lt_u (local.get $block) (i32.const 1)) (then (local.set $block (i32.const 1))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $i0) (local.get $pa)))
        (local.set $i1 (i32.add (local.get $i0) (local.get $block)))
        (if (i32.gt_u (local.get $i1) (local.get $pa)) (then (local.set $i1 (local.get $pa))))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $pb)))
            (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $j) (i32.const 3))))
            (if (i32.gt_s (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
            (local.set $i (local.get $i0))
            (block $rowsDone
              (loop $rowsLoop
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $i1)))
                (local.set $rows (i32.sub (local.get $m) (i32.shl (local.get $i) (i32.const 2))))
                (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
                ;; dst = C(4 i, 8 j)
                (local.set $dst
                  (i32.add (local.get $c)
                    (i32.shl
                      (i32.add (i32.mul (i32.shl (local.get $i) (i32.const 2)) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 3)))
                      (i32.const 2))))
                (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
                  (then
                    (call $tile
                      (i32.add (local.get $ap) (i32.mul (local.get $i) (local.get $strideA)))
                      (i32.add (local.get $bp) (i32.mul (local.get $j) (local.get $strideB)))
                      (local.get $k) (local.get $dst) (i32.shl (local.get $ldc) (i32.const 2)) (local.get $acc)))
                  (else
                    ;; edge tile: compute into tmp (4 x 8, row stride 32 bytes), then copy what is inside C
                    (call $tile
                      (i32.add (local.get $ap) (i32.mul (local.get $i) (local.get $strideA)))
                      (i32.add (local.get $bp) (i32.mul (local.get $j) (local.get $strideB)))
                      (local.get $k) (local.get $tmp) (i32.const 32) (i32.const 0))
                    (local.set $r (i32.const 0))
                    (block $er
                      (loop $erl
                        (br_if $er (i32.ge_s (local.get $r) (local.get $rows)))
                        (local.set $q (i32.const 0))
                        (block $eq
                          (loop $eql
                            (br_if $eq (i32.ge_s (local.get $q) (local.get $cols)))
                            (local.set $src (i32.add (local.get $tmp) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $q)) (i32.const 2))))
                            (local.set $v (f32.load (local.get $src)))
                            (local.set $src (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $ldc)) (local.get $q)) (i32.const 2))))
                            (if (local.get $acc) (then (local.set $v (f32.add (f32.load (local.get $src)) (local.get $v)))))
                            (f32.store (local.get $src) (local.get $v))
                            (local.set $q (i32.add (local.get $q) (i32.const 1)))
                            (br $eql)))
                        (local.set $r (i32.add (local.get $r) (i32.const 1)))
                        (br $erl)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rowsLoop)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $colsLoop)))
        (local.set $i0 (local.get $i1))
        (br $blocks))))

  ;; ---------------------------------------------------------------------------------------------
  ;; Packing. A(i, kk) and B(kk, j) are read from row-major sources; `_rows` means the packed
  ;; operand's rows are the source's rows, `_cols` that they are its columns (a transpose).

  ;; Four v128 rows (a b c d, lanes 0-3) transposed: lane t of the result v_t = (a[t], b[t], c[t], d[t]).
  ;; Written out at dst, dst + step, dst + 2 step, dst + 3 step.
  (func $store4x4t (param $a v128) (param $b v128) (param $c v128) (param $d v128) (param $dst i32) (param $step i32)
    (local $ablo v128) (local $abhi v128) (local $cdlo v128) (local $cdhi v128)
    ;; (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3)
    (local.set $ablo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
    (local.set $abhi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
    (local.set $cdlo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))
    (local.set $cdhi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ablo) (local.get $cdlo)))
    (local.set $dst (i32.add (local.get $dst) (local.get $step)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ablo) (local.get $cdlo)))
    (local.set $dst (i32.add (local.get $dst) (local.get $step)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $abhi) (local.get $cdhi)))
    (local.set $dst (i32.add (local.get $dst) (local.get $step)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $abhi) (local.get $cdhi))))

  ;; A(i, kk) = src[i lda + kk], i < m, kk < k  ->  panels of 4 rows (k x 4 each), zero rows past m.
  (func (export "pack_a_rows") (param $src i32) (param $lda i32) (param $m i32) (param $k i32) (param $dst i32)
    (local $i i32) (local $kk i32) (local $r i32) (local $p0 i32) (local $ld i32) (local $row i32) (local $d i32)
    (local.set $ld (i32.shl (local.get $lda) (i32.const 2)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $p0 (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $kk (i32.const 0))
        (if (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))
          (then
            ;; four full rows: 4 x 4 blocks transposed with shuffles
            (block $blocksDone
              (loop $blocks
                (br_if $blocksDone (i32.gt_s (i32.add (local.get $kk) (i32.const 4)) (local.get $k)))
                (local.set $row (i32.add (local.get $p0) (i32.shl (local.get $kk) (i32.const 2))))
                (call $store4x4t
                  (v128.load (local.get $row))
                  (v128.load (i32.add (local.get $row) (local.get $ld)))
                  (v128.load (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 1))))
                  (v128.load (i32.add (local.get $row) (i32.mul (local.get $ld) (i32.const 3))))
                  (i32.add (local.get $dst) (i32.shl (local.get $kk) (i32.const 4)))
                  (i32.const 16))
                (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
                (br $blocks)))))
        ;; the rest (k not a multiple of 4, or fewer than 4 rows left): one value at a time
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $kk) (local.get $k)))
            (local.set $r (i32.const 0))
            (block $rowsDone
              (loop $rowsLoop
                (br_if $rowsDone (i32.ge_s (local.get $r) (i32.const 4)))
                (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.shl (local.get $kk) (i32.const 2)) (local.get $r)) (i32.const 2))))
                (if (i32.lt_s (i32.add (local.get $i) (local.get $r)) (local.get $m))
                  (then (f32.store (local.get $d) (f32.load (i32.add (i32.add (local.get $p0) (i32.mul (local.get $r) (local.get $ld))) (i32.shl (local.get $kk) (i32.const 2))))))
                  (else (f32.store (local.get $d) (f32.const 0))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rowsLoop)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $rest)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panels))))

  ;; A(i, kk) = src[kk lda + i] (the transpose of a row-major [k, lda] array)  ->  panels of 4 rows.
  (func (export "pack_a_cols") (param $src i32) (param $lda i32) (param $m i32) (param $k i32) (param $dst i32)
    (local $i i32) (local $kk i32) (local $r i32) (local $p i32) (local $ld i32) (local $d i32)
    (local.set $ld (i32.shl (local.get $lda) (i32.const 2)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $kk (i32.const 0))
        (if (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))
          (then
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_s (local.get $kk) (local.get $k)))
                (v128.store (i32.add (local.get $dst) (i32.shl (local.get $kk) (i32.const 4))) (v128.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (local.get $ld)))
                (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                (br $kLoop))))
          (else
            (block $kDone2
              (loop $kLoop2
                (br_if $kDone2 (i32.ge_s (local.get $kk) (local.get $k)))
                (local.set $r (i32.const 0))
                (block $rDone
                  (loop $rLoop
                    (br_if $rDone (i32.ge_s (local.get $r) (i32.const 4)))
                    (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.shl (local.get $kk) (i32.const 2)) (local.get $r)) (i32.const 2))))
                    (if (i32.lt_s (i32.add (local.get $i) (local.get $r)) (local.get $m))
                      (then (f32.store (local.get $d) (f32.load (i32.add (local.get $p) (i32.shl (local.get $r) (i32.const 2))))))
                      (else (f32.store (local.get $d) (f32.const 0))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rLoop)))
                (local.set $p (i32.add (local.get $p) (local.get $ld)))
                (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                (br $kLoop2)))))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panels))))

  ;; B(kk, j) = scale * src[kk ldb + j], kk < k, j < n  ->  panels of 8 columns (k x 8 each), zero
  ;; columns past n. The product is rounded to float32 like the tensor product s * W it replaces.
  (func (export "pack_b_rows") (param $src i32) (param $ldb i32) (param $k i32) (param $n i32) (param $dst i32) (param $scale f32)
    (local $j i32) (local $kk i32) (local $q i32) (local $p i32) (local $ld i32) (local $s v128) (local $d i32)
    (local.set $ld (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $s (f32x4.splat (local.get $scale)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (i32.const 0))
        (if (i32.le_s (i32.add (local.get $j) (i32.const 8)) (local.get $n))
          (then
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_s (local.get $kk) (local.get $k)))
                (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $kk) (i32.const 5))))
                (v128.store (local.get $d) (f32x4.mul (v128.load (local.get $p)) (local.get $s)))
                (v128.store offset=16 (local.get $d) (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $s)))
                (local.set $p (i32.add (local.get $p) (local.get $ld)))
                (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                (br $kLoop))))
          (else
            (block $kDone2
              (loop $kLoop2
                (br_if $kDone2 (i32.ge_s (local.get $kk) (local.get $k)))
                (local.set $q (i32.const 0))
                (block $qDone
                  (loop $qLoop
                    (br_if $qDone (i32.ge_s (local.get $q) (i32.const 8)))
                    (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.shl (local.get $kk) (i32.const 3)) (local.get $q)) (i32.const 2))))
                    (if (i32.lt_s (i32.add (local.get $j) (local.get $q)) (local.get $n))
                      (then (f32.store (local.get $d) (f32.mul (f32.load (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 2)))) (local.get $scale))))
                      (else (f32.store (local.get $d) (f32.const 0))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $qLoop)))
                (local.set $p (i32.add (local.get $p) (local.get $ld)))
                (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
                (br $kLoop2)))))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; B(kk, j) = scale * src[j ldb + kk] (the transpose of a row-major [n, ldb] array)  ->  panels of 8 columns.
  (func (export "pack_b_cols") (param $src i32) (param $ldb i32) (param $k i32) (param $n i32) (param $dst i32) (param $scale f32)
    (local $j i32) (local $kk i32) (local $q i32) (local $p i32) (local $ld i32) (local $s v128) (local $d i32) (local $row i32)
    (local.set $ld (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $s (f32x4.splat (local.get $scale)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $ld))))
        (local.set $kk (i32.const 0))
        (if (i32.le_s (i32.add (local.get $j) (i32.const 8)) (local.get $n))
          (then
            ;; eight full source rows: two 4 x 4 transposes per 4 values of kk
            (block $blocksDone
              (loop $blocks
                (br_if $blocksDone (i32.gt_s (i32.add (local.get $kk) (i32.const 4)) (local.get $k)))
                (local.set $row (i32.add (local.get $p) (i32.shl (local.get $kk) (i32.const 2))))
                (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $kk) (i32.const 5))))
                (call $store4x4t
                  (f32x4.mul (v128.load (local.get $row)) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $ld))) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 1)))) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (i32.mul (local.get $ld) (i32.const 3)))) (local.get $s))
                  (local.get $d) (i32.const 32))
                (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 2))))
                (call $store4x4t
                  (f32x4.mul (v128.load (local.get $row)) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $ld))) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 1)))) (local.get $s))
                  (f32x4.mul (v128.load (i32.add (local.get $row) (i32.mul (local.get $ld) (i32.const 3)))) (local.get $s))
                  (i32.add (local.get $d) (i32.const 16)) (i32.const 32))
                (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
                (br $blocks)))))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $kk) (local.get $k)))
            (local.set $q (i32.const 0))
            (block $qDone
              (loop $qLoop
                (br_if $qDone (i32.ge_s (local.get $q) (i32.const 8)))
                (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.shl (local.get $kk) (i32.const 3)) (local.get $q)) (i32.const 2))))
                (if (i32.lt_s (i32.add (local.get $j) (local.get $q)) (local.get $n))
                  (then (f32.store (local.get $d) (f32.mul (f32.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $q) (local.get $ld))) (i32.shl (local.get $kk) (i32.const 2)))) (local.get $scale))))
                  (else (f32.store (local.get $d) (f32.const 0))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $qLoop)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $rest)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; ---------------------------------------------------------------------------------------------
  ;; im2col of output positions p0 .. p0 + count - 1: row p - p0 of dst (K K C floats) is the patch
  ;; of position p. `add` = 0: copy the input into the rows (im2col); `add` = 1: add the rows back
  ;; into the input (col2im, the adjoint: every input element receives the sum of the patch entries
  ;; that read it, in increasing position and then (ky, kx) order).
  (func (export "patches")
    (param $x i32) (param $h i32) (param $w i32) (param $c i32) (param $k i32) (param $pad i32) (param $stride i32)
    (param $ho i32) (param $wo i32) (param $p0 i32) (param $count i32) (param $dst i32) (param $add i32)
    (local $p i32) (local $n i32) (local $rem i32) (local $oy i32) (local $ox i32) (local $ky i32)
    (local $iy i32) (local $ix0 i32) (local $lo i32) (local $hi i32) (local $run i32) (local $cb i32)
    (local $d i32) (local $s i32) (local $hw i32) (local $e i32)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $hw (i32.mul (local.get $ho) (local.get $wo)))
    (local.set $p (local.get $p0))
    (local.set $d (local.get $dst))
    (block $done
      (loop $positions
        (br_if $done (i32.ge_s (local.get $p) (i32.add (local.get $p0) (local.get $count))))
        (local.set $n (i32.div_u (local.get $p) (local.get $hw)))
        (local.set $rem (i32.rem_u (local.get $p) (local.get $hw)))
        (local.set $oy (i32.div_u (local.get $rem) (local.get $wo)))
        (local.set $ox (i32.rem_u (local.get $rem) (local.get $wo)))
        (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $stride)) (local.get $pad)))
        ;; kx inside the input: lo <= kx < hi
        (local.set $lo (i32.sub (i32.const 0) (local.get $ix0)))
        (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
        (local.set $hi (i32.sub (local.get $w) (local.get $ix0)))
        (if (i32.gt_s (local.get $hi) (local.get $k)) (then (local.set $hi (local.get $k))))
        (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
        (local.set $ky (i32.const 0))
        (block $kyDone
          (loop $kyLoop
            (br_if $kyDone (i32.ge_s (local.get $ky) (local.get $k)))
            (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $stride)) (local.get $ky)) (local.get $pad)))
            (if (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (local.get $h)))
              (then
                (if (i32.eqz (local.get $add)) (then (memory.fill (local.get $d) (i32.const 0) (i32.mul (local.get $k) (local.get $cb))))))
              (else
                (if (i32.eqz (local.get $add))
                  (then (memory.fill (local.get $d) (i32.const 0) (i32.mul (local.get $lo) (local.get $cb)))))
                (local.set $run (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $c)))
                (local.set $s
                  (i32.add (local.get $x)
                    (i32.shl
                      (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $h)) (local.get $iy)) (local.get $w)) (i32.add (local.get $ix0) (local.get $lo))) (local.get $c))
                      (i32.const 2))))
                (if (i32.eqz (local.get $add))
                  (then
                    (memory.copy (i32.add (local.get $d) (i32.mul (local.get $lo) (local.get $cb))) (local.get $s) (i32.shl (local.get $run) (i32.const 2)))
                    (memory.fill
                      (i32.add (local.get $d) (i32.mul (local.get $hi) (local.get $cb)))
                      (i32.const 0)
                      (i32.mul (i32.sub (local.get $k) (local.get $hi)) (local.get $cb))))
                  (else
                    (call $addRun (local.get $s) (i32.add (local.get $d) (i32.mul (local.get $lo) (local.get $cb))) (local.get $run))))))
            (local.set $d (i32.add (local.get $d) (i32.mul (local.get $k) (local.get $cb))))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $kyLoop)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $positions))))

  ;; dst[i] += src[i], i < count (four at a time, then one at a time).
  (func $addRun (param $dst i32) (param $src i32) (param $count i32)
    (block $vDone
      (loop $v
        (br_if $vDone (i32.lt_s (local.get $count) (i32.const 4)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.eqz (local.get $count)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $s))))

  ;; dst[i] += src[i] for i < count, exported for gradient sums.
  (func (export "add") (param $dst i32) (param $src i32) (param $count i32)
    (call $addRun (local.get $dst) (local.get $src) (local.get $count)))

  ;; ---------------------------------------------------------------------------------------------
  ;; Element-wise kernels on n floats at p, four at a time and then one at a time, each the same
  ;; float32 operations as its JavaScript counterpart in quantizers.ts / activations.ts.

  ;; Activation quantiser: p = nearest(min(max(p, 0), r) * up) * down (NaN stays NaN).
  (func (export "quantize_unsigned") (param $p i32) (param $n i32) (param $r f32) (param $up f32) (param $down f32)
    (local $e i32) (local $rv v128) (local $upv v128) (local $downv v128)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $rv (f32x4.splat (local.get $r)))
    (local.set $upv (f32x4.splat (local.get $up)))
    (local.set $downv (f32x4.splat (local.get $down)))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (v128.store (local.get $p)
          (f32x4.mul
            (f32x4.nearest (f32x4.mul (f32x4.min (f32x4.max (v128.load (local.get $p)) (v128.const f32x4 0 0 0 0)) (local.get $rv)) (local.get $upv)))
            (local.get $downv)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.ge_u (local.get $p) (local.get $e)))
        (f32.store (local.get $p)
          (f32.mul (f32.nearest (f32.mul (f32.min (f32.max (f32.load (local.get $p)) (f32.const 0)) (local.get $r)) (local.get $up))) (local.get $down)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $s))))

  ;; Largest |p[i]|, NaN entries ignored (a NaN never replaces the running maximum).
  (func (export "max_abs") (param $p i32) (param $n i32) (result f32)
    (local $e i32) (local $m v128) (local $s f32) (local $v f32)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $vDone
      (loop $vl
        (br_if $vDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (local.set $m (f32x4.pmax (local.get $m) (f32x4.abs (v128.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vl)))
    (local.set $s (f32x4.extract_lane 0 (local.get $m)))
    (if (f32.gt (f32x4.extract_lane 1 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 1 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 2 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 2 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 3 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 3 (local.get $m)))))
    (block $sDone
      (loop $sl
        (br_if $sDone (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $v (f32.abs (f32.load (local.get $p))))
        (if (f32.gt (local.get $v) (local.get $s)) (then (local.set $s (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $sl)))
    (local.get $s))

  ;; Signed quantiser on a power-of-two step d = 1 / inv: p = (nearest(min(max(p inv, -lim), lim)) + 0) d
  ;; (the + 0 turns -0 into +0, as the JavaScript rounding does).
  (func (export "round_steps") (param $p i32) (param $n i32) (param $inv f32) (param $d f32) (param $lim f32)
    (local $e i32) (local $invv v128) (local $dv v128) (local $hi v128) (local $lo v128)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $invv (f32x4.splat (local.get $inv)))
    (local.set $dv (f32x4.splat (local.get $d)))
    (local.set $hi (f32x4.splat (local.get $lim)))
    (local.set $lo (f32x4.neg (local.get $hi)))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (v128.store (local.get $p)
          (f32x4.mul
            (f32x4.add
              (f32x4.nearest (f32x4.min (f32x4.max (f32x4.mul (v128.load (local.get $p)) (local.get $invv)) (local.get $lo)) (local.get $hi)))
              (v128.const f32x4 0 0 0 0))
            (local.get $dv)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.ge_u (local.get $p) (local.get $e)))
        (f32.store (local.get $p)
          (f32.mul
            (f32.add (f32.nearest (f32.min (f32.max (f32.mul (f32.load (local.get $p)) (local.get $inv)) (f32.neg (local.get $lim))) (local.get $lim))) (f32.const 0))
            (local.get $d)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $s))))

  ;; p = p * s.
  (func (export "scale") (param $p i32) (param $n i32) (param $s f32)
    (local $e i32) (local $sv v128)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $sv (f32x4.splat (local.get $s)))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (v128.store (local.get $p) (f32x4.mul (v128.load (local.get $p)) (local.get $sv)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.ge_u (local.get $p) (local.get $e)))
        (f32.store (local.get $p) (f32.mul (f32.load (local.get $p)) (local.get $s)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $s))))

  ;; ReLU in place, p = p > 0 ? p : 0 (NaN and -0 become 0); returns the largest output.
  (func (export "relu") (param $p i32) (param $n i32) (result f32)
    (local $e i32) (local $m v128) (local $x v128) (local $s f32) (local $v f32)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $vDone
      (loop $vl
        (br_if $vDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (local.set $x (f32x4.pmax (v128.const f32x4 0 0 0 0) (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $x))
        (local.set $m (f32x4.pmax (local.get $m) (local.get $x)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vl)))
    (local.set $s (f32x4.extract_lane 0 (local.get $m)))
    (if (f32.gt (f32x4.extract_lane 1 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 1 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 2 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 2 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 3 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 3 (local.get $m)))))
    (block $sDone
      (loop $sl
        (br_if $sDone (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $v (f32.load (local.get $p)))
        (if (i32.eqz (f32.gt (local.get $v) (f32.const 0))) (then (local.set $v (f32.const 0))))
        (f32.store (local.get $p) (local.get $v))
        (if (f32.gt (local.get $v) (local.get $s)) (then (local.set $s (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $sl)))
    (local.get $s))

  ;; ReLU gradient: d = a > 0 ? d : 0, from the saved outputs a.
  (func (export "relu_grad") (param $d i32) (param $a i32) (param $n i32)
    (local $e i32)
    (local.set $e (i32.add (local.get $d) (i32.shl (local.get $n) (i32.const 2))))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $e)))
        (v128.store (local.get $d) (v128.and (v128.load (local.get $d)) (f32x4.gt (v128.load (local.get $a)) (v128.const f32x4 0 0 0 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.ge_u (local.get $d) (local.get $e)))
        (if (i32.eqz (f32.gt (f32.load (local.get $a)) (f32.const 0))) (then (f32.store (local.get $d) (f32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $s))))

  ;; SGD step of an optimiser: dw = float32(-lr g) with the product in float64 (as JavaScript
  ;; computes it), four at a time as two float64 pairs; returns the largest |dw| (NaN ignored).
  (func (export "sgd_delta") (param $g i32) (param $dw i32) (param $n i32) (param $neglr f64) (result f32)
    (local $e i32) (local $v v128) (local $d v128) (local $lr v128) (local $m v128) (local $s f32) (local $x f32)
    (local.set $e (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $lr (f64x2.splat (local.get $neglr)))
    (block $vDone
      (loop $vl
        (br_if $vDone (i32.gt_u (i32.add (local.get $g) (i32.const 16)) (local.get $e)))
        (local.set $v (v128.load (local.get $g)))
        (local.set $d
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $v)) (local.get $lr)))
            (f32x4.demote_f64x2_zero
              (f64x2.mul
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
                (local.get $lr)))))
        (v128.store (local.get $dw) (local.get $d))
        (local.set $m (f32x4.pmax (local.get $m) (f32x4.abs (local.get $d))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $dw (i32.add (local.get $dw) (i32.const 16)))
        (br $vl)))
    (local.set $s (f32x4.extract_lane 0 (local.get $m)))
    (if (f32.gt (f32x4.extract_lane 1 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 1 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 2 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 2 (local.get $m)))))
    (if (f32.gt (f32x4.extract_lane 3 (local.get $m)) (local.get $s)) (then (local.set $s (f32x4.extract_lane 3 (local.get $m)))))
    (block $sDone
      (loop $sl
        (br_if $sDone (i32.ge_u (local.get $g) (local.get $e)))
        (local.set $x (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load (local.get $g))) (local.get $neglr))))
        (f32.store (local.get $dw) (local.get $x))
        (if (f32.gt (f32.abs (local.get $x)) (local.get $s)) (then (local.set $s (f32.abs (local.get $x)))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $dw (i32.add (local.get $dw) (i32.const 4)))
        (br $sl)))
    (local.get $s))

  ;; The ideal synapse's update of a rows x cols layer: w = min(max(w + dw, -1), 1); counts at out:
  ;; i32 cells with dw != 0 (neither +0 nor -0), i32 rows with such a cell.
  (func (export "ideal_update") (param $w i32) (param $dw i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $r i32) (local $i i32) (local $e i32) (local $cnt v128) (local $d v128) (local $rowCells i32)
    (local $cells i32) (local $rowsW i32) (local $x f32)
    (block $rDone
      (loop $rl
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $e (i32.add (local.get $w) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $cnt (v128.const i32x4 0 0 0 0))
        (local.set $rowCells (i32.const 0))
        (block $vDone
          (loop $vl
            (br_if $vDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $e)))
            (local.set $d (v128.load (local.get $dw)))
            (v128.store (local.get $w)
              (f32x4.min (f32x4.max (f32x4.add (v128.load (local.get $w)) (local.get $d)) (v128.const f32x4 -1 -1 -1 -1)) (v128.const f32x4 1 1 1 1)))
            (local.set $cnt (i32x4.sub (local.get $cnt) (f32x4.ne (local.get $d) (v128.const f32x4 0 0 0 0))))
            (local.set $w (i32.add (local.get $w) (i32.const 16)))
            (local.set $dw (i32.add (local.get $dw) (i32.const 16)))
            (br $vl)))
        (block $sDone
          (loop $sl
            (br_if $sDone (i32.ge_u (local.get $w) (local.get $e)))
            (local.set $x (f32.load (local.get $dw)))
            (f32.store (local.get $w) (f32.min (f32.max (f32.add (f32.load (local.get $w)) (local.get $x)) (f32.const -1)) (f32.const 1)))
            (if (f32.ne (local.get $x) (f32.const 0)) (then (local.set $rowCells (i32.add (local.get $rowCells) (i32.const 1)))))
            (local.set $w (i32.add (local.get $w) (i32.const 4)))
            (local.set $dw (i32.add (local.get $dw) (i32.const 4)))
            (br $sl)))
        (local.set $rowCells
          (i32.add (local.get $rowCells)
            (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get $cnt)) (i32x4.extract_lane 1 (local.get $cnt)))
              (i32.add (i32x4.extract_lane 2 (local.get $cnt)) (i32x4.extract_lane 3 (local.get $cnt))))))
        (local.set $cells (i32.add (local.get $cells) (local.get $rowCells)))
        (if (local.get $rowCells) (then (local.set $rowsW (i32.add (local.get $rowsW) (i32.const 1)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl)))
    (i32.store (local.get $out) (local.get $cells))
    (i32.store offset=4 (local.get $out) (local.get $rowsW)))

  ;; Sigmoid in place, p = 1 / (1 + exp(-p)), as e / (1 + e) for p < 0, with e = exp(-|p|) from
  ;; exp(z) = 2^n q(r), z = n ln 2 + r, |r| <= ln 2 / 2 (ln 2 in two parts, so r is exact), and q the
  ;; degree-7 Taylor polynomial of exp (truncation below 1e-8 relative): within 2 float32 ulps of
  ;; 1 / (1 + exp(-p)) rounded (tested); exp(-|p|) is 0 below -87.3 (past float32's normal range), so
  ;; the sigmoid is 0 for p < -87.3 (instead of a subnormal) and 1 for p > 87.3. NaN stays NaN.
  (func (export "sigmoid") (param $p i32) (param $n i32)
    (local $e i32) (local $x v128) (local $z v128) (local $k v128) (local $r v128) (local $q v128) (local $ez v128)
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (if (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e))
          (then
            ;; fewer than four left: load them one at a time (the lanes past the end compute garbage, unused)
            (local.set $x (f32x4.splat (f32.load (local.get $p))))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 4)) (local.get $e))
              (then (local.set $x (f32x4.replace_lane 1 (local.get $x) (f32.load offset=4 (local.get $p))))))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 8)) (local.get $e))
              (then (local.set $x (f32x4.replace_lane 2 (local.get $x) (f32.load offset=8 (local.get $p)))))))
          (else (local.set $x (v128.load (local.get $p)))))
        ;; z = -|x| clamped to the normal range; k = nearest(z / ln 2); r = z - k ln 2
        (local.set $z (f32x4.max (f32x4.neg (f32x4.abs (local.get $x))) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $z) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
        (local.set $r (f32x4.sub (local.get $z) (f32x4.mul (local.get $k) (v128.const f32x4 0.693145751953125 0.693145751953125 0.693145751953125 0.693145751953125))))
        (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 1.428606765330187e-06 1.428606765330187e-06 1.428606765330187e-06 1.428606765330187e-06))))
        ;; q = 1 + r (1 + r (1/2 + r (1/6 + r (1/24 + r (1/120 + r (1/720 + r / 5040))))))
        (local.set $q (f32x4.add (v128.const f32x4 1.3888889e-03 1.3888889e-03 1.3888889e-03 1.3888889e-03) (f32x4.mul (local.get $r) (v128.const f32x4 1.984127e-04 1.984127e-04 1.984127e-04 1.984127e-04))))
        (local.set $q (f32x4.add (v128.const f32x4 8.333334e-03 8.333334e-03 8.333334e-03 8.333334e-03) (f32x4.mul (local.get $r) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 4.1666668e-02 4.1666668e-02 4.1666668e-02 4.1666668e-02) (f32x4.mul (local.get $r) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.16666667 0.16666667 0.16666667 0.16666667) (f32x4.mul (local.get $r) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (local.get $r) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $q))))
        ;; e = q 2^k (k in [-126, 0]: the exponent field k + 127)
        (local.set $ez
          (f32x4.mul (local.get $q)
            (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
        (local.set $ez
          (v128.andnot (local.get $ez) (f32x4.lt (f32x4.neg (f32x4.abs (local.get $x))) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3))))
        ;; 1 / (1 + e) for x >= 0, e / (1 + e) for x < 0
        (local.set $z
          (f32x4.div
            (v128.bitselect (local.get $ez) (v128.const f32x4 1 1 1 1) (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
            (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $ez))))
        ;; NaN in, NaN out
        (local.set $z (v128.bitselect (local.get $x) (local.get $z) (f32x4.ne (local.get $x) (local.get $x))))
        (if (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e))
          (then
            (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $z)))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 4)) (local.get $e))
              (then (f32.store offset=4 (local.get $p) (f32x4.extract_lane 1 (local.get $z)))))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 8)) (local.get $e))
              (then (f32.store offset=8 (local.get $p) (f32x4.extract_lane 2 (local.get $z))))))
          (else (v128.store (local.get $p) (local.get $z))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next))))

  ;; Non-overlapping p x p max pooling of n images h x w x c (NHWC) at a into out, or (grad = 1) its
  ;; gradient as TF.js defines a max's: dA = dOut where a equals its window's maximum (every one on
  ;; a tie), else 0 (dA must be zero beforehand). The maximum follows maxPool's JavaScript rule
  ;; (m = v when v > m or v is NaN), so signed zeros and NaN come out the same. Four channels at a
  ;; time, then one at a time.
  (func (export "pool_max") (param $a i32) (param $out i32) (param $dA i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $p i32) (param $grad i32)
    (local $ho i32) (local $wo i32) (local $b i32) (local $oy i32) (local $ox i32) (local $ch i32) (local $dy i32) (local $dx i32)
    (local $base i32) (local $at i32) (local $rowStep i32) (local $cStep i32) (local $m v128) (local $v v128) (local $g v128) (local $ms f32) (local $vs f32)
    (local.set $ho (i32.div_u (local.get $h) (local.get $p)))
    (local.set $wo (i32.div_u (local.get $w) (local.get $p)))
    (local.set $rowStep (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
    (local.set $cStep (i32.shl (local.get $c) (i32.const 2)))
    (block $bDone (loop $bl (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $oy (i32.const 0))
      (block $yDone (loop $yl (br_if $yDone (i32.ge_u (local.get $oy) (local.get $ho)))
        (local.set $ox (i32.const 0))
        (block $xDone (loop $xl (br_if $xDone (i32.ge_u (local.get $ox) (local.get $wo)))
          ;; byte offset of the window's first element, channel 0
          (local.set $base
            (i32.shl
              (i32.mul
                (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.mul (local.get $oy) (local.get $p))) (local.get $w)) (i32.mul (local.get $ox) (local.get $p)))
                (local.get $c))
              (i32.const 2)))
          (local.set $ch (i32.const 0))
          (block $vDone (loop $vl (br_if $vDone (i32.gt_u (i32.add (local.get $ch) (i32.const 4)) (local.get $c)))
            (local.set $m (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $dy (i32.const 0))
            (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $dy) (local.get $p)))
              (local.set $dx (i32.const 0))
              (block $d2 (loop $l2 (br_if $d2 (i32.ge_u (local.get $dx) (local.get $p)))
                (local.set $v (v128.load (i32.add (local.get $a) (i32.add (i32.add (local.get $base) (i32.shl (local.get $ch) (i32.const 2))) (i32.add (i32.mul (local.get $dy) (local.get $rowStep)) (i32.mul (local.get $dx) (local.get $cStep)))))))
                (local.set $m (v128.bitselect (local.get $v) (local.get $m) (v128.or (f32x4.gt (local.get $v) (local.get $m)) (f32x4.ne (local.get $v) (local.get $v)))))
                (local.set $dx (i32.add (local.get $dx) (i32.const 1))) (br $l2)))
              (local.set $dy (i32.add (local.get $dy) (i32.const 1))) (br $l1)))
            (if (local.get $grad)
              (then
                (local.set $g (v128.load (local.get $out)))
                (local.set $dy (i32.const 0))
                (block $e1 (loop $k1 (br_if $e1 (i32.ge_u (local.get $dy) (local.get $p)))
                  (local.set $dx (i32.const 0))
                  (block $e2 (loop $k2 (br_if $e2 (i32.ge_u (local.get $dx) (local.get $p)))
                    (local.set $at (i32.add (i32.add (local.get $base) (i32.shl (local.get $ch) (i32.const 2))) (i32.add (i32.mul (local.get $dy) (local.get $rowStep)) (i32.mul (local.get $dx) (local.get $cStep)))))
                    (v128.store (i32.add (local.get $dA) (local.get $at))
                      (v128.and (local.get $g) (f32x4.eq (v128.load (i32.add (local.get $a) (local.get $at))) (local.get $m))))
                    (local.set $dx (i32.add (local.get $dx) (i32.const 1))) (br $k2)))
                  (local.set $dy (i32.add (local.get $dy) (i32.const 1))) (br $k1))))
              (else (v128.store (local.get $out) (local.get $m))))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4))) (br $vl)))
          (block $sDone (loop $sl (br_if $sDone (i32.ge_u (local.get $ch) (local.get $c)))
            (local.set $ms (f32.const -inf))
            (local.set $dy (i32.const 0))
            (block $f1 (loop $m1 (br_if $f1 (i32.ge_u (local.get $dy) (local.get $p)))
              (local.set $dx (i32.const 0))
              (block $f2 (loop $m2 (br_if $f2 (i32.ge_u (local.get $dx) (local.get $p)))
                (local.set $vs (f32.load (i32.add (local.get $a) (i32.add (i32.add (local.get $base) (i32.shl (local.get $ch) (i32.const 2))) (i32.add (i32.mul (local.get $dy) (local.get $rowStep)) (i32.mul (local.get $dx) (local.get $cStep)))))))
                (if (i32.or (f32.gt (local.get $vs) (local.get $ms)) (f32.ne (local.get $vs) (local.get $vs))) (then (local.set $ms (local.get $vs))))
                (local.set $dx (i32.add (local.get $dx) (i32.const 1))) (br $m2)))
              (local.set $dy (i32.add (local.get $dy) (i32.const 1))) (br $m1)))
            (if (local.get $grad)
              (then
                (local.set $vs (f32.load (local.get $out)))
                (local.set $dy (i32.const 0))
                (block $h1 (loop $n1 (br_if $h1 (i32.ge_u (local.get $dy) (local.get $p)))
                  (local.set $dx (i32.const 0))
                  (block $h2 (loop $n2 (br_if $h2 (i32.ge_u (local.get $dx) (local.get $p)))
                    (local.set $at (i32.add (i32.add (local.get $base) (i32.shl (local.get $ch) (i32.const 2))) (i32.add (i32.mul (local.get $dy) (local.get $rowStep)) (i32.mul (local.get $dx) (local.get $cStep)))))
                    (if (f32.eq (f32.load (i32.add (local.get $a) (local.get $at))) (local.get $ms))
                      (then (f32.store (i32.add (local.get $dA) (local.get $at)) (local.get $vs))))
                    (local.set $dx (i32.add (local.get $dx) (i32.const 1))) (br $n2)))
                  (local.set $dy (i32.add (local.get $dy) (i32.const 1))) (br $n1))))
              (else (f32.store (local.get $out) (local.get $ms))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1))) (br $sl)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1))) (br $xl)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1))) (br $yl)))
      (local.set $b (i32.add (local.get $b) (i32.const 1))) (br $bl))))

  ;; Sigmoid gradient from the saved outputs y: d = d (y (1 - y)).
  (func (export "sigmoid_grad") (param $d i32) (param $a i32) (param $n i32)
    (local $e i32) (local $y v128) (local $ys f32)
    (local.set $e (i32.add (local.get $d) (i32.shl (local.get $n) (i32.const 2))))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $e)))
        (local.set $y (v128.load (local.get $a)))
        (v128.store (local.get $d)
          (f32x4.mul (v128.load (local.get $d)) (f32x4.mul (local.get $y) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $y)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $v)))
    (block $sDone
      (loop $s
        (br_if $sDone (i32.ge_u (local.get $d) (local.get $e)))
        (local.set $ys (f32.load (local.get $a)))
        (f32.store (local.get $d) (f32.mul (f32.load (local.get $d)) (f32.mul (local.get $ys) (f32.sub (f32.const 1) (local.get $ys)))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $s))))
)
