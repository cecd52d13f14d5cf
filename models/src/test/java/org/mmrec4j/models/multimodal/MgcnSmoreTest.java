package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.ViewRows;
import org.mmrec4j.models.loss.MultiViewLoss;

/** MGCN and SMORE beyond the catalogue contract: batch-row exactness, any modality count, SMORE's keys and dropout. */
class MgcnSmoreTest {
    private static final int USERS = 30, ITEMS = 24;

    /** Users prefer items of their group; each modality is a noisy function of the item's group. */
    private static Dataset dataset(String... modalities) {
        Rng rng = new Rng(5);
        int[] tu = new int[USERS * 5], ti = new int[USERS * 5], vu = new int[USERS], vi = new int[USERS];
        int n = 0;
        for (int u = 0; u < USERS; u++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            while (seen.size() < 6) seen.add(rng.nextDouble() < 0.8 ? (u % 3) * 8 + rng.nextInt(8) : rng.nextInt(ITEMS));
            int k = 0;
            for (int item : seen) {
                if (k++ < 5) {
                    tu[n] = u;
                    ti[n++] = item;
                } else {
                    vu[u] = u;
                    vi[u] = item;
                }
            }
        }
        Map<String, FeatureMatrix> features = new LinkedHashMap<>();
        for (int m = 0; m < modalities.length; m++) {
            int dim = 5 + 3 * m;
            float[] d = new float[ITEMS * dim];
            for (int i = 0; i < ITEMS; i++) {
                for (int j = 0; j < dim; j++) d[i * dim + j] = (j % 3 == i / 8 ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
            }
            features.put(modalities[m], new FeatureMatrix(ITEMS, dim, d));
        }
        Interactions valid = new Interactions(vu, vi);
        return Dataset.of("tiny-mm", new Interactions(tu, ti), valid, valid,
                modalities.length == 0 ? FeatureSet.empty() : FeatureSet.of(features));
    }

    private static Config config(String model, String... sets) {
        ModelSpec spec = ModelCatalog.get(model);
        return ConfigLoader.builder().model(spec.name(), Layer.resource(spec.yamlResource(), spec.name()))
                .overrides(List.of(sets)).load().expandGrid().get(0);
    }

    private static Recommender build(String model, Dataset d, String... sets) {
        return ModelCatalog.get(model).create(new ModelContext(d, config(model, sets), new Rng(3)));
    }

    private static Batch batch(Dataset d) {
        return new BprSampler(d.train(), d.numUsers(), 48, true, new Rng(9)).nextEpoch().get(0);
    }

    private static Tensor lossOverAllRows(Recommender m, Batch b) {
        return m instanceof Mgcn g ? g.lossOverAllRows(b) : ((Smore) m).lossOverAllRows(b);
    }

    /** Evaluating the batch's rows only is exact: same loss and same gradients as the reference's full forward. */
    @ParameterizedTest
    @ValueSource(strings = {"MGCN", "SMORE"})
    void batchRowLossAndGradientsEqualTheAllRowsComputation(String model) {
        Dataset d = dataset("image", "text");
        Recommender m = build(model, d, "reg_weight=0.01", "cl_loss=0.1", "n_layers=2");
        for (Tensor p : m.params().tensors()) for (int i = 0; i < p.size(); i++) p.data()[i] *= 5f; // away from the tiny init
        Batch b = batch(d);
        m.params().zeroGradInPlace();
        Tensor fast = m.loss(b);
        fast.backward();
        Map<String, float[]> grads = new LinkedHashMap<>();
        m.params().asMap().forEach((name, t) -> grads.put(name, t.grad().clone()));
        m.params().zeroGradInPlace();
        Tensor full = lossOverAllRows(m, b);
        full.backward();
        assertThat(fast.item()).isCloseTo(full.item(), within(1e-5f * Math.abs(full.item())));
        m.params().asMap().forEach((name, t) -> {
            float[] g = grads.get(name);
            float scale = 0;
            for (float v : t.grad()) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).as("%s gradient %s", name, i).isCloseTo(t.grad()[i], within(1e-4f * scale + 1e-7f));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MGCN", "SMORE"})
    void runsOnOneAndOnThreeModalities(String model) {
        for (String[] names : List.of(new String[] {"audio"}, new String[] {"image", "text", "audio"})) {
            Dataset d = dataset(names);
            Recommender m = build(model, d);
            Tensor loss = m.loss(batch(d));
            assertThat(Float.isFinite(loss.item())).as("%s on %s", model, List.of(names)).isTrue();
            loss.backward();
            float[] scores = new float[2 * ITEMS];
            try (var off = Grad.off()) {
                m.scorer().score(new int[] {0, 7}, scores);
            }
            for (float s : scores) assertThat(Float.isFinite(s)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MGCN", "SMORE"})
    void refusesADatasetWithoutFeatures(String model) {
        Dataset d = dataset();
        assertThatThrownBy(() -> build(model, d)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(model).hasMessageContaining("features");
    }

    @Test
    void smoreResolvesEachModalitysKnnKeyOrFallsBackToKnnK() {
        Config c = config("SMORE", "knn_k=5", "image_knn_k=3", "text_knn_k=4");
        Smore.Options o = Smore.Options.from(c, List.of("image", "text", "audio"));
        assertThat(o.knnK()).containsEntry("image", 3).containsEntry("text", 4).containsEntry("audio", 5);
    }

    @Test
    void smoreGateDropoutIsTrainingOnlyAndReplaysFromTheEpochStream() {
        Dataset d = dataset("image", "text");
        Recommender dropped = build("SMORE", d, "dropout_rate=0.5"), plain = build("SMORE", d);
        Batch b = batch(d);
        dropped.beforeEpoch(new EpochContext(0, new Rng(1).split(0)));
        float first = dropped.loss(b).item(), second = dropped.loss(b).item();
        assertThat(first).isNotEqualTo(second);
        dropped.beforeEpoch(new EpochContext(0, new Rng(1).split(0)));
        assertThat(dropped.loss(b).item()).isEqualTo(first);
        float[] a = new float[ITEMS], c = new float[ITEMS];
        try (var off = Grad.off()) {
            dropped.scorer().score(new int[] {2}, a);
            plain.scorer().score(new int[] {2}, c);
        }
        assertThat(a).containsExactly(c);
    }

    @Test
    void mgcnWithOneModalityHasNoSpecificPartSoSideIsHalfTheView() {
        // β = 1, so V_c = V_1 and S_1 = 0: side = V_1 / (M + 1) = V_1 / 2, with V_1 rebuilt here by hand.
        Dataset d = dataset("image");
        Mgcn m = (Mgcn) build("MGCN", d);
        var p = m.params();
        var graph = new ModelContext(d, null, null).userItemGraph();
        Tensor q = p.get("nodes").sliceRows(USERS, USERS + ITEMS);
        Tensor proj = p.get("features.image").matmul(p.get("projection.image.weight")).add(p.get("projection.image.bias"));
        Tensor purified = q.mul(proj.matmul(p.get("purifier.image.weight")).add(p.get("purifier.image.bias")).sigmoid());
        Tensor h = ItemGraphs.k3(d.features().get("image"), 10).multiply(purified);
        Tensor view = Tensor.concatRows(graph.userItemBlockNoEps().multiply(h), h);
        MultiViewLoss.Views v;
        try (var off = Grad.off()) {
            v = m.forward(ViewRows.all(graph.userItemBlockNoEps()));
        }
        for (int i = 0; i < view.size(); i++) assertThat(v.side().data()[i]).isCloseTo(view.data()[i] / 2, within(1e-6f));
        for (int i = 0; i < view.size(); i++) {
            assertThat(v.all().data()[i]).isCloseTo(v.content().data()[i] + v.side().data()[i], within(1e-6f));
        }
    }
}
