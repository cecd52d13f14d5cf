package org.mmrec4j.engine.kernel;

import org.bytedeco.javacpp.FloatPointer;
import org.mmrec4j.engine.Parallel;

/**
 * Single-precision GEMM, {@code C = alpha·op(A)·op(B) + beta·C}, on row-major arrays.
 *
 * <p>Large products go to OpenBLAS from the bytedeco jar (no system install). OpenBLAS runs
 * single-threaded; the rows of C are split across {@link Parallel}'s pool instead, so the whole
 * program uses one pool of the configured size and results depend only on the thread count.
 * Small products, and every product when the native library cannot load, use the Java kernels below.
 */
public final class Gemm {
    /** m·n·k below this: JNI and copy overhead outweigh OpenBLAS's speed. */
    private static final long NATIVE_MIN_WORK = 1L << 15;
    private static final boolean NATIVE = NativeBlas.available();
    private static volatile boolean forceJava = Boolean.getBoolean("mmrec4j.javaGemm");

    private Gemm() {}

    public static boolean nativeAvailable() {
        return NATIVE;
    }

    /** For tests and benchmarks: route every call to the Java kernels. */
    public static void forceJava(boolean on) {
        forceJava = on;
    }

    static boolean javaForced() {
        return forceJava;
    }

    public static String backend() {
        return NATIVE && !forceJava ? "openblas " + NativeBlas.version() : "java";
    }

    /**
     * The general form. op(A) is m×k, op(B) is k×n, C is m×n; lda/ldb/ldc are the row strides of the
     * arrays as stored (before transposition).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (m == 0 || n == 0) return;
        if (NATIVE && !forceJava && (long) m * n * k >= NATIVE_MIN_WORK) {
            NativeBlas.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } else {
            Parallel.forRange(m, (lo, hi) -> javaGemm(transA, transB, lo, hi, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        }
    }

    /** Rows [lo, hi) of C, in Java. Loop orders keep the innermost loop contiguous so the JIT vectorises it. */
    static void javaGemm(boolean transA, boolean transB, int lo, int hi, int n, int k, float alpha,
                         float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int i = lo; i < hi; i++) {
            int ci = i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
            if (!transB) {
                // C[i,:] += alpha · Σ_p op(A)[i,p] · B[p,:]
                for (int p = 0; p < k; p++) {
                    float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    if (av == 0f) continue;
                    int bp = p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            } else {
                // C[i,j] += alpha · <op(A)[i,:], B[j,:]>; four partial sums break the FP dependency chain.
                for (int j = 0; j < n; j++) {
                    int bj = j * ldb;
                    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    int p = 0;
                    if (!transA) {
                        int ai = i * lda;
                        for (; p + 3 < k; p += 4) {
                            s0 += a[ai + p] * b[bj + p];
                            s1 += a[ai + p + 1] * b[bj + p + 1];
                            s2 += a[ai + p + 2] * b[bj + p + 2];
                            s3 += a[ai + p + 3] * b[bj + p + 3];
                        }
                        for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
                    } else {
                        for (; p < k; p++) s0 += a[p * lda + i] * b[bj + p];
                    }
                    c[ci + j] += alpha * ((s0 + s1) + (s2 + s3));
                }
            }
        }
    }

    /** The JNI side, isolated so a failed native load only disables this class. */
    static final class NativeBlas {
        private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
        private static String version = "unavailable";

        static boolean available() {
            try {
                org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(1);
                version = "0.3.28 (bytedeco), " + org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads() + " internal thread";
                return true;
            } catch (Throwable t) {
                return false;
            }
        }

        static String version() {
            return version;
        }

        /** Reusable off-heap buffers, one set per thread: allocation costs more than small copies. */
        private static final ThreadLocal<FloatPointer[]> BUFFERS = ThreadLocal.withInitial(() -> new FloatPointer[3]);

        private static FloatPointer buffer(int slot, long size) {
            FloatPointer[] bufs = BUFFERS.get();
            if (bufs[slot] == null || bufs[slot].capacity() < size) {
                if (bufs[slot] != null) bufs[slot].deallocate();
                bufs[slot] = new FloatPointer(Math.max(size, 1024));
            }
            return bufs[slot];
        }

        static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
            // B is shared by all row blocks; each block packs its own rows of op(A) and C.
            int bRows = transB ? n : k, bCols = transB ? k : n;
            FloatPointer bp = new FloatPointer((long) bRows * bCols);
            try {
                packRows(b, ldb, 0, bRows, bCols, bp);
                int chunks = m >= 64 ? Parallel.threads() : 1;
                Parallel.forChunks(m, chunks, (chunk, lo, hi) -> {
                    int rows = hi - lo;
                    FloatPointer ap = buffer(0, (long) rows * k);
                    FloatPointer cp = buffer(1, (long) rows * n);
                    if (transA) {
                        // op(A) rows lo..hi are columns of A: gather them as a k×rows block.
                        float[] tmp = new float[k * rows];
                        for (int p = 0; p < k; p++) System.arraycopy(a, p * lda + lo, tmp, p * rows, rows);
                        ap.position(0).put(tmp, 0, tmp.length);
                    } else {
                        packRows(a, lda, lo, rows, k, ap);
                    }
                    if (beta != 0f) packRows(c, ldc, lo, rows, n, cp);
                    org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(ROW_MAJOR,
                            transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, rows, n, k, alpha,
                            ap.position(0), transA ? rows : k, bp.position(0), bCols, beta, cp.position(0), n);
                    for (int r = 0; r < rows; r++) cp.position((long) r * n).get(c, (lo + r) * ldc, n);
                    cp.position(0);
                });
            } finally {
                bp.deallocate();
            }
        }

        private static void packRows(float[] src, int ld, int from, int rows, int cols, FloatPointer dst) {
            if (ld == cols) {
                dst.position(0).put(src, from * ld, rows * cols);
            } else {
                for (int r = 0; r < rows; r++) dst.position((long) r * cols).put(src, (from + r) * ld, cols);
            }
            dst.position(0);
        }
    }
}
