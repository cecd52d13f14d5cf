package org.mmrec4j.models.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MgdaTest {

    @Test
    void closedFormOnHandComputedVectors() {
        // g1 = (1, 0), g2 = (0, 1): a = 1, b = 0, c = 1 → γ = (1 − 0)/(1 + 1 − 0) = 0.5.
        assertThat(Mgda.minNormGamma(1, 0, 1)).isEqualTo(0.5);
        // g1 = (2, 0), g2 = (0, 1): a = 4, b = 0, c = 1 → γ = 1/5; the min-norm point 0.2·g1 + 0.8·g2 = (0.4, 0.8) ⟂ g1 − g2.
        assertThat(Mgda.minNormGamma(4, 0, 1)).isCloseTo(0.2, within(1e-12));
        // b ≥ a: g1 = (1, 0), g2 = (2, 1): a = 1, b = 2 → 0.999; b ≥ c: g1 = (2, 1), g2 = (1, 0): a = 5, b = 2, c = 1 → 0.001.
        assertThat(Mgda.minNormGamma(1, 2, 5)).isEqualTo(0.999);
        assertThat(Mgda.minNormGamma(5, 2, 1)).isEqualTo(0.001);
    }

    @Test
    void floorsKeepTheStudentWeightAtLeastHalf() {
        Mgda.Weights w = Mgda.weights(4, 0, 1); // γ = 0.2
        assertThat(w.gamma()).isCloseTo(0.2, within(1e-12));
        assertThat(w.student()).isEqualTo(0.5);
        assertThat(w.distill()).isCloseTo(0.8, within(1e-12));
        Mgda.Weights high = Mgda.weights(1, 2, 5); // γ = 0.999
        assertThat(high.student()).isEqualTo(0.999);
        assertThat(high.distill()).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void gradientsFollowTheReferenceQuirkG2IsTheSum() {
        // ∇L_S = (1, 0), ∇L_KD = (−1, 1): the reference combines g1 = (1, 0) with g2 = (0, 1) → γ = 0.5.
        List<float[]> student = List.of(new float[] {1f}, new float[] {0f});
        List<float[]> distill = Arrays.asList(new float[] {-1f}, new float[] {1f});
        assertThat(Mgda.fromGradients(student, distill).gamma()).isCloseTo(0.5, within(1e-12));
        // A parameter no loss reached (null on both sides) and one only L_KD reached.
        List<float[]> s2 = Arrays.asList(new float[] {2f}, null, null);
        List<float[]> d2 = Arrays.asList(new float[] {-2f}, null, new float[] {1f});
        // g1 = (2, 0), g2 = (0, 1) → γ = 0.2.
        assertThat(Mgda.fromGradients(s2, d2).gamma()).isCloseTo(0.2, within(1e-12));
    }
}
