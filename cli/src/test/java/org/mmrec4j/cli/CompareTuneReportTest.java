package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/** compare, tune and report end to end on the demo data, including their restarts. */
class CompareTuneReportTest {
    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 3);
    }

    @Test
    void compareWritesLeaderboardAndPlotsAndARestartSkipsFinishedRuns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        String[] args = {"compare", "--data", demo.toString(), "--models", "BPR,LightGCN", "--seeds", "2", "--set", "epochs=3",
                "--threads", "2", "--out", out.toString()};
        CliTest.Result r = CliTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        String board = Files.readString(out.resolve("leaderboard.md"));
        assertThat(board).contains("| Dataset | Model | seeds | Recall@10 | Recall@20 | Recall@50 | NDCG@10 | NDCG@20 | NDCG@50 |");
        assertThat(board).contains("| demo | BPR | 2 |").contains("| demo | LightGCN | 2 |").contains("**").contains("(best)");
        assertThat(board.lines().filter(l -> l.startsWith("| demo") && l.contains("±")).count()).isEqualTo(2);
        List<String> csv = Files.readAllLines(out.resolve("leaderboard.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).contains("recall@20_mean", "recall@20_std", "p_ttest", "p_wilcoxon");
        // The non-best row carries both p-values.
        assertThat(csv.stream().skip(1).filter(l -> !l.endsWith(",,,,,")).count()).isEqualTo(1);
        for (String plot : List.of("train_loss", "valid_recall20", "test_recall_at_k", "test_ndcg_at_k", "recall20_by_degree", "epoch_seconds")) {
            assertThat(out.resolve("plots").resolve(plot + ".png")).isNotEmptyFile();
            assertThat(out.resolve("plots").resolve(plot + ".svg")).content().contains("<svg");
        }
        assertThat(out.resolve("report.md")).content().contains("## Leaderboard").contains("plots/recall20_by_degree.png");
        assertThat(out.resolve("compare.json")).content().contains("\"seeds\"").contains("999");
        try (var files = Files.walk(out)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }

        CliTest.Result again = CliTest.run(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err().split("already finished", -1)).hasSize(5);
        assertThat(again.err()).doesNotContain("epoch 0 training");
        assertThat(Files.readString(out.resolve("leaderboard.md"))).isEqualTo(board);

        // Other settings into the same folder would mix runs under one leaderboard.
        args[8] = "epochs=4";
        CliTest.Result changed = CliTest.run(args);
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err()).contains("other settings").contains("epochs: 3").contains("epochs: 4").contains("Fix:");
    }

    @Test
    void tuneSelectsOnValidationKeepsTestOutOfTheLogAndResumes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("tune");
        CliTest.Result r = CliTest.run("tune", "--model", "BPR", "--data", demo.toString(), "--search", "random", "--trials", "2",
                "--set", "epochs=2", "--threads", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> log = Files.readAllLines(out.resolve("search.csv"));
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).startsWith("trial,seed,reg_weight,").contains("valid_recall@20").doesNotContain("test");
        assertThat(out.resolve("best.yaml")).content().contains("reg_weight:").contains("best of 2 trials by validation");
        assertThat(r.out()).contains("test (selected only)").contains("best config:");

        // A larger budget keeps the first two draws (same seed) and runs only the new one.
        CliTest.Result more = CliTest.run("tune", "--model", "BPR", "--data", demo.toString(), "--search", "random", "--trials", "3",
                "--set", "epochs=2", "--threads", "2", "--out", out.toString());
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.err()).contains("2 already done");
        assertThat(more.err().split("epoch 0 training", -1)).hasSize(2);
        List<String> log3 = Files.readAllLines(out.resolve("search.csv"));
        assertThat(log3).hasSize(4).startsWith(log.toArray(String[]::new));

        // The selected trial is the best by validation among the rows.
        String best = Files.readString(out.resolve("best.yaml"));
        double bestValid = log3.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[5])).max().orElseThrow();
        assertThat(best).contains(String.format(java.util.Locale.ROOT, "= %.4f", bestValid));
    }

    @Test
    void tuneWithAWrapperTunesTheWrappedModel(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("tune", "--model", "VBPR", "--data", demo.toString(), "--search", "random", "--trials", "1",
                "--set", "epochs=1", "--set", "wrapper=guider", "--set", "guider_mode=code_compat", "--threads", "2",
                "--out", tmp.resolve("tune").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("VBPR+GUIDER on demo");
    }

    @Test
    void trainDrawsItsOwnPlotsAndReportReadsRunFolders(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        CliTest.Result t = CliTest.run("train", "--model", "BPR", "--data", demo.toString(), "--out", run.toString(),
                "--set", "epochs=2", "--threads", "2");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(run.resolve("plots/train_loss.png")).as(t.err()).isNotEmptyFile();
        assertThat(run.resolve("test_per_user.csv")).isNotEmptyFile();
        assertThat(run.resolve("report.md")).content().contains("BPR s999");

        CliTest.Result r = CliTest.run("report", run.toString(), "--out", tmp.resolve("rep").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("rep/report.md")).exists();
        assertThat(tmp.resolve("rep/plots/epoch_seconds.svg")).exists();

        CliTest.Result empty = CliTest.run("report", tmp.resolve("rep").resolve("plots").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no finished run");
    }
}
