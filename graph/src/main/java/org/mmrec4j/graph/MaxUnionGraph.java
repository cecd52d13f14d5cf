package org.mmrec4j.graph;

import java.util.Arrays;
import java.util.List;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;

/**
 * The element-wise maximum of same-shape sparse graphs over the union of their entries: SMORE's fusion
 * graph ({@code max_pool_fusion}, spec/models.md §14). An entry present in only some graphs keeps the
 * largest value among those (MMRec fills the absent ones with −∞ before the max); nothing is
 * re-normalised afterwards.
 */
public final class MaxUnionGraph {
    private MaxUnionGraph() {}

    public static CsrMatrix of(List<CsrMatrix> graphs) {
        Checks.arg(!graphs.isEmpty(), "max-union needs at least one graph");
        int rows = graphs.get(0).rows(), cols = graphs.get(0).cols();
        for (CsrMatrix g : graphs) {
            Checks.arg(g.rows() == rows && g.cols() == cols, "max-union: graphs of %sx%s and %sx%s", rows, cols, g.rows(), g.cols());
        }
        if (graphs.size() == 1) return graphs.get(0);
        long bound = 0;
        for (CsrMatrix g : graphs) bound += g.nnz();
        Checks.arg(bound <= Integer.MAX_VALUE, "max-union: %s entries is too many", bound);
        int[] ptr = new int[rows + 1];
        int[] col = new int[(int) bound];
        float[] val = new float[(int) bound];
        // Per row: mark each column once (stamp = row + 1), keep the running max, then sort the row's columns.
        int[] stamp = new int[cols];
        float[] best = new float[cols];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            int start = out;
            for (CsrMatrix g : graphs) {
                int[] gp = g.rowPtr(), gc = g.colIdx();
                float[] gv = g.values();
                for (int e = gp[r]; e < gp[r + 1]; e++) {
                    int c = gc[e];
                    if (stamp[c] != r + 1) {
                        stamp[c] = r + 1;
                        best[c] = gv[e];
                        col[out++] = c;
                    } else if (gv[e] > best[c]) {
                        best[c] = gv[e];
                    }
                }
            }
            Arrays.sort(col, start, out);
            for (int e = start; e < out; e++) val[e] = best[col[e]];
            ptr[r + 1] = out;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(col, out), Arrays.copyOf(val, out));
    }
}
