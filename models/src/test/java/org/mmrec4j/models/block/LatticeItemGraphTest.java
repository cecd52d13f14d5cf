package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;

class LatticeItemGraphTest {

    @Test
    void invSqrtOrZeroMatchesFiniteDifferencesAndZeroesNonPositiveDegrees() {
        Tensor d = GradCheck.input(7, 1, 3, 0.2f, 4f);
        GradCheck.check("invSqrtOrZero", x -> LatticeItemGraph.invSqrtOrZero(x[0]), d);
        Tensor y = LatticeItemGraph.invSqrtOrZero(Tensor.of(new float[][] {{4}, {0}, {-1}}));
        assertThat(y.data()).containsExactly(0.5f, 0f, 0f);
    }
}
