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
        // Quartile positions 3, 5, 8, 10 of the sorted degrees; the first two are both degree 3, so they merge.
        int[] degree = {3, 3, 3, 3, 3, 4, 5, 9, 9, 20};
        assertThat(Report.DegreeBreakdown.groupBounds(degree, 4)).containsExactly(3, 3, 9, 20);
        assertThat(Report.DegreeBreakdown.groupBounds(new int[] {8, 7, 6, 5, 4, 3, 2, 1}, 4)).containsExactly(1, 2, 4, 6, 8);
    }
}
