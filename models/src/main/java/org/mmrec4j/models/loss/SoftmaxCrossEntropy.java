package org.mmrec4j.models.loss;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;

/**
 * Softmax cross-entropy over wide logit rows as one fused, row-parallel op: the in-batch (B×B) and
 * full-catalogue (B×n) contrastive losses, where the composed form (scale, log-softmax, pick) made
 * three B×n temporaries and two single-threaded exp passes per term. Same numerics as
 * {@link Losses#crossEntropy} on {@code scale·logits}: max-shifted log-sum-exp, sums in double.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * One term per row (r×1): log Σ_c exp(s·x_rc) − s·x_{r,t_r}, with s = {@code scale}. Backward:
     * ∂/∂x_rc = s·(softmax(s·x_r)_c − [c = t_r]), from the probabilities kept from the forward pass.
     */
    public static Tensor terms(Tensor logits, int[] targets, float scale) {
        int rows = logits.rows(), cols = logits.cols();
        Checks.arg(targets.length == rows, "softmax cross-entropy: %s targets for %s", targets.length, logits.shape());
        for (int t : targets) Checks.arg(t >= 0 && t < cols, "softmax cross-entropy: target %s outside 0..%s", t, cols - 1);
        float[] x = logits.data(), out = new float[rows];
        float[] prob = new float[x.length];
        // Split by rows, sized by elements: a row is thousands of exps, so even a few rows are worth a thread.
        int chunks = x.length < 16_384 ? 1 : Parallel.threads();
        Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) max = Math.max(max, scale * x[o + c]);
                double z = 0;
                for (int c = 0; c < cols; c++) {
                    float e = (float) Math.exp(scale * x[o + c] - max);
                    prob[o + c] = e;
                    z += e;
                }
                float inv = (float) (1 / z);
                for (int c = 0; c < cols; c++) prob[o + c] *= inv;
                // (max − s·x_t) + log z, as log-softmax computes it: no rounding of log z at max's magnitude.
                out[r] = (float) ((max - scale * x[o + targets[r]]) + Math.log(z));
            }
        });
        boolean[] consumed = {false};
        return Tensor.op(rows, 1, out, g -> {
            Checks.state(!consumed[0], "softmax cross-entropy: backward ran twice over one graph");
            consumed[0] = true;
            float[] gx = prob; // reused in place: the probabilities are not needed after this
            Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int o = r * cols;
                    float f = g[r] * scale;
                    for (int c = 0; c < cols; c++) gx[o + c] *= f;
                    gx[o + targets[r]] -= f;
                }
            });
            logits.accumulateGrad(gx);
        }, logits);
    }

    /** Mean of {@link #terms} with the diagonal as targets: CE over B×B in-batch logits. */
    public static Tensor diagonalMean(Tensor logits, float scale) {
        Checks.arg(logits.rows() == logits.cols(), "diagonal cross-entropy needs square logits, got %s", logits.shape());
        int[] diagonal = new int[logits.rows()];
        for (int r = 0; r < diagonal.length; r++) diagonal[r] = r;
        return terms(logits, diagonal, scale).mean();
    }
}
