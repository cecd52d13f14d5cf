package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/** `mmrec4j recommend` end to end on the demo data, and its one-line answers to bad input. */
class RecommendCommandTest {
    @TempDir
    static Path shared;
    static Path run;

    @BeforeAll
    static void train() {
        Path demo = shared.resolve("demo");
        DemoDataset.generate(demo, 5);
        run = shared.resolve("run");
        CliTest.Result r = CliTest.run("train", "--model", "BPR", "--data", demo.toString(), "--out", run.toString(),
                "--set", "epochs=2", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void recommendAllWritesKRowsPerUserAndExportsEmbeddings(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("topk.csv");
        CliTest.Result r = CliTest.run("recommend", "--run", run.toString(), "--all", "--k", "5", "--out", out.toString(),
                "--threads", "2", "--export-embeddings", tmp.resolve("emb").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + 5 * DemoDataset.NUM_USERS + " recommendations");
        assertThat(Files.readAllLines(out)).hasSize(1 + 5 * DemoDataset.NUM_USERS).first().isEqualTo("user_id,item_id,rank,score");
        assertThat(tmp.resolve("emb/user_emb.npy")).exists();
        assertThat(tmp.resolve("emb/item_ids.txt")).exists();
    }

    @Test
    void unknownUserIdNamesFileAndLineAndLeavesNoOutput(@TempDir Path tmp) throws Exception {
        Path users = tmp.resolve("users.txt");
        Files.writeString(users, "3\n4\nghost\n");
        Path out = tmp.resolve("topk.csv");
        CliTest.Result r = CliTest.run("recommend", "--run", run.toString(), "--users", users.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains(users.toString()).contains("line 3").contains("ghost")
                .contains("--skip-unknown");
        assertThat(out).doesNotExist();

        r = CliTest.run("recommend", "--run", run.toString(), "--users", users.toString(), "--out", out.toString(), "--skip-unknown",
                "--k", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(1 + 2 * 3).allMatch(l -> l.split(",").length == 4);
        Path tsv = tmp.resolve("topk.TSV"); // the extension names the format
        r = CliTest.run("recommend", "--run", run.toString(), "--users", users.toString(), "--out", tsv.toString(), "--skip-unknown",
                "--k", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(tsv)).hasSize(1 + 2 * 3).allMatch(l -> l.split("\t").length == 4 && !l.contains(","));
    }

    @Test
    void badOptionsAndMissingRunsAreOneLineErrors(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("recommend", "--run", run.toString(), "--all", "--out", tmp.resolve("x.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("x.json").contains("*.csv").contains("*.tsv");
        assertThat(tmp.resolve("x.json")).doesNotExist();
        r = CliTest.run("recommend", "--run", tmp.resolve("nope").toString(), "--all", "--out", tmp.resolve("x.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error:").contains("not found").doesNotContain("\tat ");
        r = CliTest.run("serve", "--run", tmp.resolve("nope").toString(), "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error:").doesNotContain("\tat ");
        r = CliTest.run("serve", "--run", run.toString(), "--port", "0", "--host", "no-such-host.invalid");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: cannot listen on no-such-host.invalid").doesNotContain("\tat ");
    }
}
