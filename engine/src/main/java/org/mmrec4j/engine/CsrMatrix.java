package org.mmrec4j.engine;

import java.util.Arrays;
import org.mmrec4j.engine.kernel.SparseRows;

/**
 * An immutable compressed-sparse-row matrix: row r's entries are {@code colIdx[rowPtr[r] ..
 * rowPtr[r+1])} with {@code values} alongside, columns ascending within a row.
 *
 * <p>Example: [[0, 2], [3, 0]] is rowPtr {0, 1, 2}, colIdx {1, 0}, values {2, 3}.
 *
 * <p>CSR makes sparse·dense a loop over output rows that needs no synchronisation, so it is
 * parallel over rows. The backward pass of {@code A·X} is {@code Aᵀ·G}; the transpose is built once on
 * first use and cached, which costs one extra copy of the matrix but keeps backward as fast as forward.
 */
public final class CsrMatrix {
    private final int rows, cols;
    private final int[] rowPtr, colIdx;
    private final float[] values;
    private volatile CsrMatrix transpose;
    private volatile int[] balanced;

    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        Checks.arg(rowPtr.length == rows + 1, "rowPtr has %s entries, expected rows + 1 = %s", rowPtr.length, rows + 1);
        Checks.arg(colIdx.length == values.length, "colIdx (%s) and values (%s) differ in length", colIdx.length, values.length);
        Checks.arg(rowPtr[rows] == colIdx.length, "rowPtr[rows] = %s but nnz = %s", rowPtr[rows], colIdx.length);
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /**
     * Builds from coordinate triples. Entries within a row are sorted by column; duplicate
     * coordinates are summed when {@code sumDuplicates}, otherwise the last value wins.
     */
    public static CsrMatrix fromCoo(int rows, int cols, int[] r, int[] c, float[] v, boolean sumDuplicates) {
        Checks.arg(r.length == c.length && c.length == v.length, "COO arrays differ in length: %s, %s, %s", r.length, c.length, v.length);
        int[] count = new int[rows + 1];
        for (int i = 0; i < r.length; i++) {
            Checks.arg(r[i] >= 0 && r[i] < rows && c[i] >= 0 && c[i] < cols, "entry (%s, %s) outside %sx%s", r[i], c[i], rows, cols);
            count[r[i] + 1]++;
        }
        for (int i = 0; i < rows; i++) count[i + 1] += count[i];
        int[] fill = Arrays.copyOf(count, rows);
        int[] cols0 = new int[r.length];
        float[] vals0 = new float[r.length];
        for (int i = 0; i < r.length; i++) {
            int at = fill[r[i]]++;
            cols0[at] = c[i];
            vals0[at] = v[i];
        }
        // Sort each row by column (stable, so "last wins" keeps input order), then merge duplicates.
        int[] ptr = new int[rows + 1];
        int out = 0;
        for (int row = 0; row < rows; row++) {
            int lo = count[row], hi = count[row + 1];
            sortRow(cols0, vals0, lo, hi);
            ptr[row] = out;
            for (int k = lo; k < hi; k++) {
                if (out > ptr[row] && cols0[out - 1] == cols0[k]) {
                    vals0[out - 1] = sumDuplicates ? vals0[out - 1] + vals0[k] : vals0[k];
                } else {
                    cols0[out] = cols0[k];
                    vals0[out] = vals0[k];
                    out++;
                }
            }
        }
        ptr[rows] = out;
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(cols0, out), Arrays.copyOf(vals0, out));
    }

    /** Insertion sort for short rows, index sort otherwise; both stable. */
    private static void sortRow(int[] c, float[] v, int lo, int hi) {
        int n = hi - lo;
        if (n < 2) return;
        if (n <= 32) {
            for (int i = lo + 1; i < hi; i++) {
                int ck = c[i];
                float vk = v[i];
                int j = i - 1;
                while (j >= lo && c[j] > ck) {
                    c[j + 1] = c[j];
                    v[j + 1] = v[j];
                    j--;
                }
                c[j + 1] = ck;
                v[j + 1] = vk;
            }
            return;
        }
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) keyed[i] = ((long) c[lo + i] << 32) | i;
        Arrays.sort(keyed);
        int[] cs = new int[n];
        float[] vs = new float[n];
        for (int i = 0; i < n; i++) {
            int src = (int) keyed[i];
            cs[i] = c[lo + src];
            vs[i] = v[lo + src];
        }
        System.arraycopy(cs, 0, c, lo, n);
        System.arraycopy(vs, 0, v, lo, n);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int nnz() {
        return colIdx.length;
    }

    /** The raw arrays; callers must not modify them. */
    public int[] rowPtr() {
        return rowPtr;
    }

    public int[] colIdx() {
        return colIdx;
    }

    public float[] values() {
        return values;
    }

    public float get(int r, int c) {
        int k = Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c);
        return k >= 0 ? values[k] : 0f;
    }

    /** Σ of each row's values. */
    public float[] rowSums() {
        float[] s = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) s[r] += values[k];
        }
        return s;
    }

    /** Same pattern, new values (e.g. a re-normalisation). */
    public CsrMatrix withValues(float[] newValues) {
        Checks.arg(newValues.length == values.length, "withValues: %s values for nnz %s", newValues.length, values.length);
        return new CsrMatrix(rows, cols, rowPtr, colIdx, newValues);
    }

    /** The transpose, built once and cached. */
    public CsrMatrix transpose() {
        CsrMatrix t = transpose;
        if (t == null) {
            synchronized (this) {
                t = transpose;
                if (t == null) {
                    t = buildTranspose();
                    t.transpose = this;
                    transpose = t;
                }
            }
        }
        return t;
    }

    private CsrMatrix buildTranspose() {
        int[] ptr = new int[cols + 1];
        for (int c : colIdx) ptr[c + 1]++;
        for (int i = 0; i < cols; i++) ptr[i + 1] += ptr[i];
        int[] fill = Arrays.copyOf(ptr, cols);
        int[] ci = new int[colIdx.length];
        float[] vs = new float[values.length];
        // Rows are visited in order, so each transposed row comes out sorted by column.
        for (int r = 0; r < rows; r++) {
            for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
                int at = fill[colIdx[k]]++;
                ci[at] = r;
                vs[at] = values[k];
            }
        }
        return new CsrMatrix(cols, rows, ptr, ci, vs);
    }

    /** out (rows×width, overwritten) = this · x, x being cols×width row-major. Parallel over rows. */
    public void multiplyInto(float[] x, int width, float[] out) {
        Checks.arg(x.length == cols * width, "multiply: x has %s values, expected %sx%s", x.length, cols, width);
        int[] bounds = balancedRows();
        Parallel.forChunks(bounds.length - 1, bounds.length - 1, (c, from, to) -> {
            float[] scratch = new float[width];
            for (int r = bounds[c]; r < bounds[c + 1]; r++) {
                SparseRows.row(colIdx, values, rowPtr[r], rowPtr[r + 1], null, x, width, out, r * width, scratch);
            }
        });
    }

    /**
     * Row boundaries that give each thread about the same number of entries. Splitting by row count
     * instead gave one of two threads twice the work on Baby (users and items differ in degree).
     */
    private int[] balancedRows() {
        int chunks = rows < 256 ? 1 : Parallel.threads();
        int[] b = balanced;
        if (b != null && b.length == chunks + 1) return b;
        b = new int[chunks + 1];
        long total = (long) nnz() + rows;
        for (int c = 1; c < chunks; c++) {
            long target = total * c / chunks;
            int lo = b[c - 1], hi = rows;
            while (lo < hi) { // first row whose prefix cost reaches the target
                int mid = (lo + hi) >>> 1;
                if ((long) rowPtr[mid] + mid < target) lo = mid + 1; else hi = mid;
            }
            b[c] = lo;
        }
        b[chunks] = rows;
        balanced = b;
        return b;
    }

    /**
     * Rows of this · x at the given row indices only: out (rows.length×width) row p = (A·x)[rows[p]].
     * Lets a batch propagate just the rows it touches.
     */
    public void multiplyRowsInto(int[] rowList, float[] x, int width, float[] out) {
        Parallel.forChunks(rowList.length, rowList.length < 64 ? 1 : Parallel.threads(), (c, lo, hi) -> {
            float[] scratch = new float[width];
            for (int p = lo; p < hi; p++) {
                int r = rowList[p];
                SparseRows.row(colIdx, values, rowPtr[r], rowPtr[r + 1], null, x, width, out, p * width, scratch);
            }
        });
    }

    /**
     * out (rows×width, overwritten) = this · S, where S is zero except at some rows and is given
     * compactly: row c of S is {@code s[posOf[c]·width ...]} when posOf[c] >= 0. Costs a scan of the
     * column indices plus work only for entries that hit a non-zero row of S.
     */
    public void multiplyCompactInto(int[] posOf, float[] s, int width, float[] out) {
        int[] bounds = balancedRows();
        Parallel.forChunks(bounds.length - 1, bounds.length - 1, (c, from, to) -> {
            float[] scratch = new float[width];
            for (int r = bounds[c]; r < bounds[c + 1]; r++) {
                SparseRows.row(colIdx, values, rowPtr[r], rowPtr[r + 1], posOf, s, width, out, r * width, scratch);
            }
        });
    }

    /** this · x as an autograd op (x may require grad; the matrix is a constant). */
    public Tensor multiply(Tensor x) {
        return Tensor.spmm(this, x);
    }
}
