package org.mmrec4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovering run folders: each run once, and one setting per model. */
class RunRecordTest {
    @TempDir Path tmp;

    /** A minimal finished run folder of {@code model} with the given config.resolved.yaml body. */
    private static Path run(Path dir, String model, String config) throws IOException {
        Files.createDirectories(dir);
        StringBuilder test = new StringBuilder();
        for (String c : Leaderboard.COLUMNS) test.append(test.length() == 0 ? "" : ", ").append('"').append(c).append("\": 0.06");
        Files.writeString(dir.resolve("metrics.json"), "{\"model\": \"" + model + "\", \"dataset\": \"demo\", \"best_epoch\": 1,"
                + " \"epochs_run\": 2, \"valid\": {" + test + "}, \"test\": {" + test + "}}");
        Files.writeString(dir.resolve("train_log.csv"), "epoch,train_loss,train_seconds\n0,1.0,0.1\n1,0.9,0.1\n");
        Files.writeString(dir.resolve("config.resolved.yaml"), "# Resolved mmrec4j config\n" + config);
        return dir;
    }

    @Test
    void theSameRunGivenTwiceOrThroughItsParentCountsOnce() throws IOException {
        Path a = run(tmp.resolve("runs/a"), "BPR", "seed: 1  # from --set\nreg_weight: 0.001\n");
        assertThat(RunRecord.discover(List.of(a, a))).hasSize(1);
        assertThat(RunRecord.discover(List.of(a, tmp.resolve("runs")))).hasSize(1);
        assertThat(RunRecord.discover(List.of(tmp.resolve("runs/../runs/a"), a))).hasSize(1);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), a);
        assertThat(RunRecord.discover(List.of(a, link))).hasSize(1);
        // and the leaderboard then shows one seed, without a ± it cannot compute
        String board = Leaderboard.of(RunRecord.discover(List.of(a, a))).markdown();
        assertThat(board).contains("| demo | BPR | 1 |").doesNotContain("±");
    }

    @Test
    void twoSeedsOfOneSettingAreKeptButOtherSettingsUnderOneModelAreRefused() throws IOException {
        Path s1 = run(tmp.resolve("cmp/BPR/seed-1"), "BPR", "seed: 1\nreg_weight: 0.001\nepochs: 5\n");
        Path s2 = run(tmp.resolve("cmp/BPR/seed-2"), "BPR", "seed: 2  # from compare\nreg_weight: 0.001  # from --set\nepochs: 5\n");
        assertThat(RunRecord.discover(List.of(tmp.resolve("cmp")))).hasSize(2);
        Path other = run(tmp.resolve("tune/BPR-reg"), "BPR", "seed: 3\nreg_weight: 0.01\nepochs: 5\n");
        assertThatThrownBy(() -> RunRecord.discover(List.of(tmp.resolve("cmp"), other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(s1 + " and " + other + ": two BPR runs with different settings (reg_weight: 0.001 vs 0.01)")
                .hasMessageContaining("Fix: ");
        // another model may have its own settings
        Path lgcn = run(tmp.resolve("cmp/LightGCN/seed-1"), "LightGCN", "seed: 1\nreg_weight: 0.01\nn_layers: 2\n");
        assertThat(RunRecord.discover(List.of(tmp.resolve("cmp")))).extracting(RunRecord::dir).containsExactly(s1, s2, lgcn);
    }
}
