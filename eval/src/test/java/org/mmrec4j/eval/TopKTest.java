package org.mmrec4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Rng;

class TopKTest {

    /** Reference: sort all unmasked items by score desc, then id asc, and cut at k. */
    private static int[] bruteForce(float[] scores, int offset, int numItems, int[] mask, int k) {
        List<Integer> cand = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            if (Arrays.binarySearch(mask, i) < 0 && !Float.isNaN(scores[offset + i])) cand.add(i);
        }
        cand.sort(Comparator.<Integer>comparingDouble(i -> -scores[offset + i]).thenComparingInt(i -> i));
        return cand.stream().limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void matchesBruteForceSortOnRandomRowsWithTies() {
        for (int seed = 0; seed < 300; seed++) {
            Rng rng = new Rng(seed);
            int numItems = 1 + rng.nextInt(200);
            int k = 1 + rng.nextInt(60);
            int offset = rng.nextInt(5);
            // Few distinct levels force many ties; some seeds use continuous scores instead.
            int levels = seed % 3 == 0 ? 0 : 1 + rng.nextInt(8);
            float[] scores = new float[offset + numItems + 3];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = levels == 0 ? rng.nextFloat() - 0.5f : rng.nextInt(levels) - 2f;
            }
            int[] mask = Arrays.stream(rng.permutation(numItems)).limit(rng.nextInt(numItems / 2 + 1)).sorted().toArray();
            int[] items = new int[k];
            float[] sc = new float[k];
            int n = TopK.select(scores, offset, numItems, mask, 0, mask.length, k, items, sc);

            int[] expected = bruteForce(scores, offset, numItems, mask, k);
            assertThat(Arrays.copyOf(items, n)).as("seed %d", seed).containsExactly(expected);
            for (int r = 0; r < n; r++) assertThat(sc[r]).isEqualTo(scores[offset + items[r]]);
        }
    }

    @Test
    void tiesGoToTheSmallerItemId() {
        float[] scores = {1f, 3f, 3f, 2f, 3f, 3f};
        int[] items = new int[3];
        int n = TopK.select(scores, 0, scores.length, new int[0], 0, 0, 3, items, new float[3]);
        assertThat(n).isEqualTo(3);
        assertThat(items).containsExactly(1, 2, 4);
    }

    @Test
    void skipsMaskedItemsEvenWhenTheyScoreHighest() {
        float[] scores = {9f, 1f, 8f, 2f, 7f, 3f};
        int[] items = new int[2];
        int[] mask = {-1, 0, 2, 2, 99}; // out-of-range and duplicate entries are tolerated
        int n = TopK.select(scores, 0, scores.length, mask, 0, mask.length, 2, items, new float[2]);
        assertThat(n).isEqualTo(2);
        assertThat(items).containsExactly(4, 5);
    }

    @Test
    void readsOnlyTheGivenMaskSlice() {
        float[] scores = {9f, 8f, 7f};
        int[] mask = {0, 1, 2};
        int[] items = new int[3];
        int n = TopK.select(scores, 0, 3, mask, 1, 2, 3, items, new float[3]);
        assertThat(Arrays.copyOf(items, n)).containsExactly(0, 2);
    }

    @Test
    void returnsFewerThanKWhenCandidatesRunOut() {
        float[] scores = {0.5f, Float.NaN, -1f, 2f};
        int[] items = new int[10];
        int n = TopK.select(scores, 0, 4, new int[] {3}, 0, 1, 10, items, new float[10]);
        assertThat(n).isEqualTo(2);
        assertThat(Arrays.copyOf(items, n)).containsExactly(0, 2);
    }

    @Test
    void ordersSignedZerosInfinitiesAndNegativesLikeFloatComparison() {
        float[] scores = {-0.0f, 0.0f, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1e-30f};
        int[] items = new int[6];
        float[] sc = new float[6];
        int n = TopK.select(scores, 0, 6, new int[0], 0, 0, 6, items, sc, new long[6]);
        assertThat(n).isEqualTo(6);
        // -0.0 and 0.0 tie, so the smaller id (0) comes first.
        assertThat(items).containsExactly(4, 0, 1, 5, 2, 3);
        assertThat(sc[0]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void packedKeyRoundTripsScoreAndLargeIds() {
        long key = TopK.key(-3.25f, 63_000);
        assertThat(TopK.scoreOf(key)).isEqualTo(-3.25f);
        assertThat(TopK.itemOf(key)).isEqualTo(63_000);
        assertThat(TopK.key(1f, 5)).isGreaterThan(TopK.key(1f, 6)).isLessThan(TopK.key(1.0000001f, 900));
    }

    @Test
    void rejectsOutputBuffersShorterThanK() {
        assertThatThrownBy(() -> TopK.select(new float[4], 0, 4, new int[0], 0, 0, 3, new int[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k=3").hasMessageContaining("items 2");
    }
}
