package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.models.wrapper.Guider;
import org.mmrec4j.models.wrapper.Wrappers;

/** GUIDER around the zoo's students on the tiny data, in both modes, and the students' trainingScores. */
class GuiderWrapperTest {

    /** Every trainable model of the catalogue: the wrapper must not care which one it holds. */
    static final List<String> STUDENTS = List.of("BPR", "LightGCN", "VBPR", "LATTICE", "BM3", "FREEDOM", "DiffMM", "DRAGON",
            "DualGNN", "GRCN", "MGCN", "SMORE", "SLMRec", "LGMRec", "MMGCN");

    static Stream<Arguments> studentsAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (String model : STUDENTS) {
            for (String mode : List.of("code_compat", "paper")) out.add(Arguments.of(model, mode));
        }
        return out.stream();
    }

    static Stream<String> students() {
        return STUDENTS.stream();
    }

    /** The model's YAML, GUIDER.yaml, and small KD sizes for the tiny data. */
    static Config config(ModelSpec spec, String... sets) {
        List<String> all = new ArrayList<>(List.of("graph_cache=false", "wrapper=guider", "train_batch_size=64",
                "guider_kd_users=16", "guider_kd_top=5", "guider_kd_random=5", "guider_teacher_knn_k=5"));
        all.addAll(List.of(sets));
        return ConfigLoader.builder().model(spec.name(), Layer.resource(spec.yamlResource(), spec.name()))
                .wrapper(Layer.resource(Wrappers.yamlResource("guider"), "GUIDER.yaml"))
                .overrides(all).load().expandGrid().get(0);
    }

    private static Guider build(String model, String mode, Dataset d, long seed) {
        ModelSpec spec = ModelCatalog.get(model);
        Config c = config(spec, "guider_mode=" + mode);
        return (Guider) Wrappers.apply(spec, c).create(new ModelContext(d, c, new Rng(seed)));
    }

    @ParameterizedTest
    @MethodSource("studentsAndModes")
    void lossIsFiniteEveryStudentParameterGetsAGradientAndTrainingLowersIt(String model, String mode) {
        Dataset d = TinyData.dataset();
        Guider g = build(model, mode, d, 1);
        g.beforeEpoch(new EpochContext(0, new Rng(2))); // one teacher epoch, then the frozen teacher view
        Batch b = TinyData.batch(d, 3);
        Tensor loss = g.loss(b);
        assertThat(Float.isFinite(loss.item())).isTrue();
        loss.backward();
        for (var e : g.params().asMap().entrySet()) {
            assertThat(e.getValue().grad()).as("%s %s: gradient of %s", model, mode, e.getKey()).isNotNull();
        }
        // The distillation term alone reaches the student too.
        for (Tensor p : g.params().tensors()) p.zeroGradInPlace();
        Tensor kd = distillation(g, b);
        assertThat(Float.isFinite(kd.item())).isTrue();
        kd.backward();
        double norm = 0;
        for (Tensor p : g.params().tensors()) if (p.grad() != null) for (float v : p.grad()) norm += v * v;
        assertThat(norm).as("%s %s: KD gradient norm", model, mode).isGreaterThan(0);

        Adam adam = new Adam(g.params(), 0.01, 0.0);
        float first = g.loss(b).item();
        for (int step = 0; step < 25; step++) {
            adam.zeroGrad();
            g.loss(b).backward();
            adam.step();
        }
        assertThat(g.loss(b).item()).as("%s %s", model, mode).isLessThan(first);
    }

    private static Tensor distillation(Guider g, Batch b) {
        try {
            var m = Guider.class.getDeclaredMethod("distillation", Batch.class);
            m.setAccessible(true);
            return (Tensor) m.invoke(g, b);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void codeCompatUsesMgdaWeightsWithTheFloors() {
        Dataset d = TinyData.dataset();
        Guider g = build("BM3", "code_compat", d, 4);
        g.beforeEpoch(new EpochContext(0, new Rng(5)));
        g.loss(TinyData.batch(d, 6));
        assertThat(g.lastWeights()).isNotNull();
        assertThat(g.lastWeights().student()).isGreaterThanOrEqualTo(0.5);
        assertThat(g.lastWeights().distill()).isGreaterThanOrEqualTo(1e-4);
        assertThat(g.lastWeights().student()).isEqualTo(Math.max(g.lastWeights().gamma(), 0.5));
    }

    @Test
    void sameSeedGivesTheSameLoss() {
        Dataset d = TinyData.dataset();
        float[] values = new float[2];
        for (int k = 0; k < 2; k++) {
            Guider g = build("FREEDOM", "paper", d, 7);
            g.beforeEpoch(new EpochContext(0, new Rng(8)));
            values[k] = g.loss(TinyData.batch(d, 9)).item();
        }
        assertThat(values[1]).isEqualTo(values[0]);
    }

    @Test
    void aStudentWithoutTrainingScoresIsRefusedClearly() {
        Dataset d = TinyData.dataset();
        ModelSpec spec = ModelCatalog.get("ItemKNNCBF");
        Config c = config(spec, "guider_mode=code_compat");
        assertThatThrownBy(() -> Wrappers.apply(spec, c).create(new ModelContext(d, c, new Rng(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GUIDER").hasMessageContaining("ItemKnnCbf");
    }

    @ParameterizedTest
    @MethodSource("students")
    void trainingScoresEqualTheScorersScoresAndCarryGradients(String model) {
        Dataset d = TinyData.dataset();
        ModelSpec spec = ModelCatalog.get(model);
        Recommender m = spec.create(new ModelContext(d, TinyData.config(spec), new Rng(11)));
        int[] users = {0, 5, 5, 39};
        float[] expected = new float[users.length * d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(users, expected);
        }
        Tensor t = m.trainingScores(users);
        assertThat(t.rows()).isEqualTo(users.length);
        assertThat(t.cols()).isEqualTo(d.numItems());
        assertThat(t.requiresGrad()).isTrue();
        for (int k = 0; k < expected.length; k++) {
            assertThat(t.data()[k]).as("%s score %s", model, k).isCloseTo(expected[k], within(1e-5f + 1e-5f * Math.abs(expected[k])));
        }
    }
}
