package org.mmrec4j.engine.kernel;

/**
 * The inner kernel of per-edge scores: for the entries of one CSR row, the dot product of one dense
 * row with the row of each entry's column. Java does not vectorise float sum reductions on its own
 * (it keeps the sequential rounding order), so the Vector API body is 4x faster on 64-wide rows;
 * it is used under the same switch as {@link SparseRows}.
 */
public final class EdgeDots {
    private EdgeDots() {}

    /** out[k] = a[aOff, aOff+width) · b[cols[k]·width, +width) for k in [from, to). */
    public static void row(int[] cols, int from, int to, float[] a, int aOff, float[] b, int width, float[] out) {
        if (SparseRows.VECTOR) {
            VectorEdgeDots.row(cols, from, to, a, aOff, b, width, out);
        } else {
            for (int k = from; k < to; k++) {
                float s = 0;
                for (int j = 0, bo = cols[k] * width; j < width; j++) s += a[aOff + j] * b[bo + j];
                out[k] = s;
            }
        }
    }
}
