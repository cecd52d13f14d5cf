package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.models.multimodal.DualGraphFixtures.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;

class DualGnnTest {

    @Test
    void aggregationIsPygSymmetricNormalisedSumUpToFloatRounding() {
        Dataset d = dataset("image");
        double[][] pyg = pygAggregation(d);
        double[][] n1 = dense(new ModelContext(d, null, null).userItemGraph().symmetricNorm());
        for (int r = 0; r < pyg.length; r++) {
            for (int c = 0; c < pyg.length; c++) assertThat(n1[r][c]).isCloseTo(pyg[r][c], within(1e-7 + 1e-6 * pyg[r][c]));
        }
    }

    /** Scores by plain loops from the parameters, the epoch's S and the reference's fusion rules. */
    private static double[][] expectedScores(DualGnn m, Dataset d, boolean referenceFusion) {
        double[][] agg = pygAggregation(d);
        List<double[][]> out = new ArrayList<>();
        for (String mod : d.features().names()) out.add(branchOutput(m, d, mod, agg));
        int nu = d.numUsers(), dim = out.get(0)[0].length, mods = out.size();
        double[][] omega = mods > 1 ? dense(m.params().get("user_modality_weight")) : null;
        double[][] users = new double[nu][dim], items = new double[d.numItems()][dim];
        for (int i = 0; i < d.numItems(); i++) for (double[][] o : out) for (int c = 0; c < dim; c++) items[i][c] += o[nu + i][c];
        for (int u = 0; u < nu; u++) {
            for (int k = 0; k < mods; k++) {
                for (int c = 0; c < dim; c++) {
                    double v = out.get(k)[u][c];
                    if (k == 0 && referenceFusion) for (int j = 1; j < mods; j++) v += out.get(j)[u][c];
                    users[u][c] += (omega == null ? 1 : omega[u][k]) * v;
                }
            }
        }
        users = add(users, matmul(dense(m.userGraph()), users));
        return matmul(users, transpose(items));
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    private static void assertScores(Recommender m, Dataset d, double[][] expected) {
        int[] users = {0, 7, 21, 39};
        float[][] got = scores(m, users, d.numItems());
        for (int r = 0; r < users.length; r++) {
            for (int i = 0; i < d.numItems(); i++) {
                assertThat((double) got[r][i]).isCloseTo(expected[users[r]][i], within(1e-4 * (1 + Math.abs(expected[users[r]][i]))));
            }
        }
    }

    @Test
    void scoresEqualAHandComputationWithTheReferenceUserFusion() {
        Dataset d = dataset("image", "text");
        DualGnn m = (DualGnn) model("DualGNN", d, 1);
        m.beforeEpoch(new EpochContext(0, new Rng(9)));
        assertScores(m, d, expectedScores(m, d, true));
    }

    @Test
    void paperFusionWeightsEachModalityOnce() {
        Dataset d = dataset("image", "text", "audio");
        DualGnn m = (DualGnn) model("DualGNN", d, 2, "reference_user_fusion=false");
        assertScores(m, d, expectedScores(m, d, false));
    }

    @Test
    void oneModalityHasNoModalityWeights() {
        Dataset d = dataset("audio");
        DualGnn m = (DualGnn) model("DualGNN", d, 3);
        assertThat(m.params().asMap()).doesNotContainKey("user_modality_weight");
        assertScores(m, d, expectedScores(m, d, true));
    }

    @Test
    void predictionUsesTheRepresentationOfTheLastTrainingBatch() {
        Dataset d = dataset("image", "text");
        DualGnn m = (DualGnn) model("DualGNN", d, 4, "learning_rate=0.01");
        Batch b = batch(d, 5);
        int[] users = {3, 30};
        Adam adam = new Adam(m.params(), 0.01, 0.0);
        float[][] beforeStep = scores(m, users, d.numItems());
        adam.zeroGrad();
        m.loss(b).backward();
        adam.step();
        float[][] cached = scores(m, users, d.numItems());
        float[] fresh = new float[users.length * d.numItems()];
        try (var off = Grad.off()) {
            org.mmrec4j.models.block.Embeddings.split(m.forward(), d.numUsers()).dotScorer().score(users, fresh);
        }
        for (int r = 0; r < users.length; r++) assertThat(cached[r]).containsExactly(beforeStep[r]);
        assertThat(fresh[0]).isNotEqualTo(cached[0][0]);
    }

    @Test
    void userGraphIsResampledPerEpochFromTheEpochStream() {
        Dataset d = dataset("image", "text");
        DualGnn a = (DualGnn) model("DualGNN", d, 6), b = (DualGnn) model("DualGNN", d, 7);
        a.beforeEpoch(new EpochContext(3, new Rng(33)));
        b.beforeEpoch(new EpochContext(3, new Rng(33)));
        assertThat(a.userGraph().values()).containsExactly(b.userGraph().values());
        assertThat(a.userGraph().colIdx()).containsExactly(b.userGraph().colIdx());
    }

    @Test
    void lossIsBprLog2PlusPreferenceAndModalityWeightRegularisers() {
        Dataset d = dataset("image", "text");
        DualGnn m = (DualGnn) model("DualGNN", d, 8, "reg_weight=0.5");
        Batch b = batch(d, 9);
        float loss = m.loss(b).item();
        double[][] s = expectedScores(m, d, true);
        double bpr = 0;
        for (int k = 0; k < b.size(); k++) {
            double x = s[b.users()[k]][b.positives()[k]] - s[b.users()[k]][b.negatives()[k]];
            bpr -= Math.log(1 / (1 + Math.exp(-x))) / Math.log(2);
        }
        bpr /= b.size();
        double reg = 0;
        for (String mod : d.features().names()) {
            Tensor p = m.params().get(mod + ".preference");
            double sq = 0;
            for (int u : b.users()) for (int c = 0; c < p.cols(); c++) sq += p.get(u, c) * p.get(u, c);
            reg += sq / (b.size() * p.cols());
        }
        Tensor w = m.params().get("user_modality_weight");
        double sq = 0;
        for (float v : w.data()) sq += v * v;
        reg += sq / w.size();
        assertThat((double) loss).isCloseTo(bpr + 0.5 * reg, within(1e-4));
    }

    @Test
    void modalityWeightsStartSoftmaxedOverModalities() {
        Dataset d = dataset("image", "text", "audio");
        Tensor w = model("DualGNN", d, 10).params().get("user_modality_weight");
        for (int u = 0; u < w.rows(); u++) {
            assertThat((double) (w.get(u, 0) + w.get(u, 1) + w.get(u, 2))).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> model("DualGNN", dataset(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DualGNN needs item features");
    }

    /**
     * Element-wise finite differences for every parameter with no LeakyReLU downstream; directional ones
     * for the first MLP layer, whose single-element steps can cross a kink.
     */
    static void checkGradients(String model, String... modalities) {
        Dataset d = dataset(modalities);
        Recommender m = model(model, d, 3, "reg_weight=0.01");
        Batch b = batch(d, 4);
        for (var e : m.params().asMap().entrySet()) {
            float scale = e.getKey().endsWith(".preference") ? 20f : 2f; // lift the tiny Xavier preferences
            for (int i = 0; i < e.getValue().size(); i++) e.getValue().data()[i] *= scale;
        }
        List<Tensor> smooth = new ArrayList<>(), kinked = new ArrayList<>();
        for (var e : m.params().asMap().entrySet()) (e.getKey().contains(".mlp.") ? kinked : smooth).add(e.getValue());
        Tensor[] all = m.params().tensors().toArray(new Tensor[0]);
        GradCheck.check(model + " loss", 1e-2f, 3e-2, 1e-4, x -> m.loss(b), smooth.toArray(new Tensor[0]));
        for (Tensor t : all) t.zeroGradInPlace();
        checkDirectional(model + " loss, first MLP layer", 1e-3f, 2e-2, x -> m.loss(b), kinked.toArray(new Tensor[0]));
    }

    @Test
    void lossGradientMatchesFiniteDifferences() {
        checkGradients("DualGNN", "image", "text");
        checkGradients("DualGNN", "text");
    }
}
