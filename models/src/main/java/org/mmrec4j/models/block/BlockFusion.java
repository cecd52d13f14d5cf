package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.RowDot;

/**
 * Late fusion of M column blocks of a stacked [users; items] table O (N×(M·d)) with per-user modality
 * weights ω (n_u×M, or null for weight 1), each as one differentiable op so that no block is sliced out
 * and copied. A constant factor s is folded in: DualGNN's x + Agg(x) + Agg²(x) arrives as the fused
 * layer mean, and s = L + 1 turns it back into the sum without another pass.
 */
public final class BlockFusion {
    private BlockFusion() {}

    /**
     * N×d: item rows s·Σ_m O[r, m]; user rows Σ_m s·c_{u,m}·O[u, m] with c_{u,m} = ω_{u,m}, plus ω_{u,1}
     * for every m ≥ 2 when {@code firstTakesAll} (DualGNN's reference fusion: ω_1·Σ_m out_m + Σ_{m≥2} ω_m·out_m).
     */
    public static Tensor weightedSum(Tensor o, Tensor omega, int numUsers, int blocks, float s, boolean firstTakesAll) {
        int n = o.rows(), width = o.cols(), d = width / blocks;
        check(o, omega, numUsers, blocks);
        float[] od = o.data(), w = omega == null ? null : omega.data();
        float[] out = new float[n * d];
        Parallel.forRange(n, (lo, hi) -> {
            float[] c = new float[blocks];
            for (int r = lo; r < hi; r++) {
                coefficients(w, r, numUsers, blocks, s, firstTakesAll, c);
                int oo = r * d, io = r * width;
                for (int m = 0; m < blocks; m++) {
                    float cm = c[m];
                    for (int j = 0, b = io + m * d; j < d; j++) out[oo + j] += cm * od[b + j];
                }
            }
        });
        return Tensor.op(n, d, out, g -> {
            float[] go = o.requiresGrad() ? new float[od.length] : null;
            float[] gw = omega != null && omega.requiresGrad() ? new float[w.length] : null;
            Parallel.forRange(n, (lo, hi) -> {
                float[] c = new float[blocks];
                for (int r = lo; r < hi; r++) {
                    int gOff = r * d, io = r * width;
                    if (go != null) {
                        coefficients(w, r, numUsers, blocks, s, firstTakesAll, c);
                        for (int m = 0; m < blocks; m++) {
                            for (int j = 0, b = io + m * d; j < d; j++) go[b + j] = c[m] * g[gOff + j];
                        }
                    }
                    if (gw != null && r < numUsers) {
                        float rest = 0;
                        for (int m = 0; m < blocks; m++) {
                            float dot = RowDot.dot(g, gOff, od, io + m * d, d);
                            gw[r * blocks + m] = s * dot;
                            if (m > 0) rest += dot;
                        }
                        if (firstTakesAll) gw[r * blocks] += s * rest;
                    }
                }
            });
            if (go != null) o.accumulateGrad(go);
            if (gw != null) omega.accumulateGrad(gw);
        }, omega == null ? new Tensor[] {o} : new Tensor[] {o, omega});
    }

    private static void coefficients(float[] w, int r, int numUsers, int blocks, float s, boolean firstTakesAll, float[] c) {
        if (w == null || r >= numUsers) {
            java.util.Arrays.fill(c, s);
            return;
        }
        for (int m = 0; m < blocks; m++) c[m] = s * (w[r * blocks + m] + (firstTakesAll && m > 0 ? w[r * blocks] : 0f));
    }

    /** N×(M·d): user rows' block m scaled by s·ω_{u,m}, item rows by s (DRAGON's concatenation). */
    public static Tensor weightedConcat(Tensor o, Tensor omega, int numUsers, int blocks, float s) {
        int n = o.rows(), width = o.cols(), d = width / blocks;
        check(o, omega, numUsers, blocks);
        float[] od = o.data(), w = omega == null ? null : omega.data();
        float[] out = new float[od.length];
        Parallel.forRange(n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                for (int m = 0; m < blocks; m++) {
                    float c = w == null || r >= numUsers ? s : s * w[r * blocks + m];
                    for (int j = 0, b = r * width + m * d; j < d; j++) out[b + j] = c * od[b + j];
                }
            }
        });
        return Tensor.op(n, width, out, g -> {
            float[] go = o.requiresGrad() ? new float[od.length] : null;
            float[] gw = omega != null && omega.requiresGrad() ? new float[w.length] : null;
            Parallel.forRange(n, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    for (int m = 0; m < blocks; m++) {
                        int b0 = r * width + m * d;
                        if (go != null) {
                            float c = w == null || r >= numUsers ? s : s * w[r * blocks + m];
                            for (int j = 0; j < d; j++) go[b0 + j] = c * g[b0 + j];
                        }
                        if (gw != null && r < numUsers) {
                            float dot = RowDot.dot(g, b0, od, b0, d);
                            gw[r * blocks + m] = s * dot;
                        }
                    }
                }
            });
            if (go != null) o.accumulateGrad(go);
            if (gw != null) omega.accumulateGrad(gw);
        }, omega == null ? new Tensor[] {o} : new Tensor[] {o, omega});
    }

    private static void check(Tensor o, Tensor omega, int numUsers, int blocks) {
        Checks.arg(blocks >= 1 && o.cols() % blocks == 0, "BlockFusion: %s columns do not split into %s blocks", o.cols(), blocks);
        Checks.arg(numUsers <= o.rows(), "BlockFusion: %s users but %s rows", numUsers, o.rows());
        Checks.arg(omega == null || (omega.rows() == numUsers && omega.cols() == blocks),
                "BlockFusion: ω is %s, expected %sx%s", omega == null ? "" : omega.shape(), numUsers, blocks);
    }
}
