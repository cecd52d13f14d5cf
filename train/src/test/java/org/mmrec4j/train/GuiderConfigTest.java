package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigException;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

/** wrapper: guider through the run configuration and the trainer, on the demo data. */
class GuiderConfigTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    @Test
    void wrapperLayersGuiderYamlAfterTheModelAndAcceptsItsKeys() {
        ModelSpec bm3 = ModelCatalog.get("BM3");
        Config c = RunSetup.config(bm3, "demo", null, List.of("wrapper=guider", "guider_mode=code_compat", "stopping_step=null"), false);
        assertThat(c.getString("guider_mode")).isEqualTo("code_compat");
        assertThat(c.source("guider_teacher_knn_k")).contains("GUIDER.yaml");
        assertThat(c.getDouble("cl_weight")).isEqualTo(2.0); // the student's own keys are untouched
        assertThat(TrainSettings.from(c.expandGrid().get(0)).stoppingStep()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Wrappers.apply(bm3, c).name()).isEqualTo("BM3+GUIDER");
        assertThat(Wrappers.apply(bm3, RunSetup.config(bm3, "demo", null, List.of(), false))).isSameAs(bm3);
    }

    @Test
    void guiderKeysWithoutTheWrapperAndUnknownWrappersAreClearErrors() {
        ModelSpec bm3 = ModelCatalog.get("BM3");
        assertThatThrownBy(() -> RunSetup.config(bm3, "demo", null, List.of("guider_mode=paper"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("guider_mode");
        assertThatThrownBy(() -> RunSetup.config(bm3, "demo", null, List.of("wrapper=guidr"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guider");
    }

    @Test
    void aWrappedStudentTrainsAndEvaluatesThroughTheTrainer() {
        ModelSpec freedom = ModelCatalog.get("FREEDOM");
        Config c = RunSetup.config(freedom, "demo", null, List.of("wrapper=guider", "guider_mode=code_compat", "epochs=2",
                "eval_step=2", "graph_cache=false", "guider_teacher_knn_k=5", "knn_k=5"), false).expandGrid().get(0);
        ModelSpec spec = Wrappers.apply(freedom, c);
        TrainResult r = new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        assertThat(r.epochsRun()).isEqualTo(2);
        assertThat(r.abortedOnNaN()).isFalse();
        assertThat(r.bestValid().get("recall@20")).isGreaterThan(0.0);
    }

    @Test
    void theTrainerRefusesThePlainCatalogueSpecUnderAWrapperConfigAndRunSetupWraps(@TempDir Path dir) {
        // compare once trained the plain student while its config said wrapper: guider
        ModelSpec vbpr = ModelCatalog.get("VBPR");
        List<String> guider = List.of("wrapper=guider", "guider_mode=code_compat", "epochs=1", "graph_cache=false", "guider_teacher_knn_k=5");
        Config wrapped = RunSetup.config(vbpr, "demo", null, guider, false).expandGrid().get(0);
        Config plain = RunSetup.config(vbpr, "demo", null, List.of("epochs=1"), false).expandGrid().get(0);
        assertThat(Wrappers.apply(Wrappers.apply(vbpr, wrapped), wrapped).name()).isEqualTo("VBPR+GUIDER");
        assertThatThrownBy(() -> new Trainer(vbpr, demo, wrapped, Trainer.EvalSets.of(demo), TrainListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrapper=guider").hasMessageContaining("RunSetup");
        RunSetup setup = RunSetup.resolve("VBPR", shared.resolve("demo"), null, guider, false);
        assertThat(setup.spec().name()).isEqualTo("VBPR+GUIDER");
        assertThat(setup.catalogued().name()).isEqualTo("VBPR");
        double lossWrapped = new Trainer(setup.spec(), demo, wrapped, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false).log().get(0).trainLoss();
        double lossPlain = new Trainer(vbpr, demo, plain, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false).log().get(0).trainLoss();
        // code_compat's MGDA loss is w_S·L_S + w_KD·L_KD with w_S ≤ 0.999, never the plain sum
        assertThat(lossWrapped).isNotEqualTo(lossPlain);

        Path demoDir = shared.resolve("demo");
        Comparison.run(List.of("VBPR"), demoDir, null, List.of("wrapper=guider", "guider_mode=code_compat", "epochs=1",
                "graph_cache=false", "guider_teacher_knn_k=5"), 1, dir, TrainListener.NONE, List.of("compare"));
        assertThat(dir.resolve("runs").resolve("VBPR+GUIDER")).isDirectory();
    }

    @Test
    void anIdOnlyStudentStillGetsTheFeaturesItsTeacherReads() {
        ModelSpec lightGcn = ModelCatalog.get("LightGCN");
        Config c = RunSetup.config(lightGcn, "demo", null, List.of("wrapper=guider", "guider_mode=code_compat", "epochs=1",
                "graph_cache=false", "guider_teacher_knn_k=5"), false).expandGrid().get(0);
        assertThat(RunSetup.datasetOptions(c, "demo").loadFeatures()).isTrue();
        Dataset withFeatures = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(c, "demo"));
        TrainResult r = new Trainer(Wrappers.apply(lightGcn, c), withFeatures, c, Trainer.EvalSets.of(withFeatures), TrainListener.NONE)
                .run(null, false);
        assertThat(r.abortedOnNaN()).isFalse();
        assertThat(r.log()).hasSize(1);
    }
}
