package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.models.multimodal.DualGraphFixtures.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.graph.GraphCache;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.block.ItemGraphs;

class DragonTest {

    @Test
    void itemGraphWeightsGiveImageItsShareAndSplitTheRestEqually() {
        assertThat(ItemGraphs.imageWeighted(List.of("image", "text"), 0.1)).containsExactly(0.1, 0.9);
        assertThat(ItemGraphs.imageWeighted(List.of("image", "text", "audio"), 0.1)).containsExactly(0.1, 0.45, 0.45);
        assertThat(ItemGraphs.imageWeighted(List.of("audio", "text"), 0.1)).containsExactly(0.5, 0.5);
        assertThat(ItemGraphs.imageWeighted(List.of("audio"), 0.1)).containsExactly(1.0);
        assertThat(ItemGraphs.imageWeighted(List.of("image"), 0.1)).containsExactly(1.0);
    }

    @Test
    void itemGraphIsTheWeightedSumOfEachModalitysK1Graph() {
        Dataset d = dataset("image", "text");
        double[][] g = dense(ItemGraphs.imageWeightedKnn(GraphCache.disabled(), d.features(), 10, 0.1));
        double[][] image = dense(ItemKnnGraph.cosine(d.features().get("image"), 10).binaryNormalized());
        double[][] text = dense(ItemKnnGraph.cosine(d.features().get("text"), 10).binaryNormalized());
        for (int i = 0; i < g.length; i++) {
            double rowSum = 0;
            for (int j = 0; j < g.length; j++) {
                assertThat(g[i][j]).isCloseTo(0.1 * image[i][j] + 0.9 * text[i][j], within(1e-7));
                rowSum += g[i][j];
            }
            assertThat(rowSum).isCloseTo(1, within(1e-6));
            assertThat(g[i][i]).isCloseTo(0.1, within(1e-7)); // self is in every K1 row: (0.1 + 0.9) / 10
        }
    }

    @Test
    void scoresEqualAHandComputationOfConcatFusionAndBothHomogeneousGraphs() {
        for (String[] mods : new String[][] {{"image", "text"}, {"audio"}, {"image", "audio", "text"}}) assertHandComputation(mods, 1);
    }

    @Test
    void itemGraphLayersApplyGToThePowerL() {
        assertHandComputation(new String[] {"image", "text"}, 0);
        assertHandComputation(new String[] {"image", "text"}, 2);
    }

    private static void assertHandComputation(String[] mods, int mmLayers) {
        Dataset d = dataset(mods);
        Dragon m = (Dragon) model("DRAGON", d, 1, "n_mm_layers=" + mmLayers);
        m.beforeEpoch(new EpochContext(2, new Rng(4)));
        double[][] agg = pygAggregation(d);
        List<double[][]> out = new ArrayList<>();
        for (String mod : d.features().names()) out.add(branchOutput(m, d, mod, agg));
        int nu = d.numUsers(), dim = out.get(0)[0].length, k = out.size();
        double[][] omega = k > 1 ? dense(m.params().get("user_modality_weight")) : null;
        double[][] users = new double[nu][k * dim], items = new double[d.numItems()][k * dim];
        for (int b = 0; b < k; b++) {
            for (int c = 0; c < dim; c++) {
                for (int u = 0; u < nu; u++) users[u][b * dim + c] = (omega == null ? 1 : omega[u][b]) * out.get(b)[u][c];
                for (int i = 0; i < d.numItems(); i++) items[i][b * dim + c] = out.get(b)[nu + i][c];
            }
        }
        double[][] h = items;
        for (int l = 0; l < mmLayers; l++) h = matmul(dense(m.itemGraph()), h);
        if (mmLayers > 0) items = add(items, h);
        users = add(users, matmul(dense(m.userGraph()), users));
        int[] rows = {0, 13, 39};
        float[][] got = scores(m, rows, d.numItems());
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < d.numItems(); i++) {
                double e = 0;
                for (int c = 0; c < k * dim; c++) e += users[rows[r]][c] * items[i][c];
                assertThat((double) got[r][i]).as("%s user %s item %s", List.of(mods), rows[r], i)
                        .isCloseTo(e, within(1e-4 * (1 + Math.abs(e))));
            }
        }
    }

    @Test
    void oneModalityHasNoModalityWeights() {
        assertThat(model("DRAGON", dataset("text"), 1).params().asMap()).doesNotContainKey("user_modality_weight");
    }

    @Test
    void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> model("DRAGON", dataset(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DRAGON needs item features");
    }

    @Test
    void lossGradientMatchesFiniteDifferences() {
        DualGnnTest.checkGradients("DRAGON", "image", "text");
        DualGnnTest.checkGradients("DRAGON", "audio");
    }
}
