package org.mmrec4j.engine;

import org.mmrec4j.engine.kernel.EdgeDots;

/**
 * Per-edge ops for message passing on a fixed {@link EdgePattern} (row = receiving node, column =
 * sending node): attention scores from node rows, aggregation with learned edge values, and a max
 * over an edge's channels. Edge values are nnz×1 in the pattern's CSR order, as {@link SparseOps}
 * expects; these ops compute the same values as SparseOps' but reuse the pattern's transpose and
 * vectorised edge dot products, which dominate GRCN's epoch.
 */
public final class EdgeOps {
    private EdgeOps() {}

    /**
     * Score of every entry (r, c) of the pattern: a[r]·b[c] (a sampled dense-dense product). Backward:
     * dA = S·B and dB = Sᵀ·A with S the pattern carrying the output gradient, so both run on the CSR
     * kernels. a and b may be the same tensor (dot-product attention between a node and its neighbour).
     */
    public static Tensor dot(EdgePattern pattern, Tensor a, Tensor b) {
        Checks.arg(a.rows() == pattern.rows() && b.rows() == pattern.cols() && a.cols() == b.cols(),
                "edge dot: pattern %sx%s with rows %s and %s", pattern.rows(), pattern.cols(), a.shape(), b.shape());
        int w = a.cols();
        float[] ad = a.data(), bd = b.data();
        float[] out = rowDots(pattern, ad, bd, w);
        return Tensor.op(out.length, 1, out, g -> {
            if (a.requiresGrad()) {
                float[] ga = new float[ad.length];
                pattern.with(g).multiplyInto(bd, w, ga);
                a.accumulateGrad(ga);
            }
            if (b.requiresGrad()) {
                float[] gb = new float[bd.length];
                pattern.transposeWith(g).multiplyInto(ad, w, gb);
                b.accumulateGrad(gb);
            }
        }, a, b);
    }

    /**
     * A(values)·x on the pattern: row r is Σ over its entries of value_e · x[col(e)]. Gradients reach
     * the values (value_e gets g[r]·x[col(e)], an edge dot) and x (Aᵀ·g).
     */
    public static Tensor spmm(EdgePattern pattern, Tensor values, Tensor x) {
        Checks.arg(values.rows() == pattern.nnz() && values.cols() == 1,
                "edge values must be nnz×1 = %sx1, got %s", pattern.nnz(), values.shape());
        Checks.arg(pattern.cols() == x.rows(), "spmm: pattern %sx%s · %s: inner sizes differ", pattern.rows(), pattern.cols(), x.shape());
        int w = x.cols();
        float[] v = values.data(), xd = x.data(), out = new float[pattern.rows() * w];
        pattern.with(v).multiplyInto(xd, w, out);
        return Tensor.op(pattern.rows(), w, out, g -> {
            if (values.requiresGrad()) values.accumulateGrad(rowDots(pattern, g, xd, w));
            if (x.requiresGrad()) {
                float[] gx = new float[xd.length];
                pattern.transposeWith(v).multiplyInto(g, w, gx);
                x.accumulateGrad(gx);
            }
        }, values, x);
    }

    /** out[e] = a[row(e)] · b[col(e)], parallel over rows. */
    private static float[] rowDots(EdgePattern pattern, float[] a, float[] b, int w) {
        int[] ptr = pattern.rowPtr(), col = pattern.colIdx();
        float[] out = new float[pattern.nnz()];
        Parallel.forRange(pattern.rows(), (lo, hi) -> {
            for (int r = lo; r < hi; r++) EdgeDots.row(col, ptr[r], ptr[r + 1], a, r * w, b, w, out);
        });
        return out;
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
