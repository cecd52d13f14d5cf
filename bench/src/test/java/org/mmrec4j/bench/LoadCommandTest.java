package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.cli.Main;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.serve.RecommendServer;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;

/** The load generator against a real loopback server for a second or two: requests flow, keep-alive works, no errors. */
@Timeout(60)
class LoadCommandTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void train() {
        Path demo = tmp.resolve("demo");
        run = tmp.resolve("run");
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
    }

    record Out(int code, String text) {}

    static Out load(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "load";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = Main.commandLine(new BenchMain()).execute(all);
            return new Out(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
    }

    @Test
    void loadsAServerAndReportsThroughputAndPercentiles() throws Exception {
        try (RecommendServer server = RecommendServer.start(new RecommendationIndex(TrainedModel.load(run)), "127.0.0.1", 0, 2)) {
            Out o = load("--url", "http://127.0.0.1:" + server.port(), "--run", run.toString(), "--seconds", "1", "--warmup", "0.2", "--concurrency", "2", "--k", "5");
            assertThat(o.code()).as(o.text()).isZero();
            assertThat(o.text()).contains("errors 0").contains("latency ms: p50").doesNotContain("requests 0,").doesNotContain("slow clients");
        }
    }

    @Test
    void slowClientsAreHeldOpenAndTheServersClosesAreCounted() throws Exception {
        Duration t = Duration.ofSeconds(1);
        RecommendServer.Options options = RecommendServer.Options.of("127.0.0.1", 0, 2).withTimeouts(t, t, Duration.ofSeconds(30));
        try (RecommendServer server = RecommendServer.start(new RecommendationIndex(TrainedModel.load(run)), options)) {
            Out o = load("--url", "http://127.0.0.1:" + server.port(), "--run", run.toString(), "--seconds", "2", "--warmup", "0.2", "--concurrency", "2",
                    "--k", "5", "--slow-clients", "20", "--slow-interval-ms", "200");
            assertThat(o.code()).as(o.text()).isZero();
            assertThat(o.text()).contains("errors 0").contains("slow clients: 20 opened, 20 closed by the server").contains("0 still open at the end");
        }
    }

    @Test
    void slowClientsGoToLoopbackOnly() {
        Out o = load("--url", "http://192.0.2.1:8080", "--run", run.toString(), "--seconds", "1", "--slow-clients", "5");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.text()).contains("--slow-clients only goes to a loopback server");
    }
}
