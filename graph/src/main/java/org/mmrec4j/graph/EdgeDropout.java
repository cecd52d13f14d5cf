package org.mmrec4j.graph;

import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;

/** DiffMM's SpAdjDropEdge on a normalised user-item matrix: each non-zero kept with probability keepRate. */
public final class EdgeDropout {
    private EdgeDropout() {}

    /**
     * Keeps each non-zero with probability keepRate (survivors scaled by 1/keepRate), one draw per
     * non-zero in row-major order; g itself when keepRate >= 1.
     */
    public static CsrMatrix sample(CsrMatrix g, double keepRate, Rng rng) {
        if (keepRate >= 1) return g;
        int[] ptr = g.rowPtr(), col = g.colIdx();
        float[] val = g.values();
        int[] newPtr = new int[g.rows() + 1];
        int[] newCol = new int[col.length];
        float[] newVal = new float[col.length];
        int kept = 0;
        float scale = (float) (1 / keepRate);
        for (int row = 0; row < g.rows(); row++) {
            for (int p = ptr[row]; p < ptr[row + 1]; p++) {
                if (rng.nextDouble() + keepRate >= 1) { // floor(rand + keepRate) == 1
                    newCol[kept] = col[p];
                    newVal[kept++] = val[p] * scale;
                }
            }
            newPtr[row + 1] = kept;
        }
        return new CsrMatrix(g.rows(), g.cols(), newPtr, java.util.Arrays.copyOf(newCol, kept), java.util.Arrays.copyOf(newVal, kept));
    }
}
