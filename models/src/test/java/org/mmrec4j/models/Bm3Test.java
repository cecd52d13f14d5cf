package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.TableNorms;
import org.mmrec4j.models.loss.Losses;
import org.mmrec4j.models.multimodal.Bm3;

class Bm3Test {
    private static final ModelSpec SPEC = ModelCatalog.get("BM3");

    private static Bm3 build(Dataset d, String... sets) {
        return (Bm3) SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(8)));
    }

    /** A batch without negatives, as the trainer builds it for BM3, with repeated users and items. */
    private static Batch batch(Dataset d, long seed) {
        return new BprSampler(d.train(), d.numUsers(), 64, false, new Rng(seed)).nextEpoch().get(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void onlineGradientMatchesFiniteDifferencesWithTargetsHeldFixed(int layers) {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d, "n_layers=" + layers, "reg_weight=0.5");
        Batch b = batch(d, 3);
        // Scale up so neither the cosines nor the regulariser are flat at Xavier's tiny initial values.
        for (Tensor p : m.params().tensors()) for (int i = 0; i < p.size(); i++) p.data()[i] *= 5f;
        Bm3.Targets t = m.targets(b);
        Tensor[] params = m.params().tensors().toArray(new Tensor[0]);
        GradCheck.check("BM3 loss, L=" + layers, 1e-2f, 3e-2, 2e-4, x -> m.loss(b, t), params);
    }

    @Test
    void fusedNormsOpMatchesItsCompositionAndFiniteDifferences() {
        Tensor e = GradCheck.input(7, 3, 1), q = GradCheck.input(7, 3, 2);
        float expected = e.sliceRows(0, 3).norm().add(e.sliceRows(3, 7).add(q.sliceRows(3, 7)).norm()).item();
        assertThat(TableNorms.userAndResidualItem(e, q, 3).item()).isCloseTo(expected, within(1e-5f));
        GradCheck.check("userItemNorms", x -> TableNorms.userAndResidualItem(x[0], x[1], 3), e, q);
        // n_layers = 0: the propagated table is the layer-0 table itself, so both gradients land on it.
        GradCheck.check("userItemNorms, aliased", x -> TableNorms.userAndResidualItem(x[0], x[0], 3), e);
    }

    /** MMRec's computation: everything over whole tables, then the batch rows gathered. */
    @Test
    void batchRowLossEqualsTheFullTableLoss() {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d, "n_layers=2", "reg_weight=0.5");
        Batch b = batch(d, 5);
        Bm3.Targets t = m.targets(b);
        Params p = m.params();
        int nu = d.numUsers(), ni = d.numItems();
        try (var off = Grad.off()) {
            CsrMatrix adj = new UserItemGraph(d.train(), nu, ni).symmetricNorm();
            Tensor e0 = p.get("nodes");
            Tensor e = e0.add(adj.multiply(e0)).add(adj.multiply(adj.multiply(e0))).scale(1f / 3);
            Tensor hu = e.sliceRows(0, nu), hi = e.sliceRows(nu, nu + ni).add(e0.sliceRows(nu, nu + ni));
            Tensor w = p.get("predictor.weight"), bias = p.get("predictor.bias");
            int[] u = BatchRows.of(nu, b.users()).local(b.users()), i = BatchRows.of(ni, b.positives()).local(b.positives());
            Tensor zu = t.users().gatherRows(u), zi = t.items().gatherRows(i);
            Tensor loss = Losses.negCosineSg(hu.matmul(w).add(bias).gatherRows(b.users()), zi)
                    .add(Losses.negCosineSg(hi.matmul(w).add(bias).gatherRows(b.positives()), zu))
                    .add(Losses.embReg(hu, hi).scale(0.5f));
            String[] names = {"image", "text"};
            for (int k = 0; k < names.length; k++) {
                Tensor mk = p.get("modality." + names[k] + ".features").matmul(p.get("modality." + names[k] + ".w1"))
                        .add(p.get("modality." + names[k] + ".b1"));
                Tensor ym = mk.matmul(w).add(bias).gatherRows(b.positives());
                loss = loss.add(Losses.negCosineSg(ym, zi).add(Losses.negCosineSg(ym, t.modalities().get(k).gatherRows(i))).scale(2f));
            }
            assertThat(m.loss(b, t).item()).isCloseTo(loss.item(), within(1e-5f));
        }
    }

    @Test
    void targetsAreDroppedOutAndDifferPerBatchButRepeatPerEpoch() {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d, "dropout=0.5");
        Batch b = batch(d, 5);
        m.beforeEpoch(new EpochContext(3, new Rng(77)));
        Bm3.Targets first = m.targets(b), second = m.targets(b);
        m.beforeEpoch(new EpochContext(3, new Rng(77)));
        Bm3.Targets again = m.targets(b);
        assertThat(again.items().data()).containsExactly(first.items().data());
        assertThat(second.items().data()).isNotEqualTo(first.items().data());
        long zeros = 0;
        for (float v : first.users().data()) if (v == 0f) zeros++;
        assertThat((double) zeros / first.users().size()).isBetween(0.4, 0.6);
    }

    /**
     * MMRec's targets are F.dropout(p) of the un-predicted views: H_u, H_i (with the item-ID residual)
     * and M_m = proj_m(F_m), never φ of them. p is the drop probability: each entry is either 0 or the
     * online value times 1/(1 − p). p = 0.3 tells "drop" from "keep" apart, which p = 0.5 cannot.
     */
    @Test
    void targetsAreInvertedDropoutOfTheUnpredictedViewsWithPAsTheDropProbability() {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d, "n_layers=1", "dropout=0.3");
        Batch b = batch(d, 5);
        m.beforeEpoch(new EpochContext(0, new Rng(11)));
        Bm3.Targets t = m.targets(b);
        Params p = m.params();
        int nu = d.numUsers(), ni = d.numItems();
        try (var off = Grad.off()) {
            CsrMatrix adj = new UserItemGraph(d.train(), nu, ni).symmetricNorm();
            Tensor e0 = p.get("nodes");
            Tensor e = e0.add(adj.multiply(e0)).scale(0.5f);
            int[] users = BatchRows.of(nu, b.users()).rows(), items = BatchRows.of(ni, b.positives()).rows();
            Tensor hu = e.gatherRows(users);
            int[] itemNodes = BatchRows.shifted(items, nu);
            Tensor hi = e.gatherRows(itemNodes).add(e0.gatherRows(itemNodes));
            Tensor mImage = p.get("modality.image.features").gatherRows(items).matmul(p.get("modality.image.w1"))
                    .add(p.get("modality.image.b1"));
            long[] dropped = new long[2];
            assertDroppedView(hu, t.users(), 0.3f, dropped);
            assertDroppedView(hi, t.items(), 0.3f, dropped);
            assertDroppedView(mImage, t.modalities().get(0), 0.3f, dropped);
            assertThat((double) dropped[0] / dropped[1]).isBetween(0.25, 0.35);
        }
    }

    private static void assertDroppedView(Tensor online, Tensor target, float p, long[] droppedAndTotal) {
        assertThat(target.shape()).isEqualTo(online.shape());
        for (int k = 0; k < online.size(); k++) {
            float z = target.data()[k];
            if (z == 0f) droppedAndTotal[0]++;
            else assertThat(z).isCloseTo(online.data()[k] / (1 - p), within(1e-5f * Math.max(1f, Math.abs(z))));
            droppedAndTotal[1]++;
        }
    }

    /**
     * The targets are constants (MMRec builds them under no_grad): the training loss, which draws its own
     * targets, has exactly the gradient of the same loss with those targets passed in as constants.
     */
    @Test
    void theTrainingLossSendsNoGradientThroughItsTargets() {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d, "n_layers=1", "reg_weight=0.5");
        Batch b = batch(d, 7);
        for (Tensor x : m.params().tensors()) for (int i = 0; i < x.size(); i++) x.data()[i] *= 5f;
        EpochContext epoch = new EpochContext(2, new Rng(19));
        m.beforeEpoch(epoch);
        Bm3.Targets t = m.targets(b);
        m.params().tensors().forEach(Tensor::zeroGradInPlace);
        m.loss(b, t).backward();
        List<float[]> fixed = new ArrayList<>();
        for (Tensor x : m.params().tensors()) fixed.add(x.grad() == null ? new float[x.size()] : x.grad().clone());
        m.params().tensors().forEach(Tensor::zeroGradInPlace);
        m.beforeEpoch(epoch); // the same per-batch stream again, so loss(b) draws the same targets
        m.loss(b).backward();
        int k = 0;
        for (Tensor x : m.params().tensors()) {
            float[] g = x.grad() == null ? new float[x.size()] : x.grad();
            float[] f = fixed.get(k++);
            for (int i = 0; i < g.length; i++) assertThat(g[i]).isCloseTo(f[i], within(1e-6f + 1e-5f * Math.abs(f[i])));
        }
    }

    @Test
    void trainsOnPositivesOnlyAndScoresThroughThePredictor() {
        Dataset d = TinyData.dataset();
        Bm3 m = build(d);
        assertThat(m.usesNegatives()).isFalse();
        assertThat(Float.isFinite(m.loss(batch(d, 1)).item())).isTrue();
        int nu = d.numUsers(), ni = d.numItems();
        float[] s = new float[ni];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {6}, s);
            Params p = m.params();
            CsrMatrix adj = new UserItemGraph(d.train(), nu, ni).symmetricNorm();
            Tensor e0 = p.get("nodes");
            Tensor e = e0.add(adj.multiply(e0)).scale(0.5f);
            Tensor w = p.get("predictor.weight"), bias = p.get("predictor.bias");
            Tensor yu = e.gatherRows(new int[] {6}).matmul(w).add(bias);
            Tensor yi = e.gatherRows(new int[] {nu + 11}).add(e0.gatherRows(new int[] {nu + 11})).matmul(w).add(bias);
            assertThat(s[11]).isCloseTo(yu.rowDot(yi).item(), within(1e-5f));
        }
    }

    @Test
    void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BM3").hasMessageContaining("feature");
    }
}
