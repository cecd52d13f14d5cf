package org.mmrec4j.engine;

import java.util.Arrays;

/**
 * A fixed CSR sparsity pattern that carries learned edge values (attention, edge weights), with its
 * transpose and the entry permutation between the two, built once. Backward passes need Aᵀ with
 * this step's values: permuting the values is O(nnz), where re-building the transpose every call
 * cost a sort-free but allocation-heavy pass over the structure.
 *
 * <p>Values are always given in this pattern's CSR order (nnz×1).
 */
public final class EdgePattern {
    private final CsrMatrix csr, transposed;
    /** Entry t of the transpose is entry sourceEntry[t] of the pattern. */
    private final int[] sourceEntry;

    private EdgePattern(CsrMatrix csr) {
        this.csr = csr;
        int rows = csr.rows(), cols = csr.cols(), nnz = csr.nnz();
        int[] ptr = csr.rowPtr(), colIdx = csr.colIdx();
        int[] tPtr = new int[cols + 1];
        for (int c : colIdx) tPtr[c + 1]++;
        for (int c = 0; c < cols; c++) tPtr[c + 1] += tPtr[c];
        int[] fill = Arrays.copyOf(tPtr, cols), tCol = new int[nnz];
        sourceEntry = new int[nnz];
        for (int r = 0; r < rows; r++) { // rows in order: each transposed row comes out column-sorted
            for (int e = ptr[r]; e < ptr[r + 1]; e++) {
                int t = fill[colIdx[e]]++;
                tCol[t] = r;
                sourceEntry[t] = e;
            }
        }
        float[] ones = new float[nnz];
        Arrays.fill(ones, 1f);
        transposed = new CsrMatrix(cols, rows, tPtr, tCol, ones);
    }

    /** The pattern of {@code csr} (its values are ignored). */
    public static EdgePattern of(CsrMatrix csr) {
        return new EdgePattern(csr);
    }

    public int rows() {
        return csr.rows();
    }

    public int cols() {
        return csr.cols();
    }

    public int nnz() {
        return csr.nnz();
    }

    public int[] rowPtr() {
        return csr.rowPtr();
    }

    public int[] colIdx() {
        return csr.colIdx();
    }

    /** The pattern as a matrix (values as given at construction). */
    public CsrMatrix csr() {
        return csr;
    }

    /** The pattern with these values (adopted, not copied). */
    public CsrMatrix with(float[] values) {
        return csr.withValues(values);
    }

    /** The transpose carrying these values (given in this pattern's order). */
    public CsrMatrix transposeWith(float[] values) {
        Checks.arg(values.length == sourceEntry.length, "transposeWith: %s values for nnz %s", values.length, sourceEntry.length);
        float[] moved = new float[values.length];
        for (int t = 0; t < moved.length; t++) moved[t] = values[sourceEntry[t]];
        return transposed.withValues(moved);
    }
}
