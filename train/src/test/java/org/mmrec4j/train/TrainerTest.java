package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/** The loop on the demo data: outputs, resume after a crash, checkpoint integrity, grid selection. */
class TrainerTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    private static Config config(ModelSpec spec, String... sets) {
        return RunSetup.config(spec, "demo", null, List.of(sets), false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void runFolderHoldsEveryDocumentedFile(@TempDir Path out) throws Exception {
        ModelSpec spec = ModelCatalog.get("LightGCN");
        Experiment.run(spec, demo, config(spec, "epochs=3"), out, false, TrainListener.NONE, List.of("test"));
        for (String f : List.of("config.resolved.yaml", "manifest.json", "train_log.csv", "metrics.csv", "metrics.json")) {
            assertThat(out.resolve(f)).exists();
        }
        Map<String, Object> m = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        assertThat(m.keySet()).contains("model", "dataset", "best_epoch", "epochs_run", "epoch_seconds_median",
                "eval_seconds_median", "valid", "test");
        assertThat(((Map<String, ?>) m.get("test")).keySet()).contains("recall@10", "recall@20", "ndcg@20", "precision@20", "map@20");
        assertThat(m.get("epochs_run")).isEqualTo(3);
        Map<?, ?> manifest = new ObjectMapper().readValue(out.resolve("manifest.json").toFile(), Map.class);
        assertThat(manifest.get("seed")).isEqualTo(999);
        assertThat((List<?>) manifest.get("inputs")).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve("train_log.csv"))).hasSize(4);
    }

    @Test
    void sameSeedGivesIdenticalResults() {
        ModelSpec spec = ModelCatalog.get("BPR");
        Config c = config(spec, "epochs=3").expandGrid().get(0);
        TrainResult a = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        TrainResult b = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        assertThat(a.bestTest()).isEqualTo(b.bestTest());
        assertThat(a.log().get(2).trainLoss()).isEqualTo(b.log().get(2).trainLoss());
    }

    @Test
    void resumedRunReachesTheSameMetricsAsAnUninterruptedOne(@TempDir Path dir) {
        ModelSpec spec = ModelCatalog.get("LightGCN");
        Config c = config(spec, "epochs=6", "checkpoint_every=2").expandGrid().get(0);
        TrainResult whole = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);

        Path ckpt = dir.resolve("checkpoint.bin");
        TrainListener crashAfterEpoch4 = new TrainListener() {
            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                if (epoch == 4) throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), crashAfterEpoch4).run(ckpt, false))
                .hasMessage("simulated crash");
        assertThat(ckpt).exists();
        TrainResult resumed = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(ckpt, true);

        assertThat(resumed.epochsRun()).isEqualTo(6);
        assertThat(resumed.bestValid()).isEqualTo(whole.bestValid());
        assertThat(resumed.bestTest()).isEqualTo(whole.bestTest());
        assertThat(resumed.log().get(5).trainLoss()).isEqualTo(whole.log().get(5).trainLoss());
    }

    @Test
    void corruptCheckpointIsDetected(@TempDir Path dir) throws Exception {
        ModelSpec spec = ModelCatalog.get("BPR");
        Config c = config(spec, "epochs=2", "checkpoint_every=1").expandGrid().get(0);
        Path ckpt = dir.resolve("checkpoint.bin");
        new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(ckpt, false);
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(ckpt, bytes);
        assertThatThrownBy(() -> new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(ckpt, true))
                .hasMessageContaining("corrupt").hasMessageContaining("checkpoint.bin");
    }

    @Test
    void gridSelectsOnValidationByDefaultAndOnTestOnlyWhenAsked(@TempDir Path dir) {
        ModelSpec spec = ModelCatalog.get("BPR");
        Config grid = config(spec, "epochs=2", "reg_weight=[1.0, 0.0001]", "hyper_parameters=[reg_weight]");
        Experiment.Outcome o = Experiment.run(spec, demo, grid, dir.resolve("v"), false, TrainListener.NONE, List.of());
        assertThat(o.all()).hasSize(2);
        TrainResult byValid = o.all().stream().max((x, y) -> Double.compare(x.bestValid().get("recall@20"), y.bestValid().get("recall@20"))).orElseThrow();
        assertThat(o.selected()).isSameAs(byValid);
        assertThat(dir.resolve("v").resolve("grid.csv")).exists();

        Experiment.Outcome t = Experiment.run(spec, demo, grid.with("select_on", "test", "test"), dir.resolve("t"), false, TrainListener.NONE, List.of());
        TrainResult byTest = t.all().stream().max((x, y) -> Double.compare(x.bestTest().get("recall@20"), y.bestTest().get("recall@20"))).orElseThrow();
        assertThat(t.selected().bestTest()).isEqualTo(byTest.bestTest());
    }
}
