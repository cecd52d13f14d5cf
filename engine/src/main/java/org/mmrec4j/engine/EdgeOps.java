package org.mmrec4j.engine;

/**
 * Per-edge ops for message passing on a fixed CSR pattern (row = receiving node, column = sending
 * node): attention scores from node rows, and a max over an edge's channels. Edge values are nnz×1
 * (or nnz×M) in the pattern's CSR order, as {@link SparseOps} expects.
 */
public final class EdgeOps {
    private EdgeOps() {}

    /**
     * Score of every entry (r, c) of the pattern: a[r]·b[c] (a sampled dense-dense product). Backward:
     * dA = S·B and dB = Sᵀ·A with S the pattern carrying the output gradient, so both run on the CSR
     * kernels. a and b may be the same tensor (dot-product attention between a node and its neighbour).
     */
    public static Tensor dot(CsrMatrix pattern, Tensor a, Tensor b) {
        Checks.arg(a.rows() == pattern.rows() && b.rows() == pattern.cols() && a.cols() == b.cols(),
                "edge dot: pattern %sx%s with rows %s and %s", pattern.rows(), pattern.cols(), a.shape(), b.shape());
        int w = a.cols();
        int[] ptr = pattern.rowPtr(), col = pattern.colIdx();
        float[] ad = a.data(), bd = b.data(), out = new float[pattern.nnz()];
        Parallel.forRange(pattern.rows(), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                for (int e = ptr[r], ao = r * w; e < ptr[r + 1]; e++) {
                    float s = 0;
                    for (int j = 0, bo = col[e] * w; j < w; j++) s += ad[ao + j] * bd[bo + j];
                    out[e] = s;
                }
            }
        });
        return Tensor.op(out.length, 1, out, g -> {
            CsrMatrix s = pattern.withValues(g);
            if (a.requiresGrad()) {
                float[] ga = new float[ad.length];
                s.multiplyInto(bd, w, ga);
                a.accumulateGrad(ga);
            }
            if (b.requiresGrad()) {
                float[] gb = new float[bd.length];
                s.transpose().multiplyInto(ad, w, gb);
                b.accumulateGrad(gb);
            }
        }, a, b);
    }

    /** Max over each row's columns: r×c → r×1. The gradient goes to the first maximal entry, as torch.max's index does. */
    public static Tensor rowMax(Tensor t) {
        int rows = t.rows(), cols = t.cols();
        Checks.arg(cols > 0, "rowMax needs at least one column, got %s", t.shape());
        float[] d = t.data(), out = new float[rows];
        int[] arg = new int[rows];
        for (int r = 0; r < rows; r++) {
            int o = r * cols, best = 0;
            for (int j = 1; j < cols; j++) if (d[o + j] > d[o + best]) best = j;
            arg[r] = o + best;
            out[r] = d[o + best];
        }
        return Tensor.op(rows, 1, out, g -> {
            float[] gt = new float[d.length];
            for (int r = 0; r < rows; r++) gt[arg[r]] = g[r];
            t.accumulateGrad(gt);
        }, t);
    }
}
