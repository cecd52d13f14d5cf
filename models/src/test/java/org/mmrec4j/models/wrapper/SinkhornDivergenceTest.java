package org.mmrec4j.models.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;

class SinkhornDivergenceTest {
    private static final SinkhornDivergence.Options SPEC = new SinkhornDivergence.Options(0.1, 0.5, 50);

    @Test
    void isZeroForIdenticalCloudsAndPositiveOtherwise() {
        Tensor x = input(6, 4, 1, -2f, 2f);
        assertThat(SinkhornDivergence.divergence(x, x.copy(), SPEC).item()).isCloseTo(0f, within(1e-6f));
        for (long seed = 2; seed < 8; seed++) {
            Tensor y = input(5, 4, seed, -2f, 2f);
            assertThat(SinkhornDivergence.divergence(x, y, SPEC).item()).as("seed %s", seed).isGreaterThan(0f);
        }
    }

    @Test
    void approachesTheTransportCostOfATranslationForSmallBlur() {
        // Single points: OT is the distance itself and both self terms vanish, so S = ‖x − y‖ (spec §20.2).
        Tensor x = Tensor.of(new float[][] {{0f, 0f, 0f}}), y = Tensor.of(new float[][] {{3f, 4f, 0f}});
        assertThat(SinkhornDivergence.divergence(x, y, SPEC).item()).isCloseTo(5f, within(1e-3f));
        // Two clouds, one a translate of the other by far more than their spread: S ≈ the shift length.
        Tensor a = Tensor.of(new float[][] {{0f, 0f}, {1f, 0f}, {0f, 1f}});
        Tensor b = Tensor.of(new float[][] {{20f, 0f}, {21f, 0f}, {20f, 1f}});
        assertThat(SinkhornDivergence.divergence(a, b, SPEC).item()).isCloseTo(20f, within(0.2f));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        // Converged potentials make the plan the exact gradient: a larger iteration cap than the spec's 50.
        SinkhornDivergence.Options converged = new SinkhornDivergence.Options(0.5, 0.5, 5000);
        GradCheck.check("sinkhorn eps 0.5", 1e-2f, 3e-2, 2e-3, t -> SinkhornDivergence.divergence(t[0], t[1], converged),
                input(5, 3, 11, -1f, 1f), input(4, 3, 12, -1f, 1f));
        SinkhornDivergence.Options fine = new SinkhornDivergence.Options(0.1, 0.5, 20000);
        GradCheck.check("sinkhorn eps 0.1", 1e-3f, 5e-2, 2e-3, t -> SinkhornDivergence.divergence(t[0], t[1], fine),
                input(4, 2, 13, -1f, 1f), input(4, 2, 14, -1f, 1f));
    }

    @Test
    void teacherSideNeedsNoGradient() {
        Tensor x = input(4, 3, 21), y = input(4, 3, 22).detach();
        Tensor s = SinkhornDivergence.divergence(x, y, SPEC);
        s.backward();
        assertThat(x.grad()).isNotNull();
        double norm = 0;
        for (float g : x.grad()) norm += g * g;
        assertThat(norm).isGreaterThan(0);
    }
}
