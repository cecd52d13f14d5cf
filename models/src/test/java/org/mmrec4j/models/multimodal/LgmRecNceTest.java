package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.loss.Losses;

class LgmRecNceTest {
    private static final int[] INDEX = {0, 3, 3, 5, 1};

    /** Memberships 6×3 with row 2 all zero, as when dropout removes every hyperedge of a node. */
    private static Tensor memberships(long seed) {
        Tensor h = input(6, 3, seed, 0f, 1f);
        for (int c = 0; c < 3; c++) h.data()[2 * 3 + c] = 0f;
        return h;
    }

    @Test
    void lowRankLogitsEqualNceFullOnNormalisedRows() {
        Tensor anchors = input(6, 8, 1), h = memberships(2), edges = input(3, 8, 3);
        Tensor others = h.matmul(edges);
        float fast = LgmRec.nceFull(anchors, others, h, edges, INDEX).item();
        float direct = Losses.infoNceFullTerms(anchors.gatherRows(INDEX), others.gatherRows(INDEX), others, 0.2f).sum().item();
        assertThat(fast).isCloseTo(direct, within(1e-5f * Math.abs(direct)));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // Away from zero rows: there the gradient is g/eps, as F.normalize's, and dropout's mask zeroes it.
        GradCheck.check("low-rank NCE-full", 3e-3f, 3e-2, 1e-3,
                x -> LgmRec.nceFull(x[0], x[1].matmul(x[2]), x[1], x[2], INDEX), input(6, 8, 4), input(6, 3, 5, 0.1f, 1f), input(3, 8, 6));
    }
}
