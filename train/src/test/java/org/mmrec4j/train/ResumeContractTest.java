package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

/**
 * Every model, and GUIDER in both modes, continues exactly after a crash: a run resumed from the
 * checkpoint has the same per-epoch losses and best metrics as an uninterrupted one. This covers state
 * outside the trained parameters (GUIDER's teacher, DiffMM's denoisers).
 */
class ResumeContractTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (ModelSpec spec : ModelCatalog.all()) out.add(Arguments.of(spec.name(), List.of()));
        out.add(Arguments.of("VBPR", List.of("wrapper=guider", "guider_mode=code_compat", "guider_teacher_knn_k=5")));
        out.add(Arguments.of("BM3", List.of("wrapper=guider", "guider_mode=paper", "guider_amsc_every=2")));
        out.add(Arguments.of("BM3", List.of("wrapper=guider", "guider_mode=paper", "guider_teacher_pretrain_epochs=2")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void resumedRunMatchesAnUninterruptedOne(String model, List<String> extra, @TempDir Path dir) {
        List<String> sets = new ArrayList<>(List.of("epochs=4", "checkpoint_every=1", "eval_step=1", "stopping_step=null",
                "graph_cache=false"));
        sets.addAll(extra);
        Config c = RunSetup.config(ModelCatalog.get(model), "demo", null, sets, false).expandGrid().get(0);
        ModelSpec spec = Wrappers.apply(ModelCatalog.get(model), c); // GUIDER cases train the wrapped model
        TrainResult whole = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);

        Path ckpt = dir.resolve("checkpoint.bin");
        TrainListener crashInEpoch2 = new TrainListener() {
            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                if (epoch == 2) throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), crashInEpoch2).run(ckpt, false))
                .hasMessage("simulated crash");
        TrainResult resumed = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(ckpt, true);

        assertThat(resumed.epochsRun()).isEqualTo(whole.epochsRun());
        for (int e = 0; e < whole.log().size(); e++) {
            assertThat(resumed.log().get(e).trainLoss()).as("train loss of epoch %d", e).isEqualTo(whole.log().get(e).trainLoss());
        }
        assertThat(resumed.bestValid()).isEqualTo(whole.bestValid());
        assertThat(resumed.bestTest()).isEqualTo(whole.bestTest());
    }
}
