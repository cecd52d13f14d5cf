package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/**
 * A training JVM killed with SIGKILL (no shutdown hooks, no finally blocks) and resumed with
 * {@code train --resume} ends with exactly the metrics of an uninterrupted run with the same seed and
 * threads. No sleeps: the child is killed as soon as its first checkpoint exists, which is after
 * epoch 1 of 10, so it is always mid-training (asserted: it left no metrics.json).
 */
class KillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SETTINGS = {"--set", "epochs=10", "--set", "checkpoint_every=1", "--set", "stopping_step=100",
            "--threads", "2"};

    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 11);
    }

    private static List<String> train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "LightGCN", "--data", demo.toString(), "--out", out.toString()));
        args.addAll(List.of(SETTINGS));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void resumeAfterKillReachesTheUninterruptedMetrics(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        CliTest.Result ref = CliTest.run(train(whole).toArray(String[]::new));
        assertThat(ref.code()).as(ref.err()).isZero();

        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(train(killed));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path checkpoint = killed.resolve("checkpoint.bin");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
        assertThat(checkpoint).as("checkpoint never appeared; child log:%n%s", log(tmp)).exists();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.resolve("metrics.json")).as("the child must die mid-training").doesNotExist();

        CliTest.Result resumed = CliTest.run(train(killed, "--resume").toArray(String[]::new));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resumed from");

        assertThat(withoutTimings(killed.resolve("metrics.json"))).isEqualTo(withoutTimings(whole.resolve("metrics.json")));
        assertThat(Files.readString(killed.resolve("test_per_user.csv"))).isEqualTo(Files.readString(whole.resolve("test_per_user.csv")));
        assertThat(lossColumn(killed)).isEqualTo(lossColumn(whole));
    }

    @Test
    void corruptCheckpointIsOneClearErrorAndNothingIsOverwritten(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        CliTest.Result first = CliTest.run("train", "--model", "BPR", "--data", demo.toString(), "--out", run.toString(),
                "--set", "epochs=2", "--set", "checkpoint_every=1", "--threads", "2");
        assertThat(first.code()).as(first.err()).isZero();
        Files.delete(run.resolve("metrics.json")); // as if the run had died after its last checkpoint
        byte[] bytes = Files.readAllBytes(run.resolve("checkpoint.bin"));
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(run.resolve("checkpoint.bin"), bytes);

        CliTest.Result r = CliTest.run("train", "--model", "BPR", "--data", demo.toString(), "--out", run.toString(),
                "--set", "epochs=2", "--set", "checkpoint_every=1", "--threads", "2", "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("checkpoint.bin").contains("corrupt").contains("Fix:").doesNotContain("Exception");
        assertThat(run.resolve("metrics.json")).doesNotExist();
        assertThat(Files.readAllBytes(run.resolve("checkpoint.bin"))).isEqualTo(bytes);
    }

    private static String log(Path tmp) throws Exception {
        File f = tmp.resolve("child.log").toFile();
        return f.exists() ? Files.readString(f.toPath()) : "(none)";
    }

    /** metrics.json without its two wall-clock fields, which no rerun reproduces. */
    private static Map<String, Object> withoutTimings(Path f) throws Exception {
        Map<String, Object> m = JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
        m.remove("epoch_seconds_median");
        m.remove("eval_seconds_median");
        return m;
    }

    private static List<String> lossColumn(Path run) throws Exception {
        return Files.readAllLines(run.resolve("train_log.csv")).stream().map(l -> l.split(",")[1]).toList();
    }
}
