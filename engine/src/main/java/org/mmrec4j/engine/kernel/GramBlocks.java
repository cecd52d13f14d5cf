package org.mmrec4j.engine.kernel;

import org.bytedeco.javacpp.FloatPointer;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;

/**
 * A row matrix X (n×d) held once in native memory, for computing its Gram matrix X·Xᵀ one block of
 * rows at a time: the kNN graph builders' access pattern. {@link Gemm#gemm} copies its operands into
 * native memory on every call, which for a 63k×4096 catalogue would move a gigabyte per block.
 * Without native BLAS the rows stay on the heap and the Java kernel runs.
 */
public final class GramBlocks implements AutoCloseable {
    private final int rows, cols;
    private final FloatPointer nativeRows;
    private final float[] heapRows;

    public GramBlocks(int rows, int cols) {
        Checks.arg(rows > 0 && cols > 0, "GramBlocks needs a non-empty matrix, got %sx%s", rows, cols);
        this.rows = rows;
        this.cols = cols;
        boolean nativeOk = Gemm.nativeAvailable() && !Gemm.javaForced();
        nativeRows = nativeOk ? new FloatPointer((long) rows * cols) : null;
        heapRows = nativeOk ? null : new float[Math.multiplyExact(rows, cols)];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Copies {@code count} rows from {@code src} (row stride cols) into rows [from, from+count). */
    public void putRows(int from, float[] src, int count) {
        Checks.arg(from >= 0 && from + count <= rows && src.length >= (long) count * cols, "putRows outside the matrix");
        if (nativeRows != null) {
            nativeRows.position((long) from * cols).put(src, 0, count * cols);
            nativeRows.position(0);
        } else {
            System.arraycopy(src, 0, heapRows, from * cols, count * cols);
        }
    }

    /**
     * out[(r − lo)·rows + j] = x_r · x_j for r in [lo, hi) and every j: rows [lo, hi) of X·Xᵀ. The
     * block's rows are split over the pool; each thread runs a single-threaded BLAS call.
     */
    public void gramRows(int lo, int hi, float[] out) {
        Checks.arg(0 <= lo && lo < hi && hi <= rows && out.length >= (long) (hi - lo) * rows, "gramRows [%s, %s) outside %s rows", lo, hi, rows);
        int n = rows, d = cols;
        if (nativeRows == null) {
            Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
                if (a == b) return;
                float[] aRows = java.util.Arrays.copyOfRange(heapRows, (lo + a) * d, (lo + b) * d);
                float[] cBlock = new float[(b - a) * n];
                Gemm.javaGemm(false, true, 0, b - a, n, d, 1f, aRows, d, heapRows, d, 0f, cBlock, n);
                System.arraycopy(cBlock, 0, out, a * n, cBlock.length);
            });
            return;
        }
        Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
            int m = b - a;
            if (m == 0) return;
            FloatPointer aRows = new FloatPointer(nativeRows).position((long) (lo + a) * d);
            FloatPointer cBlock = new FloatPointer((long) m * n);
            try {
                org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(101, 111, 112, m, n, d, 1f,
                        aRows, d, nativeRows, d, 0f, cBlock, n);
                cBlock.position(0).get(out, a * n, m * n);
            } finally {
                cBlock.deallocate();
            }
        });
    }

    /**
     * out[(r − lo)·(rows − from) + (j − from)] = x_r · x_j for r in [lo, hi) and j in [from, rows): the
     * part of rows [lo, hi) of X·Xᵀ right of column {@code from}. With from = lo this is the block row of
     * the upper triangle, all a symmetric kNN build needs. Same threading as {@link #gramRows}.
     */
    public void gramRowsFrom(int lo, int hi, int from, float[] out) {
        int width = rows - from;
        Checks.arg(0 <= lo && lo < hi && hi <= rows && 0 <= from && from < rows && out.length >= (long) (hi - lo) * width,
                "gramRowsFrom [%s, %s) x [%s, %s) outside %s rows", lo, hi, from, rows, rows);
        int d = cols;
        if (nativeRows == null) {
            Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
                for (int r = a; r < b; r++) {
                    int ro = (lo + r) * d, oo = r * width;
                    for (int j = 0; j < width; j++) out[oo + j] = RowDot.dot(heapRows, ro, heapRows, (from + j) * d, d);
                }
            });
            return;
        }
        Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
            int m = b - a;
            if (m == 0) return;
            FloatPointer aRows = new FloatPointer(nativeRows).position((long) (lo + a) * d);
            FloatPointer bRows = new FloatPointer(nativeRows).position((long) from * d);
            FloatPointer cBlock = new FloatPointer((long) m * width);
            try {
                org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(101, 111, 112, m, width, d, 1f,
                        aRows, d, bRows, d, 0f, cBlock, width);
                cBlock.position(0).get(out, a * width, m * width);
            } finally {
                cBlock.deallocate();
            }
        });
    }

    @Override
    public void close() {
        if (nativeRows != null) nativeRows.deallocate();
    }
}
