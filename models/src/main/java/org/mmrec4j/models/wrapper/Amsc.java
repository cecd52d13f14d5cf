package org.mmrec4j.models.wrapper;

import java.util.Arrays;
import java.util.List;
import org.mmrec4j.engine.Checks;

/**
 * AMSC, Adaptive Modality Similarity Calibration (GUIDER paper mode; our concrete reading, documented in
 * spec/models.md §20.3): reclassifies each user's training items into I_true and I_false.
 *
 * <pre>
 *   S_mod(i, i′) = mean_m cos(x^m_i, x^m_i′)                 raw features (two modalities: ½(S_text + S_vis))
 *   S(i, i′)     = S_conf(i)·S_conf(i′)·S_mod(i, i′)          S_conf(i) ∈ [0, 1], 1 with one modality
 *   score(u, i)  = mean_{i′ ∈ T_u \ {i}} S(i, i′)
 *   i is noisy for u ⇔ score(u, i) < θ,  θ = the q-quantile of all scores
 * </pre>
 *
 * Computed without the n_i² similarity matrix: Σ_{i′∈T_u} S(i, i′) = S_conf(i)·mean_m x̂^m_i·s^m_u with
 * s^m_u = Σ_{i′∈T_u} S_conf(i′) x̂^m_i′ (x̂ the unit rows), minus the i′ = i term; one pass over the
 * edges per modality. A user with a single training item has no i′ and is never flagged.
 */
public final class Amsc {
    private Amsc() {}

    /**
     * @param offsets, items  the training items grouped by user (CSR, {@code items[offsets[u]..offsets[u+1])})
     * @param unitFeatures    per modality, the row-normalised raw features (n_i × dims[m]); zero rows stay zero
     * @param confidence      S_conf per item
     * @return per edge (in {@code items} order) whether it is noisy
     */
    public static boolean[] noisyEdges(int[] offsets, int[] items, List<float[]> unitFeatures, int[] dims,
                                       float[] confidence, double quantile) {
        Checks.arg(quantile >= 0 && quantile < 1, "guider_amsc_quantile must be in [0, 1), got %s", quantile);
        double[] score = scores(offsets, items, unitFeatures, dims, confidence);
        double[] finite = Arrays.stream(score).filter(Double::isFinite).sorted().toArray();
        boolean[] noisy = new boolean[items.length];
        if (finite.length == 0 || quantile == 0) return noisy;
        double theta = finite[(int) Math.floor(quantile * (finite.length - 1))];
        // Strictly below the quantile: with q = 0.1 about the lowest 10% (ties at θ stay clean).
        for (int e = 0; e < items.length; e++) noisy[e] = score[e] < theta;
        return noisy;
    }

    /** score(u, i) per edge; +∞ where the user has no other item. */
    public static double[] scores(int[] offsets, int[] items, List<float[]> unitFeatures, int[] dims, float[] confidence) {
        int users = offsets.length - 1, modalities = unitFeatures.size();
        double[] score = new double[items.length];
        for (int u = 0; u < users; u++) {
            int lo = offsets[u], hi = offsets[u + 1], others = hi - lo - 1;
            if (others <= 0) {
                for (int e = lo; e < hi; e++) score[e] = Double.POSITIVE_INFINITY;
                continue;
            }
            for (int m = 0; m < modalities; m++) {
                float[] x = unitFeatures.get(m);
                int d = dims[m];
                double[] s = new double[d];
                for (int e = lo; e < hi; e++) {
                    int i = items[e];
                    for (int k = 0; k < d; k++) s[k] += confidence[i] * x[i * d + k];
                }
                for (int e = lo; e < hi; e++) {
                    int i = items[e];
                    double dot = 0, self = 0;
                    for (int k = 0; k < d; k++) {
                        dot += x[i * d + k] * s[k];
                        self += x[i * d + k] * x[i * d + k];
                    }
                    score[e] += confidence[i] * (dot - confidence[i] * self) / modalities;
                }
            }
            for (int e = lo; e < hi; e++) score[e] /= others;
        }
        return score;
    }

    /** Unit rows (a zero row stays zero). */
    public static float[] unitRows(float[] x, int rows, int cols) {
        float[] out = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += (double) x[r * cols + c] * x[r * cols + c];
            if (s == 0) continue;
            float inv = (float) (1 / Math.sqrt(s));
            for (int c = 0; c < cols; c++) out[r * cols + c] = x[r * cols + c] * inv;
        }
        return out;
    }
}
