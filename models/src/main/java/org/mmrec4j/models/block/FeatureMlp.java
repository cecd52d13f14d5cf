package org.mmrec4j.models.block;

import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * {@code f = LeakyReLU(X·W1 + b1)·W2 + b2} over a constant feature table X, as one differentiable op.
 * Weights are stored in×out, so the forward products need no transpose.
 *
 * <p>DualGNN and DRAGON run this MLP over every item on every batch. As a chain of Tensor ops
 * (matmul, broadcast add, LeakyReLU, matmul, add) the bias adds, the activation and their backward
 * passes each made a full n×hidden pass and a new array, costing as much as the products. Here the
 * biases are the products' initial C (beta = 1), the activation runs in place and branch-free on the
 * hidden table, and backward reads the activation's slope from the sign of its output (a positive
 * slope keeps the sign), so the pre-activation is not kept. Xᵀ is stored once: dW1 = Xᵀ·dH is then a plain product, 1.4×
 * faster than a transposed-operand product over the long item axis.
 */
public final class FeatureMlp {
    private final int n, in;
    private final float[] x, xT;

    public FeatureMlp(FeatureMatrix features) {
        this.n = features.rows();
        this.in = features.cols();
        this.x = features.data();
        this.xT = new float[x.length];
        Parallel.forRange(in, (lo, hi) -> {
            for (int c = lo; c < hi; c++) for (int r = 0; r < n; r++) xT[c * n + r] = x[r * in + c];
        });
    }

    public Tensor apply(Tensor w1, Tensor b1, Tensor w2, Tensor b2, float slope) {
        int hidden = w1.cols(), out = w2.cols();
        Checks.arg(w1.rows() == in && b1.rows() == 1 && b1.cols() == hidden && w2.rows() == hidden
                        && b2.rows() == 1 && b2.cols() == out,
                "FeatureMlp: X %sx%s, W1 %s, b1 %s, W2 %s, b2 %s do not chain", n, in, w1.shape(), b1.shape(), w2.shape(), b2.shape());
        Checks.arg(slope > 0, "LeakyReLU slope must be > 0 (backward reads the sign of the output), got %s", slope);
        float[] h = rowsOf(b1.data(), n);
        Gemm.gemm(false, false, n, hidden, in, 1f, x, in, w1.data(), hidden, 1f, h, hidden);
        Parallel.forRange(h.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) h[i] = Math.max(h[i], 0f) + slope * Math.min(h[i], 0f);
        });
        float[] f = rowsOf(b2.data(), n);
        Gemm.gemm(false, false, n, out, hidden, 1f, h, hidden, w2.data(), out, 1f, f, out);
        return Tensor.op(n, out, f, g -> {
            if (w2.requiresGrad()) {
                float[] gw2 = new float[hidden * out];
                Gemm.gemm(true, false, hidden, out, n, 1f, h, hidden, g, out, 0f, gw2, out);
                w2.accumulateGrad(gw2);
            }
            if (b2.requiresGrad()) b2.accumulateGrad(columnSums(g, n, out));
            if (!w1.requiresGrad() && !b1.requiresGrad()) return;
            float[] gh = new float[n * hidden];
            Gemm.gemm(false, true, n, hidden, out, 1f, g, out, w2.data(), out, 0f, gh, hidden);
            Parallel.forRange(gh.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    float positive = isPositive(h[i]), g0 = gh[i];
                    gh[i] = positive * g0 + (1f - positive) * (slope * g0);
                }
            });
            if (w1.requiresGrad()) {
                float[] gw1 = new float[in * hidden];
                Gemm.gemm(false, false, in, hidden, n, 1f, xT, n, gh, hidden, 0f, gw1, hidden);
                w1.accumulateGrad(gw1);
            }
            if (b1.requiresGrad()) b1.accumulateGrad(columnSums(gh, n, hidden));
        }, w1, b1, w2, b2);
    }

    /**
     * 1 when v > 0, else 0, without a branch: 2^149 lifts the smallest positive float to 1, so
     * min(max(v, 0)·2^149, 1) is exact for every finite v. Branches on the sign of half-negative data
     * mispredicted so often that the two activation passes cost 15× more than these branch-free ones.
     */
    private static float isPositive(float v) {
        return Math.min(Math.max(v, 0f) * 0x1p100f * 0x1p49f, 1f);
    }

    /** An n×width table whose every row is the given row. */
    private static float[] rowsOf(float[] row, int n) {
        int w = row.length;
        float[] out = new float[n * w];
        Parallel.forRange(n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) System.arraycopy(row, 0, out, r * w, w);
        });
        return out;
    }

    /** Σ over rows, 1×width; per-chunk partial sums combined in chunk order, so the result depends only on the thread count. */
    private static float[] columnSums(float[] a, int n, int w) {
        int chunks = n >= 256 ? Parallel.threads() : 1;
        double[][] partial = new double[chunks][w];
        Parallel.forChunks(n, chunks, (c, lo, hi) -> {
            double[] p = partial[c];
            for (int r = lo; r < hi; r++) {
                for (int j = 0, o = r * w; j < w; j++) p[j] += a[o + j];
            }
        });
        float[] out = new float[w];
        for (int j = 0; j < w; j++) {
            double s = 0;
            for (double[] p : partial) s += p[j];
            out[j] = (float) s;
        }
        return out;
    }
}
