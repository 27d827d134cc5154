//! `f32` kernels on WebAssembly SIMD (128-bit `v128`, four `f32` lanes).
//!
//! The twins of [`super::scalar`], compiled only for `wasm32` with the
//! `simd128` target feature. Baseline simd128 has no fused multiply-add, so
//! every multiply-add is `f32x4_add(acc, f32x4_mul(a, b))`, rounded twice,
//! exactly like the scalar `acc += a * b`.
//!
//! Agreement with the scalar reference:
//! - `gemm_nn`, `gemm_nn_lda`, `gemm_tn`, `axpy`, `adam_update` perform, for every output
//!   element, the same operations in the same order as the scalar kernels,
//!   so their results are bit-identical; `relu_max_pool` makes the same
//!   comparisons, so it is bit-identical too.
//! - `gemm_nt` and `dot` sum each dot product in four lanes (and several
//!   accumulators) and add the lanes at the end, so they differ from the
//!   sequential scalar sum by ordinary f32 rounding (relative ~1e-7·k).
//!
//! Design: `gemm_nn`/`gemm_tn` share one register-blocked micro-kernel that
//! keeps a 4-row × 8-column block of `C` (8 `v128`) in locals for the whole
//! `k` loop, broadcasting one `A` value per row and loading two `v128` of a
//! `B` row per step (16 mul + 16 add per 4 broadcasts and 2 loads). Eleven
//! live vectors fit the 16 (x86-64, one reserved as scratch by engines) or
//! 32 (arm64) vector registers. Edge blocks use the same kernel with fewer
//! rows (1–3) or one vector (4 columns); the last `n mod 4` columns run a
//! scalar loop in the same order. `gemm_nt` blocks 4 rows of `A` against 2
//! rows of `B` (8 `v128` accumulators over `k`), then sums lanes.
//!
//! Panics (like the scalar kernels) if the slices are too short: the callers
//! are layers that size their buffers, never user input.

// Register blocks are small fixed arrays indexed by row and vector, which
// reads closer to the math than iterator chains (and unrolls the same).
#![allow(clippy::needless_range_loop)]

use core::arch::wasm32::*;

/// Rows of `C` in one register block.
const MR: usize = 4;

#[inline(always)]
unsafe fn load(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

#[inline(always)]
unsafe fn store(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}

/// `l0 + l1 + l2 + l3` as `(l0 + l2) + (l1 + l3)`.
#[inline(always)]
fn hsum(v: v128) -> f32 {
    let s = f32x4_add(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s)
}

/// `C[R rows × 4·V cols] += A · B` for one block, accumulating in registers.
///
/// Element `A[r, p]` of the block is at `a[r·a_rs + p·a_ps]` (this is what
/// lets `gemm_nn` and `gemm_tn` share the kernel); `B` row `p` starts at
/// `b + p·ldb`, row `r` of `C` at `c + r·ldc`.
///
/// # Safety
/// All addressed elements must be in bounds.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn block<const R: usize, const V: usize>(
    k: usize,
    a: *const f32,
    a_rs: usize,
    a_ps: usize,
    b: *const f32,
    ldb: usize,
    c: *mut f32,
    ldc: usize,
) {
    let mut acc = [[f32x4_splat(0.0); V]; R];
    for r in 0..R {
        for v in 0..V {
            acc[r][v] = load(c.add(r * ldc + 4 * v));
        }
    }
    let mut ap = a;
    let mut bp = b;
    for _ in 0..k {
        let mut bv = [f32x4_splat(0.0); V];
        for v in 0..V {
            bv[v] = load(bp.add(4 * v));
        }
        for r in 0..R {
            let av = f32x4_splat(*ap.add(r * a_rs));
            for v in 0..V {
                acc[r][v] = f32x4_add(acc[r][v], f32x4_mul(av, bv[v]));
            }
        }
        ap = ap.add(a_ps);
        bp = bp.add(ldb);
    }
    for r in 0..R {
        for v in 0..V {
            store(c.add(r * ldc + 4 * v), acc[r][v]);
        }
    }
}

/// One band of `R` rows of `C` across all `n` columns.
///
/// # Safety
/// As [`block`], for the whole band.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn band<const R: usize>(
    n: usize,
    k: usize,
    a: *const f32,
    a_rs: usize,
    a_ps: usize,
    b: *const f32,
    c: *mut f32,
) {
    let mut j = 0;
    while j + 8 <= n {
        block::<R, 2>(k, a, a_rs, a_ps, b.add(j), n, c.add(j), n);
        j += 8;
    }
    if j + 4 <= n {
        block::<R, 1>(k, a, a_rs, a_ps, b.add(j), n, c.add(j), n);
        j += 4;
    }
    // Last n mod 4 columns: scalar, same order as the reference.
    while j < n {
        for r in 0..R {
            let cp = c.add(r * n + j);
            let mut s = *cp;
            let mut ap = a.add(r * a_rs);
            let mut bp = b.add(j);
            for _ in 0..k {
                s += *ap * *bp;
                ap = ap.add(a_ps);
                bp = bp.add(n);
            }
            *cp = s;
        }
        j += 1;
    }
}

/// `C[m×n] += A·B` where `A[i, p]` is `a[i·a_rs + p·a_ps]` and `B` is `k×n`.
///
/// # Safety
/// Caller checks the slice lengths.
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_strided(
    m: usize,
    n: usize,
    k: usize,
    a: *const f32,
    a_rs: usize,
    a_ps: usize,
    b: *const f32,
    c: *mut f32,
) {
    let mut i = 0;
    while i + MR <= m {
        band::<MR>(n, k, a.add(i * a_rs), a_rs, a_ps, b, c.add(i * n));
        i += MR;
    }
    let (ai, ci) = (a.add(i * a_rs), c.add(i * n));
    match m - i {
        3 => band::<3>(n, k, ai, a_rs, a_ps, b, ci),
        2 => band::<2>(n, k, ai, a_rs, a_ps, b, ci),
        1 => band::<1>(n, k, ai, a_rs, a_ps, b, ci),
        _ => {}
    }
}

/// `C[m×n] += A[m×k] · B[k×n]`. Bit-identical to [`super::scalar::gemm_nn`].
pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: lengths checked above; every access is below m·k, k·n, m·n.
    unsafe { gemm_strided(m, n, k, a.as_ptr(), k, 1, b.as_ptr(), c.as_mut_ptr()) }
}

/// `C[m×n] += A · B[k×n]`, row `i` of `A` at `a[i·lda..]`. Bit-identical
/// to [`super::scalar::gemm_nn_lda`].
pub fn gemm_nn_lda(m: usize, n: usize, k: usize, a: &[f32], lda: usize, b: &[f32], c: &mut [f32]) {
    assert!((m == 0 || a.len() >= (m - 1) * lda + k) && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: lengths checked above; A accesses are below (m-1)·lda + k.
    unsafe { gemm_strided(m, n, k, a.as_ptr(), lda, 1, b.as_ptr(), c.as_mut_ptr()) }
}

/// ReLU + max-pool over rows of `y: [t, f]`, 16 columns (4 `v128` of
/// running maxima and 4 of row indices) per sweep over the rows:
/// `f32x4_gt` then `v128_bitselect`, the same strict comparisons as
/// [`super::scalar::relu_max_pool`], so bit-identical (NaN compares false).
pub fn relu_max_pool(t: usize, f: usize, y: &[f32], pooled: &mut [f32], argmax: &mut [u32]) {
    assert!(t >= 1 && y.len() >= t * f && pooled.len() >= f && argmax.len() >= f);
    let yp = y.as_ptr();
    let mut j = 0;
    // SAFETY: j + 4·V <= f and i < t before each access of row i.
    unsafe {
        while j + 16 <= f {
            pool_cols::<4>(t, f, yp.add(j), pooled.as_mut_ptr().add(j), argmax.as_mut_ptr().add(j));
            j += 16;
        }
        while j + 4 <= f {
            pool_cols::<1>(t, f, yp.add(j), pooled.as_mut_ptr().add(j), argmax.as_mut_ptr().add(j));
            j += 4;
        }
    }
    for jj in j..f {
        let (mut best, mut arg) = (0.0f32, 0u32);
        for i in 0..t {
            let v = y[i * f + jj];
            if v > best {
                best = v;
                arg = i as u32;
            }
        }
        pooled[jj] = best;
        argmax[jj] = arg;
    }
}

/// [`relu_max_pool`] for `4·V` columns starting at `y`, rows at stride `f`.
///
/// # Safety
/// `y[i·f + 4·V - 1]` in bounds for `i < t`; `pooled`, `argmax` hold `4·V`.
#[inline(always)]
unsafe fn pool_cols<const V: usize>(t: usize, f: usize, y: *const f32, pooled: *mut f32, argmax: *mut u32) {
    let mut best = [f32x4_splat(0.0); V];
    let mut arg = [u32x4_splat(0); V];
    let mut row = y;
    for i in 0..t {
        let iv = u32x4_splat(i as u32);
        for v in 0..V {
            let x = load(row.add(4 * v));
            let gt = f32x4_gt(x, best[v]);
            best[v] = v128_bitselect(x, best[v], gt);
            arg[v] = v128_bitselect(iv, arg[v], gt);
        }
        row = row.add(f);
    }
    for v in 0..V {
        store(pooled.add(4 * v), best[v]);
        v128_store(argmax.add(4 * v) as *mut v128, arg[v]);
    }
}

/// `C[m×n] += A[k×m]ᵀ · B[k×n]`. Bit-identical to [`super::scalar::gemm_tn`].
pub fn gemm_tn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= k * m && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: lengths checked above; every access is below k·m, k·n, m·n.
    unsafe { gemm_strided(m, n, k, a.as_ptr(), 1, m, b.as_ptr(), c.as_mut_ptr()) }
}

/// `C[R×S] += A[R rows] · B[S rows]ᵀ`, rows of length `k` at stride `k`,
/// `C` rows at stride `ldc`.
///
/// # Safety
/// All addressed elements must be in bounds.
#[inline(always)]
unsafe fn nt_block<const R: usize, const S: usize>(
    k: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
) {
    let mut acc = [[f32x4_splat(0.0); S]; R];
    let k4 = k & !3;
    let mut p = 0;
    while p < k4 {
        let mut bv = [f32x4_splat(0.0); S];
        for s in 0..S {
            bv[s] = load(b.add(s * k + p));
        }
        for r in 0..R {
            let av = load(a.add(r * k + p));
            for s in 0..S {
                acc[r][s] = f32x4_add(acc[r][s], f32x4_mul(av, bv[s]));
            }
        }
        p += 4;
    }
    for r in 0..R {
        for s in 0..S {
            let mut sum = hsum(acc[r][s]);
            for q in k4..k {
                sum += *a.add(r * k + q) * *b.add(s * k + q);
            }
            *c.add(r * ldc + s) += sum;
        }
    }
}

/// One band of `R` rows of `C` for `gemm_nt`.
///
/// # Safety
/// As [`nt_block`], for the whole band.
#[inline(always)]
unsafe fn nt_band<const R: usize>(n: usize, k: usize, a: *const f32, b: *const f32, c: *mut f32) {
    let mut j = 0;
    while j + 2 <= n {
        nt_block::<R, 2>(k, a, b.add(j * k), c.add(j), n);
        j += 2;
    }
    if j < n {
        nt_block::<R, 1>(k, a, b.add(j * k), c.add(j), n);
    }
}

/// `C[m×n] += A[m×k] · B[n×k]ᵀ`. Each element is a four-lane dot product,
/// so it matches [`super::scalar::gemm_nt`] up to f32 summation order.
pub fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n);
    let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
    // SAFETY: lengths checked above; every access is below m·k, n·k, m·n.
    unsafe {
        let mut i = 0;
        while i + MR <= m {
            nt_band::<MR>(n, k, a.add(i * k), b, c.add(i * n));
            i += MR;
        }
        let (ai, ci) = (a.add(i * k), c.add(i * n));
        match m - i {
            3 => nt_band::<3>(n, k, ai, b, ci),
            2 => nt_band::<2>(n, k, ai, b, ci),
            1 => nt_band::<1>(n, k, ai, b, ci),
            _ => {}
        }
    }
}

/// `y += alpha · x`. Bit-identical to [`super::scalar::axpy`].
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    assert_eq!(x.len(), y.len());
    let len = x.len();
    let (xp, yp) = (x.as_ptr(), y.as_mut_ptr());
    let av = f32x4_splat(alpha);
    let mut i = 0;
    // SAFETY: i + 8 <= len (then i + 4 <= len) before each vector access.
    unsafe {
        while i + 8 <= len {
            let y0 = f32x4_add(load(yp.add(i)), f32x4_mul(av, load(xp.add(i))));
            let y1 = f32x4_add(load(yp.add(i + 4)), f32x4_mul(av, load(xp.add(i + 4))));
            store(yp.add(i), y0);
            store(yp.add(i + 4), y1);
            i += 8;
        }
        if i + 4 <= len {
            store(
                yp.add(i),
                f32x4_add(load(yp.add(i)), f32x4_mul(av, load(xp.add(i)))),
            );
            i += 4;
        }
    }
    for j in i..len {
        y[j] += alpha * x[j];
    }
}

/// `Σ a[i]·b[i]` in four `v128` accumulators (16 partial sums), matching
/// [`super::scalar::dot`] up to f32 summation order.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    let len = a.len();
    let (ap, bp) = (a.as_ptr(), b.as_ptr());
    let mut acc = [f32x4_splat(0.0); 4];
    let mut i = 0;
    // SAFETY: i + 16 <= len (then i + 4 <= len) before each vector access.
    unsafe {
        while i + 16 <= len {
            for (q, s) in acc.iter_mut().enumerate() {
                let o = i + 4 * q;
                *s = f32x4_add(*s, f32x4_mul(load(ap.add(o)), load(bp.add(o))));
            }
            i += 16;
        }
        while i + 4 <= len {
            acc[0] = f32x4_add(acc[0], f32x4_mul(load(ap.add(i)), load(bp.add(i))));
            i += 4;
        }
    }
    let v = f32x4_add(f32x4_add(acc[0], acc[1]), f32x4_add(acc[2], acc[3]));
    let mut s = hsum(v);
    for j in i..len {
        s += a[j] * b[j];
    }
    s
}

/// Keras-form Adam step; see [`super::Real::adam_update`]. The same
/// operations in the same order as [`super::scalar::adam_update`] (IEEE
/// `sqrt` and division are correctly rounded in both), so bit-identical.
#[allow(clippy::too_many_arguments)]
pub fn adam_update(
    p: &mut [f32],
    g: &[f32],
    m: &mut [f32],
    v: &mut [f32],
    alpha: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
) {
    let len = p.len();
    assert!(g.len() == len && m.len() == len && v.len() == len);
    let (pp, gp, mp, vp) = (p.as_mut_ptr(), g.as_ptr(), m.as_mut_ptr(), v.as_mut_ptr());
    let (c1, c2) = (f32x4_splat(1.0 - beta1), f32x4_splat(1.0 - beta2));
    let (al, ep) = (f32x4_splat(alpha), f32x4_splat(eps));
    let mut i = 0;
    // SAFETY: i + 4 <= len before each vector access; the four slices have
    // length len.
    unsafe {
        while i + 4 <= len {
            let gi = load(gp.add(i));
            let mi = load(mp.add(i));
            let mi = f32x4_add(mi, f32x4_mul(f32x4_sub(gi, mi), c1));
            let vi = load(vp.add(i));
            let vi = f32x4_add(vi, f32x4_mul(f32x4_sub(f32x4_mul(gi, gi), vi), c2));
            let step = f32x4_div(f32x4_mul(al, mi), f32x4_add(f32x4_sqrt(vi), ep));
            store(mp.add(i), mi);
            store(vp.add(i), vi);
            store(pp.add(i), f32x4_sub(load(pp.add(i)), step));
            i += 4;
        }
    }
    let (o1, o2) = (1.0 - beta1, 1.0 - beta2);
    for j in i..len {
        let gj = g[j];
        m[j] += (gj - m[j]) * o1;
        v[j] += (gj * gj - v[j]) * o2;
        p[j] -= alpha * m[j] / (v[j].sqrt() + eps);
    }
}

/// Independent multiply-add chains in [`madd_peak_probe`].
pub const MADD_PEAK_CHAINS: usize = 12;

/// Floating-point operations per iteration of [`madd_peak_probe`]:
/// `MADD_PEAK_CHAINS` chains × 4 lanes × (1 mul + 1 add).
pub const MADD_PEAK_FLOPS_PER_ITER: u64 = (MADD_PEAK_CHAINS * 4 * 2) as u64;

/// A tight loop of [`MADD_PEAK_CHAINS`] independent `acc = acc·s + t` chains
/// (`f32x4_mul` then `f32x4_add`), for timing this machine's WebAssembly
/// SIMD multiply-add peak: GFLOP/s = `iters · MADD_PEAK_FLOPS_PER_ITER /
/// seconds / 1e9`. Enough chains to cover mul+add latency on 2–4 vector
/// pipes (x86-64, arm64). Returns a lane sum so the work cannot be removed;
/// the values stay bounded (a contraction towards `t/(1-s)`).
///
/// Warm up before timing: V8 runs a wasm function's first calls in its
/// baseline tier (Liftoff, 3–6× slower here) and switches to optimized code on
/// a later call (there is no on-stack replacement), so call it (and every
/// kernel) a few times first. Measured in headless Chromium on the 2-core
/// AMD EPYC dev box: ~63 GFLOP/s warm (consistent with 2 mul + 2 add pipes);
/// the blocked GEMMs reach ~59–62 GFLOP/s on the model's shapes.
pub fn madd_peak_probe(iters: u32) -> f32 {
    // Derived from `iters` so nothing folds at compile time.
    let s = f32x4_splat(0.999_9 - (iters & 1) as f32 * 1e-7);
    let t = f32x4_splat(1e-4);
    let mut acc = [f32x4_splat(0.0); MADD_PEAK_CHAINS];
    for (q, a) in acc.iter_mut().enumerate() {
        *a = f32x4_splat(q as f32);
    }
    for _ in 0..iters {
        for a in acc.iter_mut() {
            *a = f32x4_add(f32x4_mul(*a, s), t);
        }
    }
    let mut sum = f32x4_splat(0.0);
    for a in acc {
        sum = f32x4_add(sum, a);
    }
    hsum(sum)
}
