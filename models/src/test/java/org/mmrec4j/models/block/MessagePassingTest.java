package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.EdgePattern;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.UserItemGraph;

class MessagePassingTest {
    /**
     * Users 0, 1; items 0, 1, 2 at node rows 2, 3, 4; item 2 has no training edge.
     * Edges: u0–i0, u0–i1, u1–i1 (listed twice: duplicates collapse).
     */
    private static MessagePassing graph() {
        Interactions train = new Interactions(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1});
        return MessagePassing.bothDirections(new UserItemGraph(train, 2, 3));
    }

    private static final float[][] X = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}};

    @Test void meanAggregationMatchesAHandComputedGraph() {
        float[][] out = graph().mean(Tensor.of(X)).toArray();
        assertThat(out[0]).containsExactly(6f, 7f);   // u0: mean of i0 (5, 6) and i1 (7, 8)
        assertThat(out[1]).containsExactly(7f, 8f);   // u1: i1 only
        assertThat(out[2]).containsExactly(1f, 2f);   // i0: u0 only
        assertThat(out[3]).containsExactly(2f, 3f);   // i1: mean of u0 (1, 2) and u1 (3, 4)
        assertThat(out[4]).containsExactly(0f, 0f);   // i2: no edges, receives nothing (PyG's scatter)
    }

    @Test void attentionSumsToOnePerReceivingNodeAndMatchesASoftmaxByHand() {
        MessagePassing g = graph();
        EdgePattern p = g.pattern();
        float[] alpha = MessagePassing.attention(p, Tensor.of(X)).data();
        int[] ptr = p.rowPtr();
        for (int r = 0; r < p.rows(); r++) {
            float s = 0;
            for (int e = ptr[r]; e < ptr[r + 1]; e++) s += alpha[e];
            assertThat(s).isCloseTo(ptr[r + 1] > ptr[r] ? 1f : 0f, within(1e-6f));
        }
        // u0 = (1, 2) attends over i0 = (5, 6) and i1 = (7, 8): scores 17 and 23.
        double e17 = Math.exp(17), e23 = Math.exp(23);
        assertThat(alpha[ptr[0]]).isCloseTo((float) (e17 / (e17 + e23)), within(1e-6f));
        assertThat(alpha[ptr[0] + 1]).isCloseTo((float) (e23 / (e17 + e23)), within(1e-6f));
    }

    @Test void weightedSumAddsWeightedSenders() {
        MessagePassing g = graph();
        EdgePattern p = g.pattern();
        float[] w = new float[p.nnz()];
        for (int e = 0; e < w.length; e++) w[e] = e + 1;
        float[][] out = MessagePassing.weightedSum(p, Tensor.wrap(w.length, 1, w), Tensor.of(X)).toArray();
        // Row 0 (u0) has entries 1 and 2 on i0 and i1: 1·(5, 6) + 2·(7, 8).
        assertThat(out[0]).containsExactly(19f, 22f);
    }

    @Test void directionalHalvesSplitThePattern() {
        MessagePassing g = graph();
        EdgePattern toItems = g.userToItem(), toUsers = g.itemToUser();
        assertThat(toItems.nnz() + toUsers.nnz()).isEqualTo(g.pattern().nnz());
        for (int u = 0; u < 2; u++) assertThat(toItems.rowPtr()[u + 1] - toItems.rowPtr()[u]).isZero();
        for (int i = 2; i < 5; i++) assertThat(toUsers.rowPtr()[i + 1] - toUsers.rowPtr()[i]).isZero();
        assertThat(toItems.csr().get(3, 0)).isEqualTo(1f);
        assertThat(toItems.csr().get(3, 1)).isEqualTo(1f);
        assertThat(toUsers.csr().get(0, 2)).isEqualTo(1f);
        assertThat(toUsers.csr().get(0, 3)).isEqualTo(1f);
    }

    @Test void gradientsFlowThroughAttentionAndAggregation() {
        EdgePattern p = graph().pattern();
        GradCheck.check("attention aggregation", x -> MessagePassing.weightedSum(p, MessagePassing.attention(p, x[0]), x[0]),
                GradCheck.input(5, 3, 1));
        GradCheck.check("mean aggregation", x -> graph().mean(x[0]), GradCheck.input(5, 3, 2));
    }
}
