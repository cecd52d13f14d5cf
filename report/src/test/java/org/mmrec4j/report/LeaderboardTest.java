package org.mmrec4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmrec4j.train.RunFolder;

/** Mean ± std, bold best, and the paired tests on hand-built runs. */
class LeaderboardTest {
    private static RunRecord run(String model, long seed, double r20, double[] perUser) {
        Map<String, Double> test = new LinkedHashMap<>();
        for (String c : Leaderboard.COLUMNS) test.put(c, c.equals("recall@20") ? r20 : 0.1);
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("recall@20", perUser);
        int[] users = new int[perUser.length];
        for (int i = 0; i < users.length; i++) users[i] = i;
        return new RunRecord(Path.of(model + seed), model, "toy", seed, 3, 5, 0.5, 0.1, test, test, List.of(),
                new RunFolder.PerUser(users, new int[users.length], cols));
    }

    @Test
    void meanStdBoldAndTestsAgainstTheBest() {
        double[] good = new double[30], bad = new double[30];
        for (int i = 0; i < 30; i++) {
            good[i] = 0.5 + (i % 5) * 0.1;
            bad[i] = good[i] - 0.2 - (i % 3) * 0.05;
        }
        List<RunRecord> runs = List.of(run("A", 1, 0.30, bad), run("B", 1, 0.50, good), run("A", 2, 0.32, bad), run("B", 2, 0.54, good));
        Leaderboard board = Leaderboard.of(runs);
        assertThat(board.best()).isEqualTo("B");
        Leaderboard.Row a = board.rows().get(0);
        assertThat(a.meanStd().get("recall@20")[0]).isEqualTo(0.31, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(a.meanStd().get("recall@20")[1]).isEqualTo(Math.sqrt(0.0002), org.assertj.core.api.Assertions.within(1e-12));
        // Every user is worse under A: both tests reject strongly; the exact Wilcoxon p is 2/2^30.
        assertThat(a.tTest().p()).isLessThan(1e-10);
        assertThat(a.wilcoxon().p()).isEqualTo(2 / Math.pow(2, 30), org.assertj.core.api.Assertions.within(1e-20));
        String md = board.markdown();
        // Ties are bold in every tied row.
        assertThat(md).contains("| toy | B | 2 | **0.1000 ± 0.0000** | **0.5200 ± 0.0283** |");
        assertThat(md).contains("| toy | A | 2 |").contains("0.3100 ± 0.0141");
        assertThat(md).doesNotContain("**0.3100");
    }

    @Test
    void degreeGroupsNeverSplitADegree() {
        // Five users of degree 3 must share a group; of the remaining cuts, 4-5 | 9 9 | 20 is the most equal.
        int[] degree = {3, 3, 3, 3, 3, 4, 5, 9, 9, 20};
        assertThat(Report.DegreeBreakdown.groupBounds(degree, 4)).containsExactly(3, 3, 5, 9, 20);
        assertThat(Report.DegreeBreakdown.groupBounds(new int[] {8, 7, 6, 5, 4, 3, 2, 1}, 4)).containsExactly(1, 2, 4, 6, 8);
        assertThat(Report.DegreeBreakdown.groupBounds(new int[] {2, 2, 7, 7}, 4)).containsExactly(2, 2, 7);
    }

    @Test
    void degreeGroupsAreAsEqualAsTheTiesAllow() {
        // 25 users of degree 1 and 2, 10 of degree 3, 39 of degree 4, one of degree 5: the quantile rule put the
        // 3/4 cut after degree 4, leaving a last group of one user (25/25/49/1); the most equal cut is 25/25/10/40.
        int[] degree = new int[100];
        int i = 0;
        for (int[] dc : new int[][] {{1, 25}, {2, 25}, {3, 10}, {4, 39}, {5, 1}}) for (int c = 0; c < dc[1]; c++) degree[i++] = dc[0];
        assertThat(Report.DegreeBreakdown.groupBounds(degree, 4)).containsExactly(1, 1, 2, 3, 5);
        // Against brute force over every cut of random tied degrees: no other cut is more equal.
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int[] d = new int[5 + rnd.nextInt(60)];
            for (int k = 0; k < d.length; k++) d[k] = 1 + (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 9);
            int groups = 2 + rnd.nextInt(4);
            int[] b = Report.DegreeBreakdown.groupBounds(d, groups);
            assertThat(cost(d, b, groups)).isLessThanOrEqualTo(bruteForceBest(d, groups) + 1e-9);
        }
    }

    /** Sum of squared differences of group sizes from n / groups, for bounds as groupBounds returns them. */
    private static double cost(int[] degree, int[] bounds, int groups) {
        double target = (double) degree.length / groups, c = 0;
        for (int g = 0; g + 1 < bounds.length; g++) {
            int lo = g == 0 ? Integer.MIN_VALUE : bounds[g], hi = bounds[g + 1];
            long size = java.util.Arrays.stream(degree).filter(x -> x > lo && x <= hi).count();
            assertThat(size).as("group %s of %s is empty", g, java.util.Arrays.toString(bounds)).isPositive();
            c += (size - target) * (size - target);
        }
        return c;
    }

    private static double bruteForceBest(int[] degree, int groups) {
        int[] values = java.util.Arrays.stream(degree).distinct().sorted().toArray();
        int k = Math.min(groups, values.length);
        double best = Double.POSITIVE_INFINITY;
        // every choice of k - 1 cut positions among the values.length - 1 gaps between distinct degrees
        for (int mask = 0; mask < 1 << (values.length - 1); mask++) {
            if (Integer.bitCount(mask) != k - 1) continue;
            int[] bounds = new int[k + 1];
            bounds[0] = values[0];
            int g = 1;
            for (int j = 0; j < values.length - 1; j++) if ((mask >> j & 1) == 1) bounds[g++] = values[j];
            bounds[k] = values[values.length - 1];
            best = Math.min(best, cost(degree, bounds, groups));
        }
        return best;
    }
}
