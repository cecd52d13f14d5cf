package org.mmrec4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmrec4j.plot.Chart;
import org.mmrec4j.train.RunFolder;

/** The per-epoch charts of report.md: coloured by model, seeds as thin lines, a log loss axis when models differ by decades. */
class ReportChartsTest {
    private static RunRecord run(String model, long seed, double firstLoss, double lastLoss) {
        List<RunFolder.LoggedEpoch> log = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            double loss = firstLoss + (lastLoss - firstLoss) * e / 4;
            log.add(new RunFolder.LoggedEpoch(e, loss, 0.1, e % 2 == 0 ? 0.1 + 0.01 * e : Double.NaN));
        }
        return new RunRecord(Path.of("runs", model, "seed-" + seed), model, "demo", seed, 4, 5, 0.1, 0.01, Map.of(), Map.of(), log, null);
    }

    @Test
    void seedsOfAModelShareItsColourAndTheLegendNamesEachModelOnce() {
        List<RunRecord> runs = List.of(run("BPR", 1, 7.6, 6.1), run("LightGCN", 1, 7.6, 2.5), run("BPR", 2, 7.6, 6.0),
                run("LightGCN", 2, 7.6, 2.6));
        Report.EpochCharts charts = Report.EpochCharts.of(runs, Report.labels(runs));
        for (Chart c : List.of(charts.loss(), charts.valid())) {
            assertThat(c.groups()).containsExactly("BPR", "LightGCN");
            assertThat(c.seriesList()).extracting(Chart.Series::name).containsExactly("BPR s1", "LightGCN s1", "BPR s2", "LightGCN s2");
            assertThat(c.seriesList()).extracting(Chart.Series::group).containsExactly("BPR", "LightGCN", "BPR", "LightGCN");
            assertThat(c.color("BPR")).isNotEqualTo(c.color("LightGCN"));
        }
        assertThat(charts.loss().usesLogY()).as("7.6 down to 2.5 is within 10x").isFalse();
    }

    @Test
    void aReportUsesTheRunsOwnTopkWhenItLacksRecallAt20(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, Double> test = Map.of("recall@1", 0.05, "recall@2", 0.08, "recall@5", 0.17, "ndcg@1", 0.05, "ndcg@2", 0.07,
                "ndcg@5", 0.14);
        RunRecord fashion = new RunRecord(dir.resolve("run"), "VBPR", "fashion", 999, 2, 3, 0.7, 0.01, test, test,
                run("VBPR", 999, 7, 5).log(), null);
        assertThat(Report.cutoffs(List.of(fashion))).containsExactly(1, 2, 5);
        Report.write(List.of(fashion), dir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(dir.resolve("report.md")).content().contains("| valid R@5 | test R@5 | test N@5 |").contains("| 0.1700 |");
        assertThat(dir.resolve("plots/test_recall_at_k.png")).exists();
    }

    @Test
    void theLossAxisIsLogarithmicWhenOneModelsLossIsDecadesAboveAnothers() {
        List<RunRecord> runs = List.of(run("FREEDOM", 1, 900, 300), run("LightGCN", 1, 7.6, 0.9));
        assertThat(Report.EpochCharts.of(runs, Report.labels(runs)).loss().usesLogY()).isTrue();
    }
}
