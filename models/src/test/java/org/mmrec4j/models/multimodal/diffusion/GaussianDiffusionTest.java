package org.mmrec4j.models.multimodal.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The DiffMM schedule against the closed-form table of spec/models.md §19.2, and q-sample / posterior by hand. */
class GaussianDiffusionTest {
    private final GaussianDiffusion d = new GaussianDiffusion(5, 0.1, 1e-4, 0.02);

    @Test
    void betasFollowTheLinearVarianceScheduleWithTheFirstOneFixed() {
        // v = linspace(1e-5, 2e-3, 5); β_t = 1 − (1 − v_t)/(1 − v_{t−1}); β_0 overwritten by 1e-4
        double[] v = {1e-5, 5.075e-4, 1.005e-3, 1.5025e-3, 2e-3};
        assertThat(d.beta(0)).isEqualTo(1e-4);
        for (int t = 1; t < 5; t++) assertThat(d.beta(t)).isCloseTo(1 - (1 - v[t]) / (1 - v[t - 1]), within(1e-15));
        assertThat(d.beta(1)).isCloseTo(4.9750e-4, within(5e-9));
        assertThat(d.beta(4)).isCloseTo(4.9825e-4, within(5e-9));
    }

    @Test
    void everyColumnMatchesTheSpecTable() {
        double[][] table = { // ᾱ, √ᾱ, √(1−ᾱ), posterior var, c1, c2, SNR, w
            {0.9999000, 0.9999500, 0.0100000, 0, 1.000000, 0.000000, 9999.0, 1},
            {0.9994025, 0.9997012, 0.0244429, 8.327e-5, 0.832665, 0.167335, 1672.77, 8326.23},
            {0.9989051, 0.9994524, 0.0330894, 2.716e-4, 0.454470, 0.545530, 912.32, 760.45},
            {0.9984076, 0.9992035, 0.0399045, 3.424e-4, 0.312571, 0.687429, 627.00, 285.32},
            {0.9979102, 0.9989545, 0.0457146, 3.796e-4, 0.238227, 0.761773, 477.51, 149.49},
        };
        for (int t = 0; t < 5; t++) {
            double[] row = table[t];
            assertThat(d.alphaCumprod(t)).as("ᾱ_%d", t).isCloseTo(row[0], within(6e-8));
            assertThat(d.sqrtAlphaCumprod(t)).isCloseTo(row[1], within(6e-8));
            assertThat(d.sqrtOneMinusAlphaCumprod(t)).isCloseTo(row[2], within(6e-8));
            assertThat(d.posteriorVariance(t)).isCloseTo(row[3], within(6e-8));
            assertThat(d.posteriorMeanCoef1(t)).isCloseTo(row[4], within(6e-7));
            assertThat(d.posteriorMeanCoef2(t)).isCloseTo(row[5], within(6e-7));
            assertThat(d.snr(t)).as("SNR_%d", t).isCloseTo(row[6], within(0.006));
            assertThat(d.lossWeight(t)).as("w_%d", t).isCloseTo(row[7], within(0.006));
        }
        // The last reverse step returns the prediction: c1_0 = β_0/(1 − ᾱ_0) = 1 up to float64 rounding, c2_0 = 0 exactly.
        assertThat(d.posteriorMeanCoef1(0)).isCloseTo(1.0, within(1e-12));
        assertThat(d.posteriorMeanCoef2(0)).isEqualTo(0.0);
    }

    @Test
    void qSampleAndPosteriorMeanMatchHandComputedValues() {
        float[] x0 = {1, 0, 0, 1}, noise = {0.5f, -1f, 2f, 0f}, out = new float[4];
        d.qSample(x0, new int[] {0, 3}, noise, 2, out);
        // row 0 at t=0: 0.99995·x0 + 0.01·ε; row 1 at t=3: 0.9992035·x0 + 0.0399045·ε
        assertThat(out[0]).isCloseTo(0.99995f + 0.005f, within(1e-6f));
        assertThat(out[1]).isCloseTo(-0.01f, within(1e-6f));
        assertThat(out[2]).isCloseTo(0.0798090f, within(1e-6f));
        assertThat(out[3]).isCloseTo(0.9992035f, within(1e-6f));
        float[] mean = new float[2];
        d.posteriorMean(new float[] {1f, 2f}, new float[] {3f, -1f}, 2, mean);
        assertThat(mean[0]).isCloseTo(0.454470f + 3 * 0.545530f, within(2e-6f));
        assertThat(mean[1]).isCloseTo(2 * 0.454470f - 0.545530f, within(2e-6f));
    }

    @Test
    void rejectsAScheduleWithoutNoise() {
        assertThatThrownBy(() -> new GaussianDiffusion(5, 0, 1e-4, 0.02)).hasMessageContaining("noise_scale");
        assertThatThrownBy(() -> new GaussianDiffusion(0, 0.1, 1e-4, 0.02)).hasMessageContaining("steps");
    }
}
