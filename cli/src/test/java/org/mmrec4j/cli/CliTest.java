package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/** The command line end to end on the demo data, and its answers to bad input. */
class CliTest {
    @TempDir
    static Path shared;
    static Path demo;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 5);
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainWritesARunFolderAndPrintsTheMetricsTable(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        Result r = run("train", "--model", "LightGCN", "--data", demo.toString(), "--out", out.toString(),
                "--set", "epochs=2", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recall", "ndcg", "precision", "map", "@20").contains("best epoch")
                .as("no \"selected\" without a choice").doesNotContain("selected");
        assertThat(out.resolve("metrics.json")).exists();
        assertThat(out.resolve("config.resolved.yaml")).content().contains("epochs: 2");
    }

    @Test
    void aGridTrainSaysWhichConfigurationItSelected(@TempDir Path tmp) {
        Result r = run("train", "--model", "BPR", "--data", demo.toString(), "--out", tmp.resolve("grid").toString(),
                "--set", "epochs=1", "--grid", "--set", "reg_weight=[0.001,0.01]", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("selected \\{.*reg_weight=0\\.0+1.*\\} of 2 configurations");
    }

    @Test
    void malformedInterFileNamesFileLineAndFixAndLeavesNoRunFolder(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("bad.inter"), "userID\titemID\trating\ttimestamp\tx_label\n0\t1\t1\t0\t0\n1\t2\t1\t0\n");
        Path out = tmp.resolve("run");
        Result r = run("train", "--model", "BPR", "--data", bad.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.inter").contains("line 3").contains("Fix:").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownModelAndMisspeltKeyGetHelpfulErrors() {
        Result model = run("train", "--model", "LightGNC", "--data", demo.toString());
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err()).contains("unknown model").contains("LightGCN");
        Result key = run("train", "--model", "BPR", "--data", demo.toString(), "--set", "reg_wieght=0.1");
        assertThat(key.code()).isEqualTo(2);
        assertThat(key.err()).contains("reg_wieght").contains("did you mean reg_weight");
    }

    @Test
    void missingDatasetFolderIsAClearError(@TempDir Path tmp) {
        Result r = run("train", "--model", "BPR", "--data", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope").contains("Fix:");
    }

    @Test
    void dataImportWritesAnMmrecFolderThatTrainingReads(@TempDir Path tmp) throws Exception {
        StringBuilder csv = new StringBuilder("user,item,stars,time\n");
        for (int u = 0; u < 12; u++) {
            for (int i = 0; i < 8; i++) csv.append("u").append(u).append(",i").append((u + i) % 10).append(",").append(3 + i % 3).append(",").append(1000 + i).append('\n');
        }
        Files.writeString(tmp.resolve("log.csv"), csv.toString());
        Path out = tmp.resolve("shop");
        Result r = run("data", "import", "--input", tmp.resolve("log.csv").toString(), "--out", out.toString(),
                "--user", "user", "--item", "item", "--rating", "stars", "--timestamp", "time", "--split", "USER_TIME");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("12 users, 10 items, train 72, valid 12, test 12");
        assertThat(out.resolve("shop.inter")).exists();
        assertThat(out.resolve("u_id_mapping.csv")).exists();
        Result t = run("train", "--model", "BPR", "--data", out.toString(), "--out", tmp.resolve("run").toString(), "--set", "epochs=1");
        assertThat(t.code()).as(t.err()).isZero();
    }

    @Test
    void dataImportReadsJsonLinesWritesStatsAndPlotsAndHoldsOutColdItems(@TempDir Path tmp) throws Exception {
        StringBuilder json = new StringBuilder();
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 6; k++) {
                json.append("{\"reviewerID\": \"U").append(u).append("\", \"asin\": \"B").append((u * 7 + k * 3) % 20)
                        .append("\", \"overall\": ").append(k == 5 ? "null" : "5.0").append(", \"unixReviewTime\": ").append(100 + k).append("}\n");
            }
        }
        Files.writeString(tmp.resolve("reviews.json"), json.toString());
        Path out = tmp.resolve("fashion");
        Result r = run("data", "import", "--input", tmp.resolve("reviews.json").toString(), "--out", out.toString(),
                "--user", "reviewerID", "--item", "asin", "--rating", "overall", "--min-rating", "4", "--timestamp",
                "unixReviewTime", "--kcore", "2", "--split", "ITEM_COLD", "--ratios", "0.8,0.1,0.1", "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("read 180 rows (dropped: 30 missing value").contains("eval_cold_items=true");
        for (String f : new String[] {"fashion.inter", "u_id_mapping.csv", "i_id_mapping.csv", "stats.md", "stats.json",
                "user_degree.png", "user_degree.svg", "item_degree.png", "item_degree.svg"}) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(Files.readString(out.resolve("stats.json"))).contains("\"items_without_train_rows\" : 4");
        Result t = run("train", "--model", "BPR", "--data", out.toString(), "--out", tmp.resolve("run").toString(),
                "--set", "epochs=1", "--set", "eval_cold_items=true");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(Files.readString(tmp.resolve("run").resolve("metrics.json"))).contains("cold_recall@20");
    }

    @Test
    void dataImportErrorsAreOneLineAndLeaveNoFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("log.csv"), "userId,movieId,rating\n1,2,5\n1,3,x\n");
        Path out = tmp.resolve("out");
        Result missing = run("data", "import", "--input", tmp.resolve("log.csv").toString(), "--out", out.toString(),
                "--user", "userId", "--item", "movieid");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("no item column 'movieid'")
                .contains("did you mean 'movieId'");
        Result nonNumeric = run("data", "import", "--input", tmp.resolve("log.csv").toString(), "--out", out.toString(),
                "--user", "userId", "--item", "movieId", "--rating", "rating", "--min-rating", "4");
        assertThat(nonNumeric.err()).contains("log.csv line 3: non-numeric rating 'x'");
        Result core = run("data", "import", "--input", tmp.resolve("log.csv").toString(), "--out", out.toString(),
                "--user", "userId", "--item", "movieId");
        assertThat(core.code()).isEqualTo(2);
        assertThat(core.err()).contains("no rows left after the iterative k-core").contains("lower");
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("log.csv");
        }
    }

    @Test
    void modelsListsEveryModel() {
        Result r = run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("BPR").contains("LightGCN").contains("interactions only");
    }
}
