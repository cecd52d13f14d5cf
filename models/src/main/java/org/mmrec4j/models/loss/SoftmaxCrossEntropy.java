package org.mmrec4j.models.loss;

import org.mmrec4j.data.sample.RowWeighting;
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
    /** Whether the row pass uses the Vector API (as the engine's sparse kernels, same switch). */
    static final boolean VECTOR = !Boolean.getBoolean("mmrec4j.scalarKernels")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private SoftmaxCrossEntropy() {}

    /**
     * One term per row (r×1): log Σ_c exp(s·x_rc) − s·x_{r,t_r}, with s = {@code scale}. Backward:
     * ∂/∂x_rc = s·(softmax(s·x_r)_c − [c = t_r]), from the exps and sums kept from the forward pass.
     */
    public static Tensor terms(Tensor logits, int[] targets, float scale) {
        int rows = logits.rows(), cols = logits.cols();
        Checks.arg(targets.length == rows, "softmax cross-entropy: %s targets for %s", targets.length, logits.shape());
        for (int t : targets) Checks.arg(t >= 0 && t < cols, "softmax cross-entropy: target %s outside 0..%s", t, cols - 1);
        float[] x = logits.data(), out = new float[rows];
        float[] prob = new float[x.length], invZ = new float[rows]; // prob holds unnormalised exps
        // Split by rows, sized by elements: a row is thousands of exps, so even a few rows are worth a thread.
        int chunks = x.length < 16_384 ? 1 : Parallel.threads();
        Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * cols;
                float max = rowMax(x, o, cols, scale);
                double z = expRow(x, o, cols, scale, max, prob);
                invZ[r] = (float) (1 / z);
                // (max − s·x_t) + log z, as log-softmax computes it: no rounding of log z at max's magnitude.
                out[r] = (float) ((max - scale * x[o + targets[r]]) + Math.log(z));
            }
        });
        boolean[] consumed = {false};
        return Tensor.op(rows, 1, out, g -> {
            Checks.state(!consumed[0], "softmax cross-entropy: backward ran twice over one graph");
            consumed[0] = true;
            float[] gx = prob; // reused in place: the exps are not needed after this
            Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int o = r * cols;
                    float f = g[r] * scale, fp = f * invZ[r];
                    for (int c = 0; c < cols; c++) gx[o + c] *= fp;
                    gx[o + targets[r]] -= f;
                }
            });
            logits.accumulateGrad(gx);
        }, logits);
    }

    /**
     * {@link #terms} on logits a·bᵀ (a r×k, b n×k) without forming them: each row of logits is
     * rebuilt from k axpys over n when needed, in forward and again in backward, so nothing r×n is
     * stored or copied. For a narrow k (LGMRec's hyperedge factors, k = hyper_num) this replaces three
     * memory-bound GEMMs over the r×n logits. Backward per row: G = s·g_r·(softmax − onehot),
     * ∂a_r = G·b, ∂b += G_rᵀ a_r, the latter summed per thread chunk in chunk order (deterministic
     * for a thread count).
     */
    public static Tensor factoredTerms(Tensor a, Tensor b, int[] targets, float scale) {
        int rows = a.rows(), k = a.cols(), n = b.rows();
        Checks.arg(b.cols() == k, "factored cross-entropy: %s · (%s)ᵀ: inner sizes differ", a.shape(), b.shape());
        Checks.arg(targets.length == rows, "factored cross-entropy: %s targets for %s rows", targets.length, rows);
        for (int t : targets) Checks.arg(t >= 0 && t < n, "factored cross-entropy: target %s outside 0..%s", t, n - 1);
        float[] ad = a.data(), bt = transpose(b.data(), n, k);
        float[] out = new float[rows], max = new float[rows], invZ = new float[rows];
        int chunks = (long) rows * n < 16_384 ? 1 : Parallel.threads();
        Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
            float[] row = new float[n];
            for (int r = lo; r < hi; r++) {
                max[r] = logitsRow(ad, r, k, bt, n, scale, row);
                double z = expRow(row, 0, n, scale, max[r], row);
                invZ[r] = (float) (1 / z);
                float lt = 0;
                for (int p = 0; p < k; p++) lt += ad[r * k + p] * bt[p * n + targets[r]];
                out[r] = (float) ((max[r] - scale * lt) + Math.log(z));
            }
        });
        return Tensor.op(rows, 1, out, g -> {
            float[] ga = new float[ad.length];
            float[][] gbtChunks = new float[chunks][];
            Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
                float[] row = new float[n], gbt = new float[k * n];
                for (int r = lo; r < hi; r++) {
                    logitsRow(ad, r, k, bt, n, scale, row);
                    expRow(row, 0, n, scale, max[r], row);
                    // G = fp·exps − f·onehot(t): the exps pass un-scaled, the target handled on the side.
                    float f = g[r] * scale, fp = f * invZ[r];
                    int t = targets[r];
                    for (int p = 0; p < k; p++) {
                        float w = ad[r * k + p];
                        ga[r * k + p] = fp * dotAndAxpy(row, bt, gbt, p * n, n, w * fp) - f * bt[p * n + t];
                        gbt[p * n + t] -= w * f;
                    }
                }
                gbtChunks[chunk] = gbt;
            });
            float[] gbt = gbtChunks[0];
            for (int c = 1; c < chunks; c++) {
                if (gbtChunks[c] == null) continue;
                for (int i = 0; i < gbt.length; i++) gbt[i] += gbtChunks[c][i];
            }
            a.accumulateGrad(ga);
            b.accumulateGrad(transpose(gbt, k, n));
        }, a, b);
    }

    /** row = a[r, :]·bt (k×n); returns max_c scale·row[c]. */
    private static float logitsRow(float[] a, int r, int k, float[] bt, int n, float scale, float[] row) {
        return VECTOR ? VectorSoftmaxRows.logitsRow(a, r * k, k, bt, n, scale, row) : scalarLogitsRow(a, r, k, bt, n, scale, row);
    }

    static float scalarLogitsRow(float[] a, int r, int k, float[] bt, int n, float scale, float[] row) {
        java.util.Arrays.fill(row, 0f);
        for (int p = 0; p < k; p++) {
            float w = a[r * k + p];
            for (int c = 0; c < n; c++) row[c] += w * bt[p * n + c];
        }
        return rowMax(row, 0, n, scale);
    }

    /** Returns Σ_c g[c]·b[off + c] and adds w·g into acc[off ...]. */
    private static float dotAndAxpy(float[] g, float[] b, float[] acc, int off, int n, float w) {
        return VECTOR ? VectorSoftmaxRows.dotAndAxpy(g, b, acc, off, n, w) : scalarDotAndAxpy(g, b, acc, off, n, w);
    }

    static float scalarDotAndAxpy(float[] g, float[] b, float[] acc, int off, int n, float w) {
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += g[c] * b[off + c];
            acc[off + c] += w * g[c];
        }
        return (float) s;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        }
        return t;
    }

    private static float rowMax(float[] x, int off, int n, float scale) {
        return VECTOR ? VectorSoftmaxRows.max(x, off, n, scale) : scalarRowMax(x, off, n, scale);
    }

    static float scalarRowMax(float[] x, int off, int n, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) max = Math.max(max, scale * x[off + c]);
        return max;
    }

    /** out[off + c] = exp(scale·x[off + c] − shift); returns their sum. */
    private static double expRow(float[] x, int off, int n, float scale, float shift, float[] out) {
        return VECTOR ? VectorSoftmaxRows.exp(x, off, n, scale, shift, out) : scalarExpRow(x, off, n, scale, shift, out);
    }

    static double scalarExpRow(float[] x, int off, int n, float scale, float shift, float[] out) {
        double z = 0;
        for (int c = 0; c < n; c++) {
            float e = (float) Math.exp(scale * x[off + c] - shift);
            out[off + c] = e;
            z += e;
        }
        return z;
    }

    /** Mean of {@link #terms} with the diagonal as targets: CE over B×B in-batch logits. */
    public static Tensor diagonalMean(Tensor logits, float scale) {
        Checks.arg(logits.rows() == logits.cols(), "diagonal cross-entropy needs square logits, got %s", logits.shape());
        int[] diagonal = new int[logits.rows()];
        for (int r = 0; r < diagonal.length; r++) diagonal[r] = r;
        return terms(logits, diagonal, scale).mean();
    }

    /**
     * {@link #diagonalMean} with row weights (T-CE, R-CE): row b's loss is its cross-entropy term ℓ_b
     * and its probability is the softmax probability of its own column, exp(−ℓ_b).
     */
    public static Tensor diagonalMean(Tensor logits, float scale, RowWeighting weighting) {
        if (weighting == RowWeighting.NONE) return diagonalMean(logits, scale);
        Checks.arg(logits.rows() == logits.cols(), "diagonal cross-entropy needs square logits, got %s", logits.shape());
        int[] diagonal = new int[logits.rows()];
        for (int r = 0; r < diagonal.length; r++) diagonal[r] = r;
        Tensor rows = terms(logits, diagonal, scale);
        float[] probability = new float[rows.rows()];
        for (int r = 0; r < probability.length; r++) probability[r] = (float) Math.exp(-rows.data()[r]);
        return Losses.weightedMean(rows, probability, weighting);
    }
}
