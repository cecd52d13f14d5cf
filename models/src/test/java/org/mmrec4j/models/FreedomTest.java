package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.models.loss.Losses;

/** FREEDOM beyond the catalogue contract: the frozen graph, batch-row exactness, pruning per epoch. */
class FreedomTest {
    private static final ModelSpec SPEC = ModelCatalog.get("FREEDOM");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(1)));
    }

    /** G_mm as spec §10.2 defines it, dense: w_image/k on image-kNN entries plus (1 − w)/k on text-kNN entries. */
    private static float[][] expectedItemGraph(FeatureSet f, int k, double imageWeight) {
        int n = f.get("image").rows();
        float[][] g = new float[n][n];
        for (String m : f.names()) {
            double w = f.names().size() == 1 ? 1 : m.equals("image") ? imageWeight : 1 - imageWeight;
            ItemKnnGraph knn = ItemKnnGraph.cosine(f.get(m), k);
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < k; s++) g[i][knn.neighbour(i, s)] += (float) (w / k);
            }
        }
        return g;
    }

    /** Scores by the definition: P̄·(Q̄ + G_mm Q)ᵀ with the N1 layer mean, computed densely. */
    private static float[] expectedScores(Recommender m, Dataset d, float[][] g, int layers, int user) {
        Tensor nodes = m.params().get("nodes");
        CsrMatrix adj = new ModelContext(d, null, null).userItemGraph().symmetricNorm();
        Tensor e = nodes, sum = nodes;
        for (int l = 0; l < layers; l++) {
            e = adj.multiply(e);
            sum = sum.add(e);
        }
        Tensor mean = sum.scale(1f / (layers + 1));
        int nu = d.numUsers(), n = d.numItems(), dim = nodes.cols();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < dim; c++) {
                double h = 0;
                for (int j = 0; j < n; j++) h += g[i][j] * nodes.get(nu + j, c);
                s += mean.get(user, c) * (mean.get(nu + i, c) + h);
            }
            out[i] = (float) s;
        }
        return out;
    }

    @Test
    void scoresUseTheFrozenImageWeightedGraphAndTheFullNormalisedAdjacency() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "knn_k=4", "mm_image_weight=0.3");
        float[][] g = expectedItemGraph(d.features(), 4, 0.3);
        float[] scores = new float[d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {7}, scores);
        }
        float[] expected = expectedScores(m, d, g, 2, 7);
        for (int i = 0; i < scores.length; i++) assertThat(scores[i]).isCloseTo(expected[i], within(1e-5f));
        // The union sums where both modalities pick the same neighbour: 1/k there.
        boolean shared = false;
        for (int i = 0; i < g.length; i++) shared |= Math.abs(g[i][i] - 0.25f) < 1e-6f;
        assertThat(shared).as("the self edge is in both graphs").isTrue();
    }

    @Test
    void aSingleModalityUsesItsOwnGraphWhateverTheImageWeight() {
        Dataset full = TinyData.dataset();
        FeatureSet onlyText = FeatureSet.of(Map.of("text", full.features().get("text")));
        Dataset d = Dataset.of("tiny", full.train(), full.valid(), full.test(), onlyText);
        Recommender m = build(d, "knn_k=3", "mm_image_weight=0.1");
        int n = d.numItems();
        float[][] g = new float[n][n];
        ItemKnnGraph knn = ItemKnnGraph.cosine(onlyText.get("text"), 3);
        for (int i = 0; i < n; i++) for (int s = 0; s < 3; s++) g[i][knn.neighbour(i, s)] = 1f / 3;
        float[] scores = new float[n];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {2}, scores);
        }
        float[] expected = expectedScores(m, d, g, 2, 2);
        for (int i = 0; i < n; i++) assertThat(scores[i]).isCloseTo(expected[i], within(1e-5f));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2})
    void batchRowLossEqualsTheFullForwardWithoutPruning(int mmLayers) {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "dropout=0", "reg_weight=0.5", "knn_k=5", "n_mm_layers=" + mmLayers);
        Batch b = TinyData.batch(d, 3);
        float got = m.loss(b).item();

        int nu = d.numUsers();
        Tensor nodes = m.params().get("nodes");
        CsrMatrix adj = new ModelContext(d, null, null).userItemGraph().symmetricNorm();
        Tensor e1 = adj.multiply(nodes), e2 = adj.multiply(e1);
        Tensor mean = nodes.add(e1).add(e2).scale(1f / 3);
        float[][] g = expectedItemGraph(d.features(), 5, 0.1);
        Tensor h = nodes.sliceRows(nu, nodes.rows());
        for (int l = 0; l < mmLayers; l++) h = Tensor.of(g).matmul(h);
        Tensor items = mean.sliceRows(nu, mean.rows()).add(h);
        Tensor u = mean.gatherRows(b.users());
        Tensor loss = Losses.bpr(u.rowDot(items.gatherRows(b.positives())), u.rowDot(items.gatherRows(b.negatives())));
        Tensor modal = null;
        for (String name : d.features().names()) {
            Tensor proj = m.params().get(name + ".features").matmul(m.params().get(name + ".proj.weight"))
                    .add(m.params().get(name + ".proj.bias"));
            Tensor t = Losses.bpr(u.rowDot(proj.gatherRows(b.positives())), u.rowDot(proj.gatherRows(b.negatives())));
            modal = modal == null ? t : modal.add(t);
        }
        assertThat(got).isCloseTo(loss.add(modal.scale(0.5f)).item(), within(1e-5f));
    }

    @Test
    void pruningIsRedrawnEachEpochFromTheEpochStream() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "dropout=0.8");
        Batch b = TinyData.batch(d, 4);
        m.beforeEpoch(new EpochContext(0, new Rng(10)));
        float epoch0 = m.loss(b).item();
        m.beforeEpoch(new EpochContext(1, new Rng(11)));
        float epoch1 = m.loss(b).item();
        m.beforeEpoch(new EpochContext(0, new Rng(10)));
        assertThat(m.loss(b).item()).isEqualTo(epoch0);
        assertThat(epoch1).isNotEqualTo(epoch0);
    }

    @Test
    void withoutTheModalityTermThereAreNoFeatureParameters() {
        Dataset d = TinyData.dataset();
        assertThat(build(d, "reg_weight=0").params().asMap().keySet()).containsExactly("nodes");
        assertThat(build(d, "reg_weight=1e-3").params().asMap().keySet()).containsExactly("nodes",
                "image.features", "image.proj.weight", "image.proj.bias", "text.features", "text.proj.weight", "text.proj.bias");
    }

    @Test
    void refusesADatasetWithoutFeaturesAndMismatchedWidths() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FREEDOM needs item features");
        assertThatThrownBy(() -> build(TinyData.dataset(), "feat_embed_dim=32")).hasMessageContaining("feat_embed_dim");
    }

    @Test
    void theFrozenGraphComesFromTheCacheOnTheSecondBuild(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Dataset d = TinyData.dataset();
        String cacheDir = "cache_dir=" + dir;
        float[] a = new float[d.numItems()], c = new float[d.numItems()];
        try (var off = Grad.off()) {
            build(d, "graph_cache=true", cacheDir).scorer().score(new int[] {3}, a);
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".knn")).count()).as("one file per modality").isEqualTo(2);
            }
            build(d, "graph_cache=true", cacheDir).scorer().score(new int[] {3}, c);
        }
        assertThat(c).containsExactly(a);
    }
}
