package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Rng;

class NoiseInjectionTest {
    private static final int USERS = 30, ITEMS = 25;

    /** 150 train, 30 valid, 30 test rows; distinct pairs, every user in every split. */
    private static Dataset dataset() {
        Rng rng = new Rng(4);
        Set<Long> used = new HashSet<>();
        int[][] u = new int[3][], i = new int[3][];
        int[] perUser = {5, 1, 1};
        for (int s = 0; s < 3; s++) {
            u[s] = new int[USERS * perUser[s]];
            i[s] = new int[u[s].length];
            for (int r = 0; r < u[s].length; r++) {
                int user = r / perUser[s], item;
                do item = rng.nextInt(ITEMS); while (!used.add((long) user * ITEMS + item));
                u[s][r] = user;
                i[s][r] = item;
            }
        }
        return Dataset.of("toy", new Interactions(u[0], i[0]), new Interactions(u[1], i[1]), new Interactions(u[2], i[2]),
                FeatureSet.empty());
    }

    private static Set<Long> keys(Interactions s) {
        Set<Long> k = new HashSet<>();
        for (int r = 0; r < s.size(); r++) k.add((long) s.user(r) * ITEMS + s.item(r));
        return k;
    }

    @Test
    void addsExactlyRatioTimesTrainRowsToTrainOnly() {
        Dataset d = dataset();
        NoiseInjection.Result r = NoiseInjection.inject(d, 0.2, 7);
        assertThat(r.added()).isEqualTo(30);
        Dataset noisy = r.dataset();
        assertThat(noisy.train().size()).isEqualTo(180);
        // the original rows stay first and unchanged; the added ones follow in draw order
        assertThat(java.util.Arrays.copyOf(noisy.train().users(), 150)).containsExactly(d.train().users());
        assertThat(java.util.Arrays.copyOf(noisy.train().items(), 150)).containsExactly(d.train().items());
        for (int k = 0; k < 30; k++) {
            assertThat(noisy.train().user(150 + k)).isEqualTo(r.users()[k]);
            assertThat(noisy.train().item(150 + k)).isEqualTo(r.items()[k]);
        }
        assertThat(noisy.valid()).isSameAs(d.valid());
        assertThat(noisy.test()).isSameAs(d.test());
        assertThat(noisy.numUsers()).isEqualTo(d.numUsers());
        assertThat(noisy.numItems()).isEqualTo(d.numItems());
        assertThat(NoiseInjection.count(0.3, 10)).isEqualTo(3);
        assertThat(NoiseInjection.count(0.29, 100)).isEqualTo(29);
    }

    @Test
    void addedPairsCollideWithNoSplitAndNotWithEachOther() {
        Dataset d = dataset();
        NoiseInjection.Result r = NoiseInjection.inject(d, 0.6, 11);
        Set<Long> taken = new HashSet<>(keys(d.train()));
        taken.addAll(keys(d.valid()));
        taken.addAll(keys(d.test()));
        Set<Long> added = new HashSet<>();
        for (int k = 0; k < r.added(); k++) {
            long key = (long) r.users()[k] * ITEMS + r.items()[k];
            assertThat(taken).as("pair (%s, %s)", r.users()[k], r.items()[k]).doesNotContain(key);
            assertThat(added.add(key)).as("pair (%s, %s) added twice", r.users()[k], r.items()[k]).isTrue();
        }
        assertThat(added).hasSize(90);
    }

    @Test
    void sameSeedSamePairsOtherSeedOtherPairs() {
        Dataset d = dataset();
        NoiseInjection.Result a = NoiseInjection.inject(d, 0.2, 7), b = NoiseInjection.inject(d, 0.2, 7);
        NoiseInjection.Result c = NoiseInjection.inject(d, 0.2, 8);
        assertThat(a.users()).containsExactly(b.users());
        assertThat(a.items()).containsExactly(b.items());
        assertThat(a.sha256()).isEqualTo(b.sha256()).hasSize(64).isNotEqualTo(c.sha256());
        assertThat(NoiseInjection.sha256(a.users(), a.items())).isEqualTo(a.sha256());
    }

    @Test
    void ratioZeroAddsNothingAndImpossibleRatiosFail() {
        Dataset d = dataset();
        NoiseInjection.Result r = NoiseInjection.inject(d, 0, 7);
        assertThat(r.added()).isZero();
        assertThat(r.dataset().train().users()).containsExactly(d.train().users());
        // 30·25 = 750 pairs, 210 used: 540 free, so 4·150 = 600 cannot fit
        assertThatThrownBy(() -> NoiseInjection.inject(d, 4, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only 540").hasMessageContaining("noise_ratio");
        assertThatThrownBy(() -> NoiseInjection.inject(d, -0.1, 7)).hasMessageContaining("noise_ratio");
    }
}
