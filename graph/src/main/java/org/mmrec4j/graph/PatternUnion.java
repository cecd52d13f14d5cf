package org.mmrec4j.graph;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;

/**
 * The union of the sparsity patterns of same-shaped matrices, with, for every part, where each of its
 * entries lands in the union. A weighted sum of sparse graphs (FREEDOM's G_mm, LATTICE's modality
 * mixtures) is then a scatter of each part's values into the union's value array; with values held
 * in tensors the scatter keeps gradients (Tensor.scatterAddRows over an nnz×1 column).
 */
public final class PatternUnion {
    private final CsrMatrix pattern;
    private final int[][] positions;

    private PatternUnion(CsrMatrix pattern, int[][] positions) {
        this.pattern = pattern;
        this.positions = positions;
    }

    public static PatternUnion of(CsrMatrix... parts) {
        Checks.arg(parts.length > 0, "a union needs at least one matrix");
        int rows = parts[0].rows(), cols = parts[0].cols();
        for (CsrMatrix p : parts) {
            Checks.arg(p.rows() == rows && p.cols() == cols, "union of %sx%s and %sx%s matrices", rows, cols, p.rows(), p.cols());
        }
        int[] ptr = new int[rows + 1];
        int[][] rowCols = new int[rows][];
        int[] scratch = new int[16];
        for (int r = 0; r < rows; r++) {
            int len = 0;
            for (CsrMatrix p : parts) len += p.rowPtr()[r + 1] - p.rowPtr()[r];
            if (scratch.length < len) scratch = new int[Math.max(len, 2 * scratch.length)];
            int at = 0;
            for (CsrMatrix p : parts) {
                int lo = p.rowPtr()[r], hi = p.rowPtr()[r + 1];
                System.arraycopy(p.colIdx(), lo, scratch, at, hi - lo);
                at += hi - lo;
            }
            Arrays.sort(scratch, 0, len);
            int distinct = 0;
            for (int k = 0; k < len; k++) {
                if (k == 0 || scratch[k] != scratch[k - 1]) scratch[distinct++] = scratch[k];
            }
            rowCols[r] = Arrays.copyOf(scratch, distinct);
            ptr[r + 1] = ptr[r] + distinct;
        }
        int[] col = new int[ptr[rows]];
        for (int r = 0; r < rows; r++) System.arraycopy(rowCols[r], 0, col, ptr[r], rowCols[r].length);
        int[][] pos = new int[parts.length][];
        for (int q = 0; q < parts.length; q++) {
            CsrMatrix p = parts[q];
            int[] pp = p.rowPtr(), pc = p.colIdx();
            int[] out = new int[p.nnz()];
            for (int r = 0; r < rows; r++) {
                for (int e = pp[r]; e < pp[r + 1]; e++) out[e] = Arrays.binarySearch(col, ptr[r], ptr[r + 1], pc[e]);
            }
            pos[q] = out;
        }
        return new PatternUnion(new CsrMatrix(rows, cols, ptr, col, new float[col.length]), pos);
    }

    /** The union pattern (all values zero). */
    public CsrMatrix pattern() {
        return pattern;
    }

    public int nnz() {
        return pattern.nnz();
    }

    /** Entry e of part q is entry positions(q)[e] of the union. Callers must not modify the array. */
    public int[] positions(int part) {
        return positions[part];
    }

    /** Σ_q w_q·part_q on the union pattern, for constant parts given in the order of {@link #of}. */
    public CsrMatrix weightedSum(double[] weights, CsrMatrix... parts) {
        Checks.arg(weights.length == parts.length && parts.length == positions.length,
                "%s weights for %s parts of a %s-part union", weights.length, parts.length, positions.length);
        float[] v = new float[pattern.nnz()];
        for (int q = 0; q < parts.length; q++) {
            Checks.arg(parts[q].nnz() == positions[q].length, "part %s has %s entries, the union was built with %s",
                    q, parts[q].nnz(), positions[q].length);
            float[] pv = parts[q].values();
            int[] to = positions[q];
            for (int e = 0; e < pv.length; e++) v[to[e]] += (float) (weights[q] * pv[e]);
        }
        return pattern.withValues(v);
    }
}
