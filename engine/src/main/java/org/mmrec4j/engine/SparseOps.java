package org.mmrec4j.engine;

/**
 * Differentiable ops on a fixed sparsity pattern whose values are tensors: learned or attention-weighted
 * graphs (GRCN's routing, LATTICE's learned item graph). Values are an nnz×1 column in the pattern's
 * CSR order.
 */
public final class SparseOps {
    private SparseOps() {}

    /** A(values)·x with A's pattern: gradients reach both the edge values and x. */
    public static Tensor spmm(CsrMatrix pattern, Tensor values, Tensor x) {
        checkValues(pattern, values);
        Checks.arg(pattern.cols() == x.rows(), "spmm: sparse %sx%s · %s: inner sizes differ", pattern.rows(), pattern.cols(), x.shape());
        CsrMatrix a = pattern.withValues(values.data().clone());
        int w = x.cols();
        float[] out = new float[pattern.rows() * w];
        a.multiplyInto(x.data(), w, out);
        return Tensor.op(pattern.rows(), w, out, g -> {
            if (values.requiresGrad()) {
                int[] ptr = pattern.rowPtr(), col = pattern.colIdx();
                float[] gv = new float[pattern.nnz()];
                float[] xd = x.data();
                Parallel.forRange(pattern.rows(), (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        for (int e = ptr[r]; e < ptr[r + 1]; e++) {
                            float s = 0;
                            for (int j = 0, go = r * w, xo = col[e] * w; j < w; j++) s += g[go + j] * xd[xo + j];
                            gv[e] = s;
                        }
                    }
                });
                values.accumulateGrad(gv);
            }
            if (x.requiresGrad()) {
                float[] gx = new float[x.size()];
                a.transpose().multiplyInto(g, w, gx);
                x.accumulateGrad(gx);
            }
        }, values, x);
    }

    /** Softmax over the entries of each row of the pattern (attention over a node's incoming edges). */
    public static Tensor rowSoftmax(CsrMatrix pattern, Tensor scores) {
        checkValues(pattern, scores);
        int[] ptr = pattern.rowPtr();
        float[] s = scores.data(), out = new float[s.length];
        for (int r = 0; r < pattern.rows(); r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int e = ptr[r]; e < ptr[r + 1]; e++) max = Math.max(max, s[e]);
            double z = 0;
            for (int e = ptr[r]; e < ptr[r + 1]; e++) z += Math.exp(s[e] - max);
            for (int e = ptr[r]; e < ptr[r + 1]; e++) out[e] = (float) (Math.exp(s[e] - max) / z);
        }
        return Tensor.op(s.length, 1, out, g -> {
            float[] gs = new float[s.length];
            for (int r = 0; r < pattern.rows(); r++) {
                double dot = 0;
                for (int e = ptr[r]; e < ptr[r + 1]; e++) dot += g[e] * out[e];
                for (int e = ptr[r]; e < ptr[r + 1]; e++) gs[e] = (float) (out[e] * (g[e] - dot));
            }
            scores.accumulateGrad(gs);
        }, scores);
    }

    /** Sum of each row's entries: rows×1. */
    public static Tensor rowSums(CsrMatrix pattern, Tensor values) {
        checkValues(pattern, values);
        int[] ptr = pattern.rowPtr();
        float[] v = values.data(), out = new float[pattern.rows()];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int e = ptr[r]; e < ptr[r + 1]; e++) s += v[e];
            out[r] = (float) s;
        }
        return Tensor.op(out.length, 1, out, g -> {
            float[] gv = new float[v.length];
            for (int r = 0; r < out.length; r++) {
                for (int e = ptr[r]; e < ptr[r + 1]; e++) gv[e] = g[r];
            }
            values.accumulateGrad(gv);
        }, values);
    }

    /** The row index of every entry, in CSR order: gather per-row quantities onto edges with it. */
    public static int[] rowOfEntry(CsrMatrix pattern) {
        int[] ptr = pattern.rowPtr(), rows = new int[pattern.nnz()];
        for (int r = 0; r < pattern.rows(); r++) {
            for (int e = ptr[r]; e < ptr[r + 1]; e++) rows[e] = r;
        }
        return rows;
    }

    private static void checkValues(CsrMatrix pattern, Tensor values) {
        Checks.arg(values.rows() == pattern.nnz() && values.cols() == 1,
                "edge values must be nnz×1 = %sx1, got %s", pattern.nnz(), values.shape());
    }
}
