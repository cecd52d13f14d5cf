package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.RankingEvaluator;

/** model.bin holds the best validation epoch's parameters, and a run folder restores to the evaluated model. */
class TrainedModelTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void generate() {
        data = TrainedRuns.demoWithIds(shared.resolve("demo"));
    }

    /** The restored model's validation metrics equal those the run recorded for its best epoch. */
    private static void assertRestoresBestEpoch(String model, Path run) throws Exception {
        TrainedModel m = TrainedModel.load(run);
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(m.bestEpoch()).isEqualTo(metrics.get("best_epoch").asInt());
        Dataset d = m.data();
        EvalSet valid = EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), d.valid().users(), d.valid().items());
        double recall;
        try (var off = Grad.off()) {
            recall = RankingEvaluator.evaluate(m.model().scorer(), valid).rounded().get("recall@20");
        }
        assertThat(recall).as(model).isEqualTo(metrics.get("valid").get("recall@20").asDouble());
    }

    @Test
    void lightGcnRestoresTheBestEpochNotTheLast(@TempDir Path tmp) throws Exception {
        // A high learning rate makes later epochs worse than the best one, so the last epoch's params would fail this.
        Path run = TrainedRuns.train("LightGCN", data, tmp.resolve("run"), "epochs=8", "learning_rate=0.05");
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertRestoresBestEpoch("LightGCN", run);
        assertThat(metrics.get("epochs_run").asInt()).isEqualTo(8);
        assertThat(metrics.get("best_epoch").asInt()).as("the test needs a best epoch before the last").isLessThan(7);
    }

    @Test
    void aResumedRunStillSavesItsBestEpoch(@TempDir Path tmp) throws Exception {
        var spec = org.mmrec4j.models.ModelCatalog.get("LightGCN");
        var c = org.mmrec4j.train.RunSetup.config(spec, "demo", null,
                java.util.List.of("epochs=8", "learning_rate=0.05", "checkpoint_every=2"), false);
        Dataset d = Dataset.load(data, org.mmrec4j.train.RunSetup.datasetOptions(c, "demo"));
        Path run = tmp.resolve("run");
        org.mmrec4j.train.TrainListener crash = new org.mmrec4j.train.TrainListener() {
            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                if (epoch == 5) throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> org.mmrec4j.train.Experiment.run(spec, d, c, run, false, crash, java.util.List.of("test")))
                .hasMessage("simulated crash");
        assertThat(run.resolve("model.bin")).exists();
        org.mmrec4j.train.Experiment.run(spec, d, c, run, true, org.mmrec4j.train.TrainListener.NONE, java.util.List.of("test"));
        assertRestoresBestEpoch("LightGCN", run);
    }

    @Test
    void vbprRestores(@TempDir Path tmp) throws Exception {
        assertRestoresBestEpoch("VBPR", TrainedRuns.train("VBPR", data, tmp.resolve("run"), "epochs=4"));
    }

    @Test
    void aGuiderRunIsServedByItsStudent(@TempDir Path tmp) throws Exception {
        Path run = TrainedRuns.train("VBPR", data, tmp.resolve("run"), "epochs=3", "wrapper=guider", "guider_mode=code_compat",
                "guider_teacher_knn_k=5", "graph_cache=false");
        assertThat(new ObjectMapper().readTree(run.resolve("manifest.json").toFile()).get("model").asText()).isEqualTo("VBPR+GUIDER");
        assertThat(TrainedModel.load(run).spec().name()).isEqualTo("VBPR");
        assertRestoresBestEpoch("VBPR+GUIDER", run);
    }

    @Test
    void corruptModelFileIsRefusedWithAFix(@TempDir Path tmp) throws Exception {
        Path run = TrainedRuns.train("BPR", data, tmp.resolve("run"), "epochs=2");
        byte[] bytes = Files.readAllBytes(run.resolve("model.bin"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(run.resolve("model.bin"), bytes);
        assertThatThrownBy(() -> TrainedModel.load(run)).hasMessageContaining("corrupt").hasMessageContaining("Fix");
        Files.delete(run.resolve("model.bin"));
        assertThatThrownBy(() -> TrainedModel.load(run)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.bin");
    }

    @Test
    void missingRunFolderIsAnArgumentError(@TempDir Path tmp) {
        assertThatThrownBy(() -> TrainedModel.load(tmp.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not found");
    }
}
