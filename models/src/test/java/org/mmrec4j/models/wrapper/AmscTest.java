package org.mmrec4j.models.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AmscTest {
    // Five items, 2-d unit features: items 0–2 point along x, item 3 along y, item 4 halfway.
    private static final float H = (float) Math.sqrt(0.5);
    private static final float[] TEXT = {1, 0, 1, 0, 1, 0, 0, 1, H, H};
    private static final float[] IMAGE = {1, 0, 1, 0, 1, 0, 0, 1, H, H};

    @Test
    void scoresAreTheMeanCalibratedSimilarityToTheUsersOtherItems() {
        // User 0: items {0, 1, 3}; user 1: {2, 4}; user 2: {1} (no other item).
        int[] offsets = {0, 3, 5, 6};
        int[] items = {0, 1, 3, 2, 4, 1};
        float[] conf = {1, 1, 1, 0.5f, 1};
        double[] s = Amsc.scores(offsets, items, List.of(TEXT, IMAGE), new int[] {2, 2}, conf);
        // score(0, 0) = ½[S(0,1) + S(0,3)] = ½[1·1·1 + 1·0.5·0] = 0.5; score(0, 1) the same.
        assertThat(s[0]).isCloseTo(0.5, within(1e-6));
        assertThat(s[1]).isCloseTo(0.5, within(1e-6));
        // score(0, 3) = ½[S(3,0) + S(3,1)] = 0: item 3 disagrees with everything else the user has.
        assertThat(s[2]).isCloseTo(0, within(1e-6));
        // score(1, 2) = S(2, 4) = cos 45° ≈ 0.7071.
        assertThat(s[3]).isCloseTo(H, within(1e-6));
        assertThat(s[5]).isInfinite();
    }

    @Test
    void theLowestQuantileIsFlaggedNoisy() {
        int[] offsets = {0, 3, 5, 6};
        int[] items = {0, 1, 3, 2, 4, 1};
        float[] conf = {1, 1, 1, 0.5f, 1};
        // Finite scores sorted: 0, 0.5, 0.5, 0.707, 0.707; q = 0.3 → θ = sorted[floor(0.3·4)] = 0.5: only score 0 is below.
        boolean[] noisy = Amsc.noisyEdges(offsets, items, List.of(TEXT, IMAGE), new int[] {2, 2}, conf, 0.3);
        assertThat(noisy).containsExactly(false, false, true, false, false, false);
    }

    @Test
    void oneModalityWithUnitConfidenceUsesThatModalityAlone() {
        int[] offsets = {0, 3};
        int[] items = {0, 3, 4};
        float[] ones = {1, 1, 1, 1, 1};
        double[] s = Amsc.scores(offsets, items, List.of(TEXT), new int[] {2}, ones);
        // score(0) = ½[cos(0,3) + cos(0,4)] = ½[0 + 0.7071]; score(3) = ½[0 + 0.7071]; score(4) = ½[0.7071 + 0.7071].
        assertThat(s[0]).isCloseTo(H / 2, within(1e-6));
        assertThat(s[1]).isCloseTo(H / 2, within(1e-6));
        assertThat(s[2]).isCloseTo(H, within(1e-6));
    }

    @Test
    void unitRowsKeepZeroRowsZero() {
        float[] u = Amsc.unitRows(new float[] {3, 4, 0, 0}, 2, 2);
        assertThat(u).containsExactly(0.6f, 0.8f, 0f, 0f);
    }
}
