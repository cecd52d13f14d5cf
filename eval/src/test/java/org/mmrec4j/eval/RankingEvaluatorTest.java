package org.mmrec4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Rng;

class RankingEvaluatorTest {

    /** Scores so that each listed user's ranking comes out exactly as given; other items score below 0. */
    private static Scorer ranked(int numItems, Map<Integer, int[]> rankings) {
        return (users, out) -> {
            for (int r = 0; r < users.length; r++) {
                for (int i = 0; i < numItems; i++) out[r * numItems + i] = -1 - i;
                int[] list = rankings.getOrDefault(users[r], new int[0]);
                for (int pos = 0; pos < list.length; pos++) out[r * numItems + list[pos]] = 1000 - pos;
            }
        };
    }

    private static Scorer random(int numItems, long seed, int levels) {
        return (users, out) -> {
            for (int r = 0; r < users.length; r++) {
                Rng rng = new Rng(seed).split(users[r]);
                for (int i = 0; i < numItems; i++) out[r * numItems + i] = rng.nextInt(levels);
            }
        };
    }

    /** spec/protocol.md §6.3: user A has T = {2, 7}, H = 1 0 1 0 0; user B has n = 6, H = 1 0 0 1 1. */
    @Test
    void reproducesTheWorkedExampleTable() {
        int numItems = 20;
        EvalSet set = EvalSet.of(2, numItems, new int[0], new int[0],
                new int[] {0, 0, 1, 1, 1, 1, 1, 1}, new int[] {2, 7, 10, 11, 12, 13, 14, 15});
        Scorer scorer = ranked(numItems, Map.of(0, new int[] {7, 1, 2, 3, 4}, 1, new int[] {10, 0, 1, 11, 12}));
        EvalResult res = RankingEvaluator.evaluate(scorer, set, new int[] {1, 3, 5}, 1024);

        // {A, B, mean} per metric and cutoff, copied from the spec table.
        Object[][] table = {
            {Metric.RECALL, 1, 0.5, 0.166667, 0.333333},
            {Metric.RECALL, 3, 1.0, 0.166667, 0.583333},
            {Metric.RECALL, 5, 1.0, 0.5, 0.75},
            {Metric.PRECISION, 1, 1.0, 1.0, 1.0},
            {Metric.PRECISION, 3, 0.666667, 0.333333, 0.5},
            {Metric.PRECISION, 5, 0.4, 0.6, 0.5},
            {Metric.NDCG, 1, 1.0, 1.0, 1.0},
            {Metric.NDCG, 3, 0.919721, 0.469279, 0.6945},
            {Metric.NDCG, 5, 0.919721, 0.616434, 0.768077},
            {Metric.MAP, 1, 1.0, 1.0, 1.0},
            {Metric.MAP, 3, 0.833333, 0.333333, 0.583333},
            {Metric.MAP, 5, 0.833333, 0.42, 0.626667},
            {Metric.HIT, 1, 1.0, 1.0, 1.0},
            {Metric.HIT, 3, 1.0, 1.0, 1.0},
            {Metric.HIT, 5, 1.0, 1.0, 1.0},
        };
        for (Object[] row : table) {
            Metric m = (Metric) row[0];
            int k = (Integer) row[1];
            double[] perUser = res.perUser(m, k);
            assertThat(perUser[0]).as("%s A", m.key(k)).isCloseTo((Double) row[2], within(1e-6));
            assertThat(perUser[1]).as("%s B", m.key(k)).isCloseTo((Double) row[3], within(1e-6));
            assertThat(res.get(m.key(k))).as("%s mean", m.key(k)).isCloseTo((Double) row[4], within(1e-6));
        }
        assertThat(res.raw()).hasSize(15);
        assertThat(res.raw().keySet()).startsWith("recall@1", "recall@3", "recall@5", "ndcg@1");
        assertThat(res.numUsers()).isEqualTo(2);
    }

    @Test
    void equalScoresRankTheSmallerItemIdFirst() {
        // All scores equal: the top-1 is item 0, so only a held-out item 0 is a hit.
        Scorer flat = (users, out) -> Arrays.fill(out, 0, users.length * 5, 0.25f);
        EvalSet set = EvalSet.of(2, 5, new int[0], new int[0], new int[] {0, 1}, new int[] {0, 1});
        EvalResult res = RankingEvaluator.evaluate(flat, set, new int[] {1, 2}, 8);
        assertThat(res.perUser(Metric.HIT, 1)).containsExactly(1.0, 0.0);
        assertThat(res.perUser(Metric.NDCG, 2)[1]).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
    }

    @Test
    void masksTrainItemsOnlySoAValidationItemStaysACandidateAndMisses() {
        // User 0: train item 0, validation item 1, test item 2; scores rank 0 > 1 > 2 > 3.
        int numItems = 4;
        Scorer scorer = ranked(numItems, Map.of(0, new int[] {0, 1, 2, 3}));
        EvalSet test = EvalSet.of(1, numItems, new int[] {0}, new int[] {0}, new int[] {0}, new int[] {2});
        EvalResult res = RankingEvaluator.evaluate(scorer, test, new int[] {1, 2}, 16);
        // Item 0 is skipped; item 1 (validation) takes rank 1 and is a miss; item 2 is at rank 2.
        assertThat(res.get("hit@1")).isEqualTo(0.0);
        assertThat(res.get("recall@2")).isEqualTo(1.0);
        assertThat(res.get("precision@2")).isEqualTo(0.5);
        assertThat(res.get("map@2")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void duplicatedHeldOutItemsCountTwiceInTheDenominator() {
        EvalSet set = EvalSet.of(1, 6, new int[0], new int[0], new int[] {0, 0}, new int[] {3, 3});
        Scorer scorer = ranked(6, Map.of(0, new int[] {3, 0, 1}));
        EvalResult res = RankingEvaluator.evaluate(scorer, set, new int[] {1, 5}, 4);
        assertThat(res.get("recall@5")).isEqualTo(0.5);
        assertThat(res.get("map@5")).isCloseTo(0.5, within(1e-12));
        double idcg2 = 1 + 1 / (Math.log(3) / Math.log(2));
        assertThat(res.get("ndcg@5")).isCloseTo(1 / idcg2, within(1e-12));
        assertThat(res.get("ndcg@1")).isEqualTo(1.0);
    }

    @Test
    void usersWithFewerCandidatesThanKCountRanksPastTheEndAsMisses() {
        // 4 items, 2 masked: only 2 candidates for K = 5.
        EvalSet set = EvalSet.of(1, 4, new int[] {0, 0}, new int[] {0, 1}, new int[] {0, 0}, new int[] {2, 3});
        EvalResult res = RankingEvaluator.evaluate(ranked(4, Map.of()), set, new int[] {5}, 1);
        assertThat(res.get("recall@5")).isEqualTo(1.0);
        assertThat(res.get("precision@5")).isCloseTo(0.4, within(1e-12));
        assertThat(res.get("ndcg@5")).isCloseTo(1.0, within(1e-12));
        assertThat(res.get("map@5")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void averagesOverAllEvaluationUsersIncludingThoseWithoutHits() {
        EvalSet set = EvalSet.of(3, 5, new int[0], new int[0], new int[] {0, 1, 2}, new int[] {0, 4, 4});
        EvalResult res = RankingEvaluator.evaluate(ranked(5, Map.of(0, new int[] {0})), set, new int[] {1}, 2);
        assertThat(res.get("recall@1")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(res.perUser(Metric.RECALL, 1)).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void scoresUsersInBlocksInFirstAppearanceOrder() {
        List<Integer> seen = new ArrayList<>();
        List<Integer> blockSizes = new ArrayList<>();
        Scorer recording = (users, out) -> {
            blockSizes.add(users.length);
            for (int u : users) seen.add(u);
            Arrays.fill(out, 0, users.length * 3, 0f);
        };
        EvalSet set = EvalSet.of(5, 3, new int[0], new int[0], new int[] {4, 1, 4, 3, 0}, new int[] {0, 1, 2, 0, 0});
        RankingEvaluator.evaluate(recording, set, new int[] {1}, 2);
        assertThat(seen).containsExactly(4, 1, 3, 0);
        assertThat(blockSizes).containsExactly(2, 2);
    }

    @Test
    void identicalResultsWithOneAndTwoThreads() {
        EvalSet set = randomSet(new Rng(7), 700, 150);
        Scorer scorer = random(150, 11, 20);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            EvalResult one = RankingEvaluator.evaluate(scorer, set, RankingEvaluator.DEFAULT_KS, 97);
            Parallel.setThreads(2);
            EvalResult two = RankingEvaluator.evaluate(scorer, set, RankingEvaluator.DEFAULT_KS, 97);
            assertThat(two.raw()).isEqualTo(one.raw());
            for (Metric m : Metric.values()) {
                for (int k : RankingEvaluator.DEFAULT_KS) assertThat(two.perUser(m, k)).containsExactly(one.perUser(m, k));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void matchesANaiveFullSortReferenceOnRandomData() {
        for (int seed = 0; seed < 20; seed++) {
            Rng rng = new Rng(seed);
            int numItems = 20 + rng.nextInt(80);
            EvalSet set = randomSet(rng, 30 + rng.nextInt(100), numItems);
            Scorer scorer = random(numItems, seed, 2 + rng.nextInt(10));
            int[] ks = {1, 3, 10, 25};
            EvalResult res = RankingEvaluator.evaluate(scorer, set, ks, 1 + rng.nextInt(40));
            Map<String, Double> expected = naive(scorer, set, ks);
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertThat(res.get(e.getKey())).as("seed %d %s", seed, e.getKey()).isCloseTo(e.getValue(), within(1e-12));
            }
        }
    }

    /** Random train and eval rows, duplicates allowed, some eval items also in train. */
    private static EvalSet randomSet(Rng rng, int numUsers, int numItems) {
        int nTrain = numUsers * 5;
        int nEval = numUsers * 2;
        int[] tu = new int[nTrain], ti = new int[nTrain], eu = new int[nEval], ei = new int[nEval];
        for (int j = 0; j < nTrain; j++) {
            tu[j] = rng.nextInt(numUsers);
            ti[j] = rng.nextInt(numItems);
        }
        for (int j = 0; j < nEval; j++) {
            eu[j] = rng.nextInt(numUsers);
            ei[j] = rng.nextInt(numItems);
        }
        return EvalSet.of(numUsers, numItems, tu, ti, eu, ei);
    }

    /** The §6.2 formulas applied literally to a fully sorted candidate list. */
    private static Map<String, Double> naive(Scorer scorer, EvalSet set, int[] ks) {
        int numItems = set.numItems();
        int[] users = set.users();
        float[] all = new float[users.length * numItems];
        scorer.score(users, all);
        Map<String, Double> sums = new HashMap<>();
        for (int row = 0; row < users.length; row++) {
            Set<Integer> masked = new HashSet<>();
            for (int i : set.maskedItems(row)) masked.add(i);
            Set<Integer> pos = new HashSet<>();
            for (int i : set.positives(row)) pos.add(i);
            int n = set.positiveCount(row);
            final int base = row * numItems;
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < numItems; i++) if (!masked.contains(i)) list.add(i);
            list.sort(Comparator.<Integer>comparingDouble(i -> -all[base + i]).thenComparingInt(i -> i));
            for (int k : ks) {
                double h = 0, dcg = 0, ap = 0, idcg = 0;
                for (int r = 1; r <= k; r++) {
                    boolean hit = r <= list.size() && pos.contains(list.get(r - 1));
                    if (hit) {
                        h++;
                        dcg += 1 / (Math.log(r + 1) / Math.log(2));
                        ap += h / r;
                    }
                }
                for (int r = 1; r <= Math.min(n, k); r++) idcg += 1 / (Math.log(r + 1) / Math.log(2));
                sums.merge(Metric.RECALL.key(k), h / n, Double::sum);
                sums.merge(Metric.PRECISION.key(k), h / k, Double::sum);
                sums.merge(Metric.NDCG.key(k), dcg / idcg, Double::sum);
                sums.merge(Metric.MAP.key(k), ap / Math.min(n, k), Double::sum);
                sums.merge(Metric.HIT.key(k), h > 0 ? 1.0 : 0.0, Double::sum);
            }
        }
        sums.replaceAll((k, v) -> v / users.length);
        return sums;
    }
}
