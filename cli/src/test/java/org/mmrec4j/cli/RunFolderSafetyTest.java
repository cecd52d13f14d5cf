package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/** Issue 15, run folders: one run per folder, no silent overwrite or mixed resume, outputs never over a run's files, no stale temporaries. */
class RunFolderSafetyTest {
    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 5);
    }

    private static CliTest.Result train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "BPR", "--data", demo.toString(), "--out", out.toString(),
                "--set", "epochs=2", "--set", "checkpoint_every=1", "--threads", "2"));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aSecondTrainIntoAFolderInUseFailsAtOnceAndAKilledOwnersLockIsTakenOver(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--model", "LightGCN", "--data", demo.toString(), "--out", out.toString(), "--set", "epochs=400",
                "--set", "stopping_step=null", "--set", "checkpoint_every=1", "--threads", "1"));
        Process owner = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("owner.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(out.resolve("checkpoint.bin")) && owner.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(out.resolve("checkpoint.bin")).as(Files.readString(tmp.resolve("owner.log"))).exists();
            String configBefore = Files.readString(out.resolve("config.resolved.yaml"));

            // before: both exited 0 and the folder held B's config with A's metrics
            CliTest.Result second = train(out, "--resume", "--set", "learning_rate=0.01");
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err().lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse(""))
                    .startsWith("error: run folder " + out).contains("in use by another mmrec4j process (pid " + owner.pid() + ")");
            assertThat(Files.readString(out.resolve("config.resolved.yaml"))).isEqualTo(configBefore);
        } finally {
            owner.destroyForcibly();
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(out.resolve(".lock")).as("a killed owner leaves its lock file").exists();
        CliTest.Result replaced = CliTest.run("train", "--model", "LightGCN", "--data", demo.toString(), "--out", out.toString(),
                "--set", "epochs=1", "--threads", "1", "--overwrite");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(out.resolve(".lock")).as("released on a normal exit").doesNotExist();
    }

    @Test
    void trainRefusesToReplaceARunUnlessToldToAndResumeLeavesAFinishedRunAlone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertThat(train(out).code()).isZero();
        byte[] model = Files.readAllBytes(out.resolve("model.bin"));
        String config = Files.readString(out.resolve("config.resolved.yaml"));

        CliTest.Result again = train(out, "--set", "learning_rate=0.01"); // before: exit 0, model.bin and config replaced
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains(out + " already holds a finished run; use --resume").contains("--overwrite");
        assertThat(Files.readAllBytes(out.resolve("model.bin"))).isEqualTo(model);
        assertThat(Files.readString(out.resolve("config.resolved.yaml"))).isEqualTo(config);

        CliTest.Result resumed = train(out, "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("already finished: " + out);

        CliTest.Result replaced = train(out, "--overwrite", "--set", "learning_rate=0.01");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(Files.readString(out.resolve("config.resolved.yaml"))).contains("learning_rate: 0.01");
        assertThat(train(out, "--overwrite", "--resume").err()).contains("exclude each other");
    }

    @Test
    void resumeRefusesAChangedTrainingSettingAndRecordsTheHarmlessOnes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertThat(train(out).code()).isZero();
        Files.delete(out.resolve("metrics.json")); // as if killed after its last checkpoint

        CliTest.Result changed = train(out, "--resume", "--set", "learning_rate=0.01"); // before: exit 0, config claimed 0.01 throughout
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err()).contains("--resume would change learning_rate from 0.001 to 0.01");
        CliTest.Result fewer = train(out, "--resume", "--set", "epochs=1");
        assertThat(fewer.code()).isEqualTo(2);
        assertThat(fewer.err()).contains("epochs from 2 to 1").contains("epochs may only grow");

        CliTest.Result more = train(out, "--resume", "--set", "epochs=3", "--set", "checkpoint_every=2");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"resumed_with_changes\"").contains("\"epochs\"")
                .contains("\"checkpoint_every\"");
        assertThat(Files.readString(out.resolve("config.resolved.yaml"))).contains("epochs: 3");
    }

    @Test
    void whatLoadingNoticedIsRecordedInTheManifest(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliTest.Result r = train(out); // BPR reads no features: the feature files' values are not checked, and the run says so
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("image_feat.npy: values not read");
        assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"dataset_warnings\"").contains("image_feat.npy: values not read");
    }

    @Test
    void recommendRefusesToWriteOverTheRunsOwnFiles(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertThat(train(out).code()).isZero();
        byte[] model = Files.readAllBytes(out.resolve("model.bin"));
        for (String victim : List.of("model.bin", "metrics.json", "config.resolved.yaml", "checkpoint.bin")) {
            CliTest.Result r = CliTest.run("recommend", "--run", out.toString(), "--all", "--out", out.resolve(victim).toString());
            assertThat(r.code()).as(victim).isEqualTo(2);
            assertThat(r.err()).contains("would overwrite a file of the run folder");
        }
        assertThat(Files.readAllBytes(out.resolve("model.bin"))).isEqualTo(model);
        CliTest.Result beside = CliTest.run("recommend", "--run", out.toString(), "--all", "--out", out.resolve("top.csv").toString());
        assertThat(beside.code()).as(beside.err()).isZero();
    }

    @Test
    void aKilledWritersTemporariesGoOnTheNextRunAndNoneAreLeftOnANormalExit(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertThat(train(out).code()).isZero();
        Path recs = tmp.resolve("recs");
        Files.createDirectories(recs);
        long dead = deadPid();
        Path stale = recs.resolve(".top.csv." + dead + ".12345.tmp"); // what a writer killed mid-write leaves
        Files.writeString(stale, "half a file");
        Path live = recs.resolve(".top.csv." + ProcessHandle.current().pid() + ".999.tmp");
        Files.writeString(live, "a live writer's");
        CliTest.Result r = CliTest.run("recommend", "--run", out.toString(), "--all", "--out", recs.resolve("top.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(live).as("a running process's temporary is not touched").exists();
        Files.delete(live);
        try (Stream<Path> left = Files.list(recs)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("top.csv");
        }
        try (Stream<Path> left = Files.walk(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.equals(".lock"));
        }

        Path data = tmp.resolve("imported");
        Path staleImport = tmp.resolve(".imported.importing-" + dead + ".777");
        Files.createDirectories(staleImport.resolve("inner"));
        Files.writeString(staleImport.resolve("inner/x.inter"), "partial");
        Path log = tmp.resolve("log.csv");
        Files.writeString(log, "user,item\n" + "a,x\nb,x\nc,y\na,y\nb,y\nc,x\n");
        CliTest.Result imported = CliTest.run("data", "import", "--input", log.toString(), "--out", data.toString(), "--user", "user",
                "--item", "item", "--kcore", "1");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(staleImport).doesNotExist();
    }

    /** A pid no process has: the highest ones are free on any ordinary machine. */
    private static long deadPid() {
        for (long pid = 4_000_000; pid > 3_000_000; pid -= 7) if (ProcessHandle.of(pid).isEmpty()) return pid;
        throw new AssertionError("no free pid found");
    }
}
