package org.mmrec4j.models.loss;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;

/**
 * Knowledge-distillation KL over full softmax rows as one fused, row-parallel op (GUIDER's as-coded
 * KD, spec/models.md §20.2): {@code (1/B) Σ_b KL(softmax(t_b) ‖ softmax(s_b))} for student logits s
 * (B×n, differentiable) and constant teacher logits t, no temperature, no masking. A composed chain
 * (two log-softmaxes, a subtraction, a product, a sum) would make five B×n temporaries per batch; here
 * each row is three passes, the exps are vectorised, and the backward ∂/∂s_bc = (p^S_bc − p^T_bc)/B
 * reuses the exps kept from the forward pass. Row sums are accumulated in double.
 */
public final class SoftmaxKl {
    private SoftmaxKl() {}

    /**
     * @param teacher B×n teacher logits, row-major; consumed (overwritten by the teacher's exps), so
     *                callers pass a buffer they no longer need
     */
    public static Tensor meanDivergence(Tensor student, float[] teacher) {
        float[] w = new float[student.rows()];
        java.util.Arrays.fill(w, 1f / student.rows());
        return weightedDivergence(student, teacher, w);
    }

    /**
     * Σ_b w_b KL(softmax(t_b) ‖ softmax(s_b)): the mean over a batch whose repeated rows are stored once
     * with weight count/B gives the same value and gradient for less work.
     */
    public static Tensor weightedDivergence(Tensor student, float[] teacher, float[] rowWeights) {
        int rows = student.rows(), cols = student.cols();
        Checks.arg(rowWeights.length == rows, "KD: %s row weights for %s", rowWeights.length, student.shape());
        Checks.arg(teacher.length == student.size(), "KD: teacher logits have %s values for student %s", teacher.length, student.shape());
        Checks.arg(rows > 0 && cols > 0, "KD: empty logits %s", student.shape());
        float[] s = student.data(), es = new float[s.length];
        float[] invZs = new float[rows], invZt = new float[rows];
        double[] perRow = new double[rows];
        int chunks = s.length < 16_384 ? 1 : Parallel.threads();
        Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
            double[] dot = new double[1];
            for (int r = lo; r < hi; r++) {
                int o = r * cols;
                float maxT = rowMax(teacher, o, cols), maxS = rowMax(s, o, cols);
                double zt = expAndDot(teacher, s, o, cols, maxT, dot);
                double zs = expRow(s, o, cols, maxS, es);
                invZt[r] = (float) (1 / zt);
                invZs[r] = (float) (1 / zs);
                perRow[r] = dot[0] / zt - (maxT + Math.log(zt)) + (maxS + Math.log(zs));
            }
        });
        double sum = 0;
        for (int r = 0; r < rows; r++) sum += rowWeights[r] * perRow[r];
        boolean[] consumed = {false};
        return Tensor.op(1, 1, new float[] {(float) sum}, g -> {
            Checks.state(!consumed[0], "KD KL: backward ran twice over one graph");
            consumed[0] = true;
            float[] gx = es; // reused in place: the student exps are not needed after this
            Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int o = r * cols;
                    float f = g[0] * rowWeights[r], fs = f * invZs[r], ft = f * invZt[r];
                    for (int c = 0; c < cols; c++) gx[o + c] = fs * gx[o + c] - ft * teacher[o + c];
                }
            });
            student.accumulateGrad(gx);
        }, student);
    }

    private static float rowMax(float[] x, int off, int n) {
        if (SoftmaxCrossEntropy.VECTOR) return VectorSoftmaxRows.max(x, off, n, 1f);
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) m = Math.max(m, x[off + c]);
        return m;
    }

    private static double expRow(float[] x, int off, int n, float shift, float[] out) {
        if (SoftmaxCrossEntropy.VECTOR) return VectorSoftmaxRows.exp(x, off, n, 1f, shift, out);
        double z = 0;
        for (int c = 0; c < n; c++) {
            float e = (float) Math.exp(x[off + c] - shift);
            out[off + c] = e;
            z += e;
        }
        return z;
    }

    static double expAndDot(float[] t, float[] s, int off, int n, float shift, double[] dot) {
        if (SoftmaxCrossEntropy.VECTOR) return VectorKlRows.expAndDot(t, s, off, n, shift, dot);
        return scalarExpAndDot(t, s, off, n, shift, dot);
    }

    static double scalarExpAndDot(float[] t, float[] s, int off, int n, float shift, double[] dot) {
        return expAndDotFrom(t, s, off, 0, n, shift, 0, 0, dot);
    }

    /**
     * The scalar pass over columns [from, n), continuing the sums z = Σ e_c and acc = Σ e_c·(t − s):
     * the whole row here, the tail after the vector lanes in {@link VectorKlRows}.
     */
    static double expAndDotFrom(float[] t, float[] s, int off, int from, int n, float shift, double z, double acc, double[] dot) {
        for (int c = from; c < n; c++) {
            float e = (float) Math.exp(t[off + c] - shift);
            acc += e * (t[off + c] - s[off + c]);
            z += e;
            t[off + c] = e;
        }
        dot[0] = acc;
        return z;
    }
}
