package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
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
    /**
     * Models whose loss has stop-gradient targets computed from the parameters: finite differences see
     * the targets move, autograd rightly does not. Their own tests check the gradient with fixed targets.
     */
    private static final Set<String> STOP_GRADIENT_TARGETS = Set.of("BM3");

    /**
     * Models with a LeakyReLU feature MLP over every item: some probed weight or bias moves a hidden
     * pre-activation across 0 within the finite-difference step, and the one-element difference is then
     * off by the kink. Their own tests check each parameter element-wise where no kink lies downstream
     * and along random directions where one does.
     */
    private static final Set<String> ITEM_MLP_KINKS = Set.of("DualGNN", "DRAGON");

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
        Assumptions.assumeFalse(ITEM_MLP_KINKS.contains(spec.name()), spec.name() + " is checked by its own test");
        Dataset d = TinyData.dataset();
        Assumptions.assumeFalse(STOP_GRADIENT_TARGETS.contains(spec.name()), spec.name() + " has stop-gradient targets");
        // Central differences across a LeakyReLU kink are wrong by the kink's jump, and a network with
        // thousands of units always has some unit within h of one; slope 1 (where a model exposes
        // leaky_slope) makes the loss smooth while every other op stays in the graph.
        Config c = config(spec);
        if (c.has("leaky_slope")) c = c.with("leaky_slope", 1.0, "test");
        Recommender m = spec.create(new ModelContext(d, c, new Rng(3)));
        Batch b = TinyData.batch(d, 4);
        // Scale the embedding tables up so the loss is not flat at Xavier's tiny initial values, to at most
        // unit max-abs. Dense layers keep their init: ×20 on every layer of a deep model (SLMRec at τ = 0.1)
        // lifts the loss to ~1e5, where float32 differences are noise; and tensors already O(1) (trainable
        // feature copies, spectral filters) would saturate sigmoids so hard that a probe flips them.
        for (Tensor p : m.params().tensors()) {
            if (!isEmbeddingTable(p, d)) continue;
            float max = 0;
            for (float v : p.data()) max = Math.max(max, Math.abs(v));
            float s = max > 0 ? Math.min(20f, 1f / max) : 1f;
            for (int i = 0; i < p.size(); i++) p.data()[i] *= s;
        }
        Tensor[] params = m.params().tensors().toArray(new Tensor[0]);
        // Each evaluation starts a fresh epoch, so graphs a model rebuilds on an epoch's first batch
        // (LATTICE) depend on the perturbed parameters every time; per-epoch draws repeat (same stream).
        java.util.function.Function<Tensor[], Tensor> f = x -> {
            m.beforeEpoch(new EpochContext(0, new Rng(8)));
            return m.loss(b);
        };
        float loss;
        try (var off = Grad.off()) {
            loss = f.apply(params).item();
        }
        // Central differences trade truncation error (large steps) against float32 rounding (small
        // ones): nothing below a few ulp(loss)/h is resolvable (VBPR's content bias is seen only by the
        // regulariser), and a steep loss (LGMRec's Gumbel softmax at τ = 0.2) needs the smaller step.
        // A wrong gradient fails at both.
        AssertionError first = null;
        for (float h : new float[] {1e-2f, 3e-3f}) {
            double atol = Math.max(1e-4 * Math.max(1, Math.abs(loss)), 4 * Math.ulp(Math.abs(loss)) / h);
            try {
                GradCheck.check(spec.name() + " loss", h, 3e-2, atol, f, params);
                return;
            } catch (AssertionError e) {
                if (first == null) first = e;
            }
        }
        throw first;
    }

    /** A per-user, per-item or stacked [users; items] table. */
    private static boolean isEmbeddingTable(Tensor p, Dataset d) {
        return p.rows() == d.numUsers() || p.rows() == d.numItems() || p.rows() == d.numUsers() + d.numItems();
    }

    @ParameterizedTest
    @MethodSource("models")
    void trainingLowersTheLoss(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        Recommender m = build(spec, d, 5);
        org.junit.jupiter.api.Assumptions.assumeTrue(m.params().count() > 0, "no trainable parameters (fitted when built)");
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

    /** Every dot-product model exposes its final vectors, and their dot products are exactly its scores. */
    @ParameterizedTest
    @MethodSource("models")
    void finalEmbeddingsReproduceTheScorer(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        Recommender m = build(spec, d, 9);
        org.mmrec4j.models.block.Embeddings e;
        int[] users = {0, 5, 39};
        float[] scores = new float[users.length * d.numItems()];
        try (var off = Grad.off()) {
            e = m.finalEmbeddings();
            m.scorer().score(users, scores);
        }
        if (spec.name().equals("ItemKNNCBF")) {
            assertThat(e).as("ItemKNNCBF does not score by a dot product").isNull();
            return;
        }
        assertThat(e).as(spec.name() + " scores by a dot product, so it must expose finalEmbeddings").isNotNull();
        assertThat(e.users().rows()).isEqualTo(d.numUsers());
        assertThat(e.items().rows()).isEqualTo(d.numItems());
        assertThat(e.users().cols()).isEqualTo(e.items().cols());
        float[] again = new float[scores.length];
        e.dotScorer().score(users, again);
        assertThat(again).containsExactly(scores);
    }

    @Test
    void unknownModelNamesListTheValidOnes() {
        assertThatThrownBy(() -> ModelCatalog.get("LightGNC")).hasMessageContaining("LightGCN").hasMessageContaining("BPR");
        assertThat(ModelCatalog.get("lightgcn").name()).isEqualTo("LightGCN");
    }
}
