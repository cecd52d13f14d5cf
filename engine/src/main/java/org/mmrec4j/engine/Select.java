package org.mmrec4j.engine;

/** Element selection ops that are not row gathers. */
public final class Select {
    private Select() {}

    /** r×1 column of t[r, cols[r]]: the target logit of each row for cross-entropy. */
    public static Tensor pick(Tensor t, int[] cols) {
        Checks.arg(cols.length == t.rows(), "pick: %s column indices for %s", cols.length, t.shape());
        int c = t.cols();
        float[] d = t.data(), out = new float[cols.length];
        for (int r = 0; r < cols.length; r++) {
            Checks.arg(cols[r] >= 0 && cols[r] < c, "pick: column %s outside 0..%s", cols[r], c - 1);
            out[r] = d[r * c + cols[r]];
        }
        return Tensor.op(cols.length, 1, out, g -> {
            float[] gt = new float[d.length];
            for (int r = 0; r < cols.length; r++) gt[r * c + cols[r]] = g[r];
            t.accumulateGrad(gt);
        }, t);
    }

    /** The diagonal of a square matrix as a column. */
    public static Tensor diagonal(Tensor t) {
        int[] cols = new int[t.rows()];
        for (int r = 0; r < cols.length; r++) cols[r] = r;
        return pick(t, cols);
    }
}
