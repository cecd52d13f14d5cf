package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.cli.Main;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.serve.RecommendServer;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;

/** The load generator against a real server for a second: requests flow, keep-alive works, no errors. */
class LoadCommandTest {
    @Test
    void loadsAServerAndReportsThroughputAndPercentiles(@TempDir Path tmp) throws Exception {
        Path demo = tmp.resolve("demo"), run = tmp.resolve("run");
        DemoDataset.generate(demo, 3);
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("train", "--model", "BPR", "--data", demo.toString(), "--out", run.toString(), "--set", "epochs=1")).isZero();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        try (RecommendServer server = RecommendServer.start(new RecommendationIndex(TrainedModel.load(run)), "127.0.0.1", 0, 2)) {
            PrintStream old = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.commandLine(new BenchMain()).execute("load", "--url", "http://127.0.0.1:" + server.port(), "--run", run.toString(),
                        "--seconds", "1", "--warmup", "0.2", "--concurrency", "2", "--k", "5");
            } finally {
                System.setOut(old);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(text).contains("errors 0").contains("latency ms: p50").doesNotContain("requests 0,");
        }
    }
}
