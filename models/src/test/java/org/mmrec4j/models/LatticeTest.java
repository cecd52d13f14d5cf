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

/** LATTICE against a dense re-implementation of spec §7, and its once-per-epoch gradient through the graph. */
class LatticeTest {
    private static final ModelSpec SPEC = ModelCatalog.get("LATTICE");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(2)));
    }

    private static float[][] dense(CsrMatrix a) {
        float[][] out = new float[a.rows()][a.cols()];
        for (int r = 0; r < a.rows(); r++) {
            for (int e = a.rowPtr()[r]; e < a.rowPtr()[r + 1]; e++) out[r][a.colIdx()[e]] += a.values()[e];
        }
        return out;
    }

    /** G of spec §7 from the model's current parameters, dense n×n. */
    private static float[][] expectedItemGraph(Recommender m, FeatureSet fs, int k, double lambda) {
        int n = fs.get(fs.names().get(0)).rows(), modalities = fs.size();
        double[] omega = new double[modalities];
        if (modalities == 1) {
            omega[0] = 1;
        } else {
            float[] logits = m.params().get("modal_weight").data();
            double z = 0;
            for (float l : logits) z += Math.exp(l);
            for (int q = 0; q < modalities; q++) omega[q] = Math.exp(logits[q]) / z;
        }
        double[][] learned = new double[n][n], orig = new double[n][n];
        for (int q = 0; q < modalities; q++) {
            String name = fs.names().get(q);
            Tensor f = m.params().get(name + ".features").matmul(m.params().get(name + ".proj.weight")).add(m.params().get(name + ".proj.bias"));
            Tensor unit = f.normalizeRows();
            ItemKnnGraph knn = ItemKnnGraph.cosine(new org.mmrec4j.data.FeatureMatrix(n, f.cols(), f.data()), k);
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < k; s++) {
                    int j = knn.neighbour(i, s);
                    double cos = 0;
                    for (int c = 0; c < f.cols(); c++) cos += unit.get(i, c) * unit.get(j, c);
                    learned[i][j] += omega[q] * cos;
                }
            }
            float[][] k2 = dense(ItemKnnGraph.cosine(fs.get(name), k).symmetricNormalized());
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) orig[i][j] += omega[q] * k2[i][j];
        }
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) deg[i] += learned[i][j];
        float[][] g = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i][j] = (float) ((1 - lambda) * learned[i][j] / Math.sqrt(deg[i] * deg[j]) + lambda * orig[i][j]);
            }
        }
        return g;
    }

    /** Final [users; items] rows by the definition: N3 layer mean, items + norm(G Q). */
    private static Tensor expectedFinal(Recommender m, Dataset d, float[][] g) {
        return expectedFinal(m, d, g, 1);
    }

    private static Tensor expectedFinal(Recommender m, Dataset d, float[][] g, int itemLayers) {
        Tensor nodes = m.params().get("nodes");
        CsrMatrix n3 = new ModelContext(d, null, null).userItemGraph().rowNormalizedWithSelfLoops();
        Tensor e1 = n3.multiply(nodes), e2 = n3.multiply(e1);
        Tensor mean = nodes.add(e1).add(e2).scale(1f / 3);
        int nu = d.numUsers();
        Tensor h = nodes.sliceRows(nu, nodes.rows());
        for (int l = 0; l < itemLayers; l++) h = Tensor.of(g).matmul(h);
        h = h.normalizeRows();
        return Tensor.concatRows(mean.sliceRows(0, nu), mean.sliceRows(nu, mean.rows()).add(h));
    }

    @Test
    void scoresMatchTheDenseDefinition() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "knn_k=4", "lambda_coeff=0.7");
        // Move ω off its symmetric start so the mixture weights matter.
        m.params().get("modal_weight").data()[0] = 1.3f;
        Tensor fin = expectedFinal(m, d, expectedItemGraph(m, d.features(), 4, 0.7));
        float[] scores = new float[d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {11}, scores);
        }
        for (int i = 0; i < d.numItems(); i++) {
            double s = 0;
            for (int c = 0; c < fin.cols(); c++) s += fin.get(11, c) * fin.get(d.numUsers() + i, c);
            assertThat(scores[i]).isCloseTo((float) s, within(2e-5f));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2})
    void firstAndLaterBatchLossesMatchTheDenseDefinitionIncludingBatchSq(int itemLayers) {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "reg_weight=0.3", "n_layers=" + itemLayers);
        Batch b = TinyData.batch(d, 5);
        float got = m.loss(b).item();
        float later = m.loss(b).item();
        assertThat(later).as("the detached copy holds the same values").isCloseTo(got, within(1e-6f));
        Tensor fin = expectedFinal(m, d, expectedItemGraph(m, d.features(), 10, 0.9), itemLayers);
        int nu = d.numUsers();
        int[] pos = b.positives().clone(), neg = b.negatives().clone();
        for (int k = 0; k < pos.length; k++) {
            pos[k] += nu;
            neg[k] += nu;
        }
        Tensor u = fin.gatherRows(b.users()), ip = fin.gatherRows(pos), in = fin.gatherRows(neg);
        Tensor expected = Losses.bpr(u.rowDot(ip), u.rowDot(in)).add(Losses.batchSq(2048, u, ip, in).scale(0.3f));
        assertThat(got).isCloseTo(expected.item(), within(1e-5f));
    }

    @Test
    void onlyTheFirstBatchOfAnEpochTrainsTheGraphAndLaterBatchesUseItsDetachedCopy() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d);
        Batch b1 = TinyData.batch(d, 6), b2 = TinyData.batch(d, 7);
        m.beforeEpoch(new EpochContext(0, new Rng(1)));
        m.loss(b1).backward();
        for (String p : new String[] {"image.features", "image.proj.weight", "text.proj.bias", "modal_weight"}) {
            assertThat(m.params().get(p).grad()).as("first batch: gradient of %s", p).isNotNull();
        }
        m.params().zeroGradInPlace();
        Tensor second = m.loss(b2);
        second.backward();
        for (String p : new String[] {"image.features", "image.proj.weight", "text.proj.bias", "modal_weight"}) {
            assertThat(m.params().get(p).grad()).as("later batch: no gradient of %s", p).isNull();
        }
        // Changing the projection does not change later batches until the next epoch rebuilds the graph.
        float[] w = m.params().get("image.proj.weight").data();
        for (int i = 0; i < w.length; i++) w[i] *= -1.5f;
        assertThat(m.loss(b2).item()).isEqualTo(second.item());
        m.beforeEpoch(new EpochContext(1, new Rng(2)));
        assertThat(m.loss(b2).item()).isNotEqualTo(second.item());
    }

    @Test
    void aSingleModalityHasNoMixingWeights() {
        Dataset full = TinyData.dataset();
        FeatureSet onlyImage = FeatureSet.of(Map.of("image", full.features().get("image")));
        Dataset d = Dataset.of("tiny", full.train(), full.valid(), full.test(), onlyImage);
        Recommender m = build(d, "knn_k=5");
        assertThat(m.params().asMap()).doesNotContainKey("modal_weight");
        Tensor fin = expectedFinal(m, d, expectedItemGraph(m, onlyImage, 5, 0.9));
        float[] scores = new float[d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {3}, scores);
        }
        for (int i = 0; i < d.numItems(); i++) {
            double s = 0;
            for (int c = 0; c < fin.cols(); c++) s += fin.get(3, c) * fin.get(d.numUsers() + i, c);
            assertThat(scores[i]).isCloseTo((float) s, within(2e-5f));
        }
    }

    @Test
    void refusesADatasetWithoutFeaturesAndUnknownPropagation() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LATTICE needs item features");
        assertThatThrownBy(() -> build(TinyData.dataset(), "cf_model=ngcf")).hasMessageContaining("cf_model");
    }
}
