package org.mmrec4j.models.wrapper;

/**
 * The code-compat teacher's per-row loss weights (spec/models.md §20.2, "DBPR as coded"). Inputs are
 * fixed functions of the batch: δ_b, the disagreement of the positive item's modality projections, and
 * the sign hashes of the user embedding and of each modality projection.
 *
 * <pre>
 *   δ̃_b = (δ_b − min δ)/(max δ − min δ + 1e-7)           clean ⇔ δ̃_b < threshold (0.7)
 *   w_b = 1                                                 noisy rows (as coded: not down-weighted)
 *   w_b = clamp(mean_m (1 + a_b·h_{m,b}/bits)/2, 0, 1)      clean rows; two modalities give the spec's ½[…+…]
 * </pre>
 */
public final class CleanWeights {
    private CleanWeights() {}

    /** δ̃ by the batch's min–max rule; all-equal δ gives 0 everywhere. */
    public static double[] normalizedDisagreement(double[] delta) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double d : delta) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        double[] out = new double[delta.length];
        for (int b = 0; b < delta.length; b++) out[b] = (delta[b] - min) / (max - min + 1e-7);
        return out;
    }

    /**
     * @param userSigns B×bits signs of H_u ū_b (−1, 0 or +1)
     * @param itemSigns per modality, B×bits signs of H_m τ_{m,b}
     */
    public static float[] weights(double[] delta, float[] userSigns, float[][] itemSigns, int bits, double threshold) {
        double[] norm = normalizedDisagreement(delta);
        float[] w = new float[delta.length];
        for (int b = 0; b < w.length; b++) {
            if (!(norm[b] < threshold)) {
                w[b] = 1f;
                continue;
            }
            double sum = 0;
            for (float[] signs : itemSigns) {
                double dot = 0;
                for (int k = 0, o = b * bits; k < bits; k++) dot += userSigns[o + k] * signs[o + k];
                sum += (1 + dot / bits) / 2;
            }
            w[b] = (float) Math.min(1, Math.max(0, sum / itemSigns.length));
        }
        return w;
    }
}
