package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/** train_log.csv is current after every epoch, a resumed run keeps each earlier row once, and the finished file is the end-of-run one. */
class LiveTrainLogTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    private static List<ExperimentLoop.Planned> plan(Path dir, String... sets) {
        ModelSpec spec = ModelCatalog.get("BPR");
        Config c = RunSetup.config(spec, "demo", null, List.of(sets), false);
        return List.of(new ExperimentLoop.Planned(spec, c, dir, null, List.of("test")));
    }

    /** The file's lines without the two timing columns (train_seconds, eval_seconds), which differ between runs. */
    private static List<String> withoutTimings(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",", -1);
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < f.length; i++) if (i != 2 && i != 4) keep.add(f[i]);
            out.add(String.join(",", keep));
        }
        return out;
    }

    @Test
    void everyFinishedEpochIsInTheFileBeforeTheNextOneTrains(@TempDir Path dir) throws Exception {
        Path log = dir.resolve(RunFolder.TRAIN_LOG);
        List<Integer> rowsSeen = new ArrayList<>();
        TrainListener watcher = new TrainListener() {
            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                try {
                    rowsSeen.add(epoch == 0 ? 0 : Files.readAllLines(log).size() - 1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        new ExperimentLoop(c -> demo, watcher, ExperimentLoop.Existing.REFUSE).run(plan(dir, "epochs=4", "stopping_step=null"));
        assertThat(rowsSeen).containsExactly(0, 1, 2, 3);
        assertThat(Files.readAllLines(log).get(0)).startsWith("epoch,train_loss,train_seconds").contains("valid_recall@20", "test_recall@20");
        assertThat(Files.readAllLines(log)).hasSize(5);
    }

    @Test
    void aResumedRunKeepsEachEarlierRowOnceAndEndsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        String[] sets = {"epochs=6", "checkpoint_every=2", "stopping_step=null"};
        new ExperimentLoop(c -> demo, TrainListener.NONE, ExperimentLoop.Existing.REFUSE).run(plan(dir.resolve("whole"), sets));

        Path killed = dir.resolve("killed");
        TrainListener crashInEpoch5 = new TrainListener() {
            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                if (epoch == 5) throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> new ExperimentLoop(c -> demo, crashInEpoch5, ExperimentLoop.Existing.REFUSE).run(plan(killed, sets)))
                .hasMessage("simulated crash");
        // epochs 0-4 were logged; the checkpoint holds epochs 0-3, so epoch 4 is trained again on resume
        assertThat(Files.readAllLines(killed.resolve(RunFolder.TRAIN_LOG))).hasSize(1 + 5);

        new ExperimentLoop(c -> demo, TrainListener.NONE, ExperimentLoop.Existing.RESUME).run(plan(killed, sets));
        List<String> resumed = withoutTimings(killed.resolve(RunFolder.TRAIN_LOG));
        assertThat(resumed).hasSize(1 + 6);
        assertThat(resumed.stream().skip(1).map(l -> l.split(",")[0])).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(resumed).isEqualTo(withoutTimings(dir.resolve("whole").resolve(RunFolder.TRAIN_LOG)));
    }
}
