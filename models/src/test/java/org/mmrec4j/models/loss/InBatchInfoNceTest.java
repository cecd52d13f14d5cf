package org.mmrec4j.models.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;

class InBatchInfoNceTest {

    @Test
    void equalsTheCompositionInValueAndGradient() {
        for (int n : new int[] {1, 5, 80}) {
            Tensor a1 = GradCheck.input(n, 6, 1), p1 = GradCheck.input(n, 6, 2);
            Tensor a2 = GradCheck.input(n, 6, 1), p2 = GradCheck.input(n, 6, 2);
            Tensor fused = InBatchInfoNce.of(a1, p1, 0.2f), composed = Losses.infoNceBatch(a2, p2, 0.2f);
            assertThat(fused.item()).isCloseTo(composed.item(), within(1e-5f));
            fused.backward();
            composed.backward();
            for (int i = 0; i < a1.size(); i++) {
                assertThat(a1.grad()[i]).isCloseTo(a2.grad()[i], within(1e-5f));
                assertThat(p1.grad()[i]).isCloseTo(p2.grad()[i], within(1e-5f));
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor a = GradCheck.input(7, 4, 3), p = GradCheck.input(7, 4, 4);
        GradCheck.check("in-batch InfoNCE", in -> InBatchInfoNce.of(in[0], in[1], 0.5f), a, p);
    }

    @Test
    void handComputedTwoRowCase() {
        // Orthonormal rows, τ = 1: logits are the identity, each term log(e + 1) − 1.
        Tensor a = Tensor.of(new float[][] {{1, 0}, {0, 1}});
        assertThat(InBatchInfoNce.of(a, a, 1f).item()).isCloseTo((float) (Math.log(Math.E + 1) - 1), within(1e-6f));
    }

    @Test
    void distinctRowsWithCountsEqualTheRepeatedBatch() {
        int[] counts = {3, 1, 2, 1};
        int[] expand = {0, 0, 1, 0, 2, 3, 2}; // rows as a batch would repeat them: 3, 1, 2, 1 times
        Tensor a = GradCheck.input(4, 5, 7), p = GradCheck.input(4, 5, 8);
        Tensor a2 = GradCheck.input(4, 5, 7), p2 = GradCheck.input(4, 5, 8);
        Tensor distinct = InBatchInfoNce.ofDistinct(a, p, counts, 0.2f);
        Tensor repeated = Losses.infoNceBatch(a2.gatherRows(expand), p2.gatherRows(expand), 0.2f);
        assertThat(distinct.item()).isCloseTo(repeated.item(), within(1e-5f));
        distinct.backward();
        repeated.backward();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.grad()[i]).isCloseTo(a2.grad()[i], within(1e-5f));
            assertThat(p.grad()[i]).isCloseTo(p2.grad()[i], within(1e-5f));
        }
        GradCheck.check("weighted in-batch InfoNCE", in -> InBatchInfoNce.ofDistinct(in[0], in[1], counts, 0.5f), a, p);
    }
}
