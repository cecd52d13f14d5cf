package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;

/** Properties every catalogued model must have; one parameterised test per property. */
class ModelContractTest {

    static List<ModelSpec> models() {
        return ModelCatalog.all();
    }

    private static Recommender build(ModelSpec spec, Dataset d, long seed) {
        return spec.create(new ModelContext(d, config(spec), new Rng(seed)));
    }

    /** A visible regulariser where the model has one, so its gradient is checked too. */
    private static Config config(ModelSpec spec) {
        Config c = TinyData.config(spec);
        return c.has("reg_weight") ? c.with("reg_weight", 0.01, "test") : c;
    }

    @ParameterizedTest
    @MethodSource("models")
    void lossIsAFiniteScalarAndEveryParameterGetsAGradient(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        Recommender m = build(spec, d, 1);
        Tensor loss = m.loss(TinyData.batch(d, 2));
        assertThat(loss.rows() * loss.cols()).isEqualTo(1);
        assertThat(Float.isFinite(loss.item())).isTrue();
        loss.backward();
        for (var e : m.params().asMap().entrySet()) {
            assertThat(e.getValue().grad()).as("gradient of %s", e.getKey()).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void lossGradientMatchesFiniteDifferences(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        // Central differences across a LeakyReLU kink are wrong by the kink's jump, and a network with
        // thousands of units always has some unit within h of one; slope 1 makes the loss smooth while
        // every other op stays in the graph (LeakyReLU itself is checked in the engine).
        Recommender m = spec.create(new ModelContext(d, smoothed(config(spec)), new Rng(3)));
        Batch b = TinyData.batch(d, 4);
        // Scale embedding tables up so the loss is not flat at Xavier's tiny initial values; weight
        // matrices keep their scale, since scaling a stack of layers by 20 overflows its loss.
        for (Tensor p : m.params().tensors()) {
            if (!isTable(p, d)) continue;
            for (int i = 0; i < p.size(); i++) p.data()[i] *= 20f;
        }
        Tensor[] params = m.params().tensors().toArray(new Tensor[0]);
        GradCheck.check(spec.name() + " loss", 1e-2f, 3e-2, 1e-4, x -> m.loss(b), params);
    }

    private static Config smoothed(Config c) {
        return c.has("leaky_slope") ? c.with("leaky_slope", 1.0, "test") : c;
    }

    /** One row per user, item or node. */
    private static boolean isTable(Tensor p, Dataset d) {
        int r = p.rows();
        return r == d.numUsers() || r == d.numItems() || r == d.numUsers() + d.numItems();
    }

    @ParameterizedTest
    @MethodSource("models")
    void trainingLowersTheLoss(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        Recommender m = build(spec, d, 5);
        Adam adam = new Adam(m.params(), 0.01, 0.0);
        Batch b = TinyData.batch(d, 6);
        float first = m.loss(b).item();
        for (int step = 0; step < 20; step++) {
            adam.zeroGrad();
            m.loss(b).backward();
            adam.step();
        }
        assertThat(m.loss(b).item()).isLessThan(first * 0.9f);
    }

    @ParameterizedTest
    @MethodSource("models")
    void scorerFillsOneRowPerUserOverAllItemsAndIsDeterministic(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        int[] users = {0, 5, 39};
        float[] a = new float[users.length * d.numItems()], b = new float[a.length];
        try (var off = Grad.off()) {
            build(spec, d, 7).scorer().score(users, a);
            build(spec, d, 7).scorer().score(users, b);
        }
        assertThat(a).containsExactly(b);
        long distinct = java.util.stream.IntStream.range(0, a.length).mapToDouble(i -> a[i]).distinct().count();
        assertThat(distinct).as("distinct scores").isGreaterThan(a.length / 2);
    }

    @Test
    void unknownModelNamesListTheValidOnes() {
        assertThatThrownBy(() -> ModelCatalog.get("LightGNC")).hasMessageContaining("LightGCN").hasMessageContaining("BPR");
        assertThat(ModelCatalog.get("lightgcn").name()).isEqualTo("LightGCN");
    }
}
