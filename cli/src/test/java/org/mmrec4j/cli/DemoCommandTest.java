package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end, two epochs per model: the table, a report per run, the serve and explorer commands, few log lines. */
class DemoCommandTest {
    @Test
    void printsTheTableAReportPerRunAndTheCommandThatServesTheBestRun(@TempDir Path tmp) {
        Path runs = tmp.resolve("runs");
        CliTest.Result r = CliTest.run("demo", "--dir", tmp.resolve("demo-data").toString(), "--out", runs.toString(),
                "--epochs", "2", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model      multimodal  best epoch epochs valid R@20 test R@20 test N@20 seconds");
        assertThat(r.out()).containsPattern("(?m)^LightGCN   no +\\d+ +2 +0\\.\\d{4}")
                .containsPattern("(?m)^VBPR       yes +\\d+ +2 ").containsPattern("(?m)^FREEDOM    yes +\\d+ +2 ");
        assertThat(r.out()).containsPattern("serve the best run \\(\\w+, by valid R@20\\): \\./mmrec4j serve --run \\S+ --port 8080")
                .contains("open http://localhost:8080/ in a browser");
        for (String m : new String[] {"LightGCN", "VBPR", "FREEDOM"}) {
            assertThat(runs.resolve(m).resolve("report.md")).exists();
            assertThat(runs.resolve(m).resolve("plots").resolve("valid_recall20.png")).exists();
            assertThat(runs.resolve(m).resolve("train_log.csv")).exists();
        }
        // redirected: a few lines per model, not one per epoch
        assertThat(r.err()).doesNotContain("epoch 1 training");
        assertThat(r.err().lines().filter(l -> l.startsWith("training up to 2 epochs"))).hasSize(3);
    }
}
