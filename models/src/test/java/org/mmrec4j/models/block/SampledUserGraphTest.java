package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.UserUserGraph;

class SampledUserGraphTest {
    /*
     * User 0 holds items 0..4; user k (1..45) holds items 0..k%5, so it shares k%5 + 1 items with user 0.
     * Users 46 and 47 share item 100 only; user 48's item 102 is nobody else's; user 49 shares 3, 2 and 1
     * items with users 50, 51 and 52.
     */
    private static final int USERS = 53;

    private static UserUserGraph graph() {
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < 5; i++) edges.add(new int[] {0, i});
        for (int k = 1; k <= 45; k++) for (int i = 0; i <= k % 5; i++) edges.add(new int[] {k, i});
        edges.add(new int[] {46, 100});
        edges.add(new int[] {47, 100});
        edges.add(new int[] {47, 101});
        edges.add(new int[] {48, 102});
        for (int i = 103; i <= 105; i++) edges.add(new int[] {49, i});
        for (int i = 103; i <= 105; i++) edges.add(new int[] {50, i});
        edges.add(new int[] {51, 103});
        edges.add(new int[] {51, 104});
        edges.add(new int[] {52, 103});
        int[] u = edges.stream().mapToInt(e -> e[0]).toArray(), it = edges.stream().mapToInt(e -> e[1]).toArray();
        return UserUserGraph.build(new Interactions(u, it), USERS, 106, SampledUserGraph.SLOTS);
    }

    private static CsrMatrix sample(long seed) {
        return SampledUserGraph.sample(graph(), SampledUserGraph.SLOTS, new Rng(seed));
    }

    @Test
    void fortyOrMoreNeighboursKeepTheFirstFortyWithSoftmaxOfTheirCounts() {
        CsrMatrix s = sample(1);
        // Counts 5, 4, 3, 2 (36 users) and the four lowest-indexed users with count 1: 5, 10, 15, 20.
        List<Integer> expected = new ArrayList<>();
        double z = 0;
        for (int k = 1; k <= 45; k++) {
            if (k % 5 != 0 || k <= 20) {
                expected.add(k);
                z += Math.exp(k % 5 + 1);
            }
        }
        assertThat(s.rowPtr()[1] - s.rowPtr()[0]).isEqualTo(40);
        for (int e = s.rowPtr()[0]; e < s.rowPtr()[1]; e++) {
            int v = s.colIdx()[e];
            assertThat(expected).contains(v);
            assertThat((double) s.values()[e]).isCloseTo(Math.exp(v % 5 + 1) / z, within(1e-7));
        }
    }

    @Test
    void oneNeighbourFillsEverySlotWithWeightOne() {
        CsrMatrix s = sample(1);
        assertThat(s.rowPtr()[47] - s.rowPtr()[46]).isEqualTo(1);
        assertThat(s.colIdx()[s.rowPtr()[46]]).isEqualTo(47);
        assertThat(s.values()[s.rowPtr()[46]]).isEqualTo(1f);
    }

    @Test
    void userWithoutNeighboursHasAnEmptyRow() {
        CsrMatrix s = sample(1);
        assertThat(s.rowPtr()[49] - s.rowPtr()[48]).isZero();
    }

    /** Weight of neighbour j = m_j·e^{c_j}/Z, with m_j ≥ 1 slots naming it and Σ m_j = 40. */
    private static int[] slotCounts(CsrMatrix s, int user, int[] counts) {
        int lo = s.rowPtr()[user], n = s.rowPtr()[user + 1] - lo;
        double[] r = new double[n];
        double total = 0;
        for (int p = 0; p < n; p++) {
            r[p] = s.values()[lo + p] / Math.exp(counts[p]);
            total += r[p];
        }
        int[] m = new int[n];
        for (int p = 0; p < n; p++) {
            double slots = SampledUserGraph.SLOTS * r[p] / total;
            m[p] = (int) Math.round(slots);
            assertThat(slots).isCloseTo(m[p], within(1e-3));
        }
        return m;
    }

    @Test
    void fewNeighboursArePaddedByRepeatingThemWithRepeatedCounts() {
        for (long seed = 1; seed <= 5; seed++) {
            CsrMatrix s = sample(seed);
            int lo = s.rowPtr()[49];
            assertThat(s.rowPtr()[50] - lo).isEqualTo(3);
            assertThat(new int[] {s.colIdx()[lo], s.colIdx()[lo + 1], s.colIdx()[lo + 2]}).containsExactly(50, 51, 52);
            int[] m = slotCounts(s, 49, new int[] {3, 2, 1});
            assertThat(java.util.Arrays.stream(m).min().getAsInt()).isGreaterThanOrEqualTo(1);
            assertThat(m[0] + m[1] + m[2]).isEqualTo(SampledUserGraph.SLOTS);
        }
    }

    @Test
    void paddingIsDeterministicPerStreamAndVariesAcrossStreams() {
        assertThat(sample(7).values()).containsExactly(sample(7).values());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (long seed = 1; seed <= 10; seed++) seen.add(java.util.Arrays.toString(slotCounts(sample(seed), 49, new int[] {3, 2, 1})));
        assertThat(seen.size()).isGreaterThan(1);
    }

    @Test
    void aggregationEqualsTheSlotWeightedSumByHand() {
        CsrMatrix s = sample(3);
        Tensor users = Tensor.wrap(USERS, 4, randomValues(USERS * 4));
        Tensor agg = s.multiply(users);
        // User 0: softmax over the first 40 neighbours' counts.
        double z = 0;
        for (int k = 1; k <= 45; k++) if (k % 5 != 0 || k <= 20) z += Math.exp(k % 5 + 1);
        for (int c = 0; c < 4; c++) {
            double expected = 0;
            for (int k = 1; k <= 45; k++) if (k % 5 != 0 || k <= 20) expected += Math.exp(k % 5 + 1) / z * users.get(k, c);
            assertThat((double) agg.get(0, c)).isCloseTo(expected, within(1e-5));
            assertThat(agg.get(46, c)).isEqualTo(users.get(47, c));
            assertThat(agg.get(48, c)).isZero();
        }
        // User 49: the slots' multiplicities decide the weights.
        int[] m = slotCounts(s, 49, new int[] {3, 2, 1});
        double z49 = m[0] * Math.exp(3) + m[1] * Math.exp(2) + m[2] * Math.exp(1);
        for (int c = 0; c < 4; c++) {
            double expected = (m[0] * Math.exp(3) * users.get(50, c) + m[1] * Math.exp(2) * users.get(51, c)
                    + m[2] * Math.exp(1) * users.get(52, c)) / z49;
            assertThat((double) agg.get(49, c)).isCloseTo(expected, within(1e-5));
        }
    }

    private static float[] randomValues(int n) {
        Rng rng = new Rng(5);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
