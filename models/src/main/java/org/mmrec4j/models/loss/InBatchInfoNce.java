package org.mmrec4j.models.loss;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * NCE-batch ({@link Losses#infoNceBatch}) as one op over the B×B logits: the same value and gradient,
 * but each logit is exponentiated once (the composition's log-softmax exponentiates every logit in
 * forward and again in backward, single-threaded), rows run in parallel, and backward reuses the
 * stored probabilities.
 *
 * <p>With rows normalised, l_bc = a_b·p_c / τ: loss = mean_b (log Σ_c exp l_bc − l_bb), and
 * ∂loss/∂l = (softmax(l) − I) / B, so ∂a = (softmax − I)·p / (Bτ) and ∂p = (softmax − I)ᵀ·a / (Bτ).
 *
 * <p>{@link #ofDistinct} takes each distinct (anchor, positive) pair once with its multiplicity n: a
 * batch that repeats a user repeats the same row and the same column, so over distinct keys
 * loss = Σ_u n_u (log Σ_c n_c exp l_uc − l_uu) / Σ n, exactly the value on the repeated rows, at the
 * cost of (distinct)² instead of B² logits.
 */
public final class InBatchInfoNce {
    private InBatchInfoNce() {}

    public static Tensor of(Tensor anchors, Tensor positives, float tau) {
        int[] ones = new int[anchors.rows()];
        java.util.Arrays.fill(ones, 1);
        return ofDistinct(anchors, positives, ones, tau);
    }

    /**
     * NCE-batch over a batch in which pair r occurs {@code counts[r]} times (rows distinct); equal to
     * {@link #of} on the batch with every row repeated that often.
     */
    public static Tensor ofDistinct(Tensor anchors, Tensor positives, int[] counts, float tau) {
        Checks.arg(anchors.rows() == positives.rows() && anchors.cols() == positives.cols(),
                "paired views must have the same shape, got %s and %s", anchors.shape(), positives.shape());
        Checks.arg(counts.length == anchors.rows(), "%s counts for %s rows", counts.length, anchors.rows());
        for (int c : counts) Checks.arg(c >= 1, "multiplicities must be >= 1, got %s", c);
        return onNormalised(anchors.normalizeRows(), positives.normalizeRows(), counts, tau);
    }

    private static Tensor onNormalised(Tensor a, Tensor p, int[] counts, float tau) {
        int n = a.rows(), d = a.cols();
        long sumCounts = 0;
        for (int c : counts) sumCounts += c;
        final long total = sumCounts;
        float[] logCount = new float[n];
        for (int r = 0; r < n; r++) logCount[r] = (float) Math.log(counts[r]);
        float[] prob = new float[n * n];
        Gemm.gemm(false, true, n, n, d, 1f / tau, a.data(), d, p.data(), d, 0f, prob, n);
        double[] terms = new double[n];
        // Rows are independent: logits become weighted probabilities n_c·exp(l_rc)/Σ in place.
        Parallel.forChunks(n, n < 64 ? 1 : Parallel.threads(), (c, lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * n;
                float diagonal = prob[o + r];
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    prob[o + j] += logCount[j];
                    max = Math.max(max, prob[o + j]);
                }
                double z = 0;
                for (int j = 0; j < n; j++) {
                    float e = (float) Math.exp(prob[o + j] - max);
                    prob[o + j] = e;
                    z += e;
                }
                float inv = (float) (1 / z);
                for (int j = 0; j < n; j++) prob[o + j] *= inv;
                terms[r] = counts[r] * ((max - diagonal) + Math.log(z));
            }
        });
        double sum = 0;
        for (double t : terms) sum += t;
        float loss = (float) (sum / total);
        return Tensor.op(1, 1, new float[] {loss}, g -> {
            // D = diag(n/Σn)·(Q − I), written into the op's own buffer.
            Parallel.forChunks(n, n < 64 ? 1 : Parallel.threads(), (c, lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int o = r * n;
                    prob[o + r] -= 1f;
                    float w = (float) counts[r] / total;
                    for (int j = 0; j < n; j++) prob[o + j] *= w;
                }
            });
            float scale = g[0] / tau;
            if (a.requiresGrad()) {
                float[] ga = new float[n * d];
                Gemm.gemm(false, false, n, d, n, scale, prob, n, p.data(), d, 0f, ga, d);
                a.accumulateGrad(ga);
            }
            if (p.requiresGrad()) {
                float[] gp = new float[n * d];
                Gemm.gemm(true, false, n, d, n, scale, prob, n, a.data(), d, 0f, gp, d);
                p.accumulateGrad(gp);
            }
        }, a, p);
    }
}
