package org.mmrec4j.models.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CleanWeightsTest {

    @Test
    void minMaxRuleAndThreshold() {
        double[] norm = CleanWeights.normalizedDisagreement(new double[] {1, 3, 2, 2.6});
        assertThat(norm[0]).isCloseTo(0, within(1e-9));
        assertThat(norm[1]).isCloseTo(1, within(1e-6));
        assertThat(norm[2]).isCloseTo(0.5, within(1e-6));
        assertThat(norm[3]).isCloseTo(0.8, within(1e-6));
        assertThat(CleanWeights.normalizedDisagreement(new double[] {4, 4, 4})).containsExactly(0, 0, 0);
    }

    @Test
    void cleanRowsAreWeightedByHashAgreementAndNoisyRowsKeepOne() {
        int bits = 4;
        double[] delta = {0, 1, 0.5, 0.9}; // δ̃ = 0, 1, 0.5, 0.9: rows 0 and 2 clean, rows 1 and 3 noisy
        float[] user = {
            1, 1, 1, 1,
            1, 1, 1, 1,
            1, -1, 1, -1,
            -1, -1, -1, -1};
        float[] text = {
            1, 1, 1, 1,     // a·b = 4  → (1 + 1)/2 = 1
            -1, -1, -1, -1, // noisy row: ignored
            1, 1, 1, 1,     // a·b = 0  → 0.5
            1, 1, 1, 1};
        float[] vision = {
            1, 1, -1, -1,   // a·b = 0  → 0.5
            -1, -1, -1, -1,
            -1, 1, -1, 1,   // a·b = −4 → 0
            1, 1, 1, 1};
        float[] w = CleanWeights.weights(delta, user, new float[][] {text, vision}, bits, 0.7);
        // Row 0: ½(1 + 0.5) = 0.75; row 2: ½(0.5 + 0) = 0.25; noisy rows keep 1 (the code's inversion of the paper).
        assertThat(w).containsExactly(0.75f, 1f, 0.25f, 1f);
    }

    @Test
    void zeroSignsCountAsNoAgreement() {
        float[] w = CleanWeights.weights(new double[] {2, 2}, new float[] {0, 0, 1, 1}, new float[][] {{1, 1, 1, 1}}, 2, 0.7);
        // All δ equal → δ̃ = 0 → clean; row 0: a = 0 → (1 + 0)/2; row 1: a·b = 2 → 1.
        assertThat(w).containsExactly(0.5f, 1f);
    }
}
