package org.mmrec4j.data.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.engine.Rng;

class BprSamplerTest {
    // 4 users, training items 0..5; item 6 and 7 exist only outside training
    private final Interactions train = new Interactions(
            new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3},
            new int[] {0, 1, 2, 3, 4, 0, 2, 4, 5, 1, 1});

    @Test
    void epochCoversEveryRowOnceInBatchesOfTheRightSize() {
        BprSampler s = new BprSampler(train, 4, 4, true, new Rng(3));
        List<Batch> epoch = s.nextEpoch();
        assertThat(epoch).extracting(Batch::size).containsExactly(4, 4, 3);
        long[] seen = epoch.stream().flatMapToLong(b -> {
            long[] k = new long[b.size()];
            for (int i = 0; i < k.length; i++) k[i] = b.users()[i] * 100L + b.positives()[i];
            return Arrays.stream(k);
        }).sorted().toArray();
        long[] expected = new long[train.size()];
        for (int r = 0; r < expected.length; r++) expected[r] = train.user(r) * 100L + train.item(r);
        Arrays.sort(expected);
        assertThat(seen).containsExactly(expected);
    }

    @Test
    void negativesComeFromTrainingItemsAndAvoidTheUsersOwn() {
        BprSampler s = new BprSampler(train, 4, 2048, true, new Rng(5));
        UserItemIndex idx = train.byUser(4);
        int[] hits = new int[8];
        for (int e = 0; e < 300; e++) {
            Batch b = s.nextEpoch().get(0);
            for (int i = 0; i < b.size(); i++) {
                assertThat(idx.contains(b.users()[i], b.negatives()[i])).isFalse();
                hits[b.negatives()[i]]++;
            }
        }
        assertThat(hits[6] + hits[7]).isZero();
        for (int item = 0; item < 6; item++) assertThat(hits[item]).as("item %d", item).isPositive();
    }

    @Test
    void allItemsPoolCanDrawItemsNeverSeenInTraining() {
        BprSampler s = new BprSampler(train, 4, 8, 2048, true, NegativePool.ALL_ITEMS, new Rng(5));
        int unseen = 0;
        for (int e = 0; e < 100; e++) {
            for (int n : s.nextEpoch().get(0).negatives()) if (n >= 6) unseen++;
        }
        assertThat(unseen).isPositive();
    }

    @Test
    void sameRngGivesSameEpochsAndNoNegativesWhenOff() {
        List<Batch> a = new BprSampler(train, 4, 3, true, new Rng(9)).nextEpoch();
        List<Batch> b = new BprSampler(train, 4, 3, true, new Rng(9)).nextEpoch();
        for (int k = 0; k < a.size(); k++) {
            assertThat(a.get(k).users()).containsExactly(b.get(k).users());
            assertThat(a.get(k).negatives()).containsExactly(b.get(k).negatives());
        }
        assertThat(new BprSampler(train, 4, 3, false, new Rng(9)).nextEpoch().get(0).negatives()).isNull();
    }

    @Test
    void userWithEveryItemCannotBeSampled() {
        Interactions full = new Interactions(new int[] {0, 0, 1}, new int[] {0, 1, 0});
        BprSampler s = new BprSampler(full, 2, 2, true, new Rng(1));
        assertThatThrownBy(() -> s.negative(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every candidate item");
        assertThat(s.negative(1)).isEqualTo(1);
    }
}
