package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.loss.Losses;
import org.mmrec4j.models.multimodal.LgmRec;

class LgmRecTest {
    private static final ModelSpec SPEC = ModelCatalog.get("LGMRec");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(1)));
    }

    @Test
    void withoutTheGlobalPartTheLossIsBprOnCollaborativePlusNormalisedModalityGraphs() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "alpha=0", "cl_weight=0", "reg_weight=0.01");
        Batch b = TinyData.batch(d, 2);
        float loss = m.loss(b).item();

        Params p = m.params();
        UserItemGraph g = new ModelContext(d, null, null).userItemGraph();
        CsrMatrix n1 = g.symmetricNorm(), r = g.interactions();
        int[] deg = g.userDegrees();
        Tensor fin = Propagation.layerMean(n1, Tensor.concatRows(p.get("user"), p.get("item")), 2);
        for (String name : List.of("image", "text")) {
            FeatureMatrix x = d.features().get(name);
            Tensor f = Tensor.wrap(x.rows(), x.cols(), x.data()).matmul(p.get("mge." + name));
            float[] inv = new float[d.numUsers()];
            for (int u = 0; u < inv.length; u++) inv[u] = (float) (1 / (deg[u] + 1e-7));
            Tensor userFeatures = Tensor.spmm(r, f).mul(Tensor.wrap(d.numUsers(), 1, inv));
            Tensor gm = Tensor.spmm(n1, Tensor.spmm(n1, Tensor.concatRows(userFeatures, f)));
            fin = fin.add(gm.normalizeRows());
        }
        int[] pos = b.positives().clone(), neg = b.negatives().clone();
        for (int k = 0; k < pos.length; k++) {
            pos[k] += d.numUsers();
            neg[k] += d.numUsers();
        }
        Tensor u = fin.gatherRows(b.users()), ip = fin.gatherRows(pos), in = fin.gatherRows(neg);
        float expected = Losses.bpr(u.rowDot(ip), u.rowDot(in)).add(Losses.embReg(u, ip, in).scale(0.01f)).item();
        assertThat(loss).isCloseTo(expected, within(1e-5f));
        // The hypergraph part moves the loss once it has weight.
        assertThat(build(d, "alpha=0.3", "cl_weight=0", "reg_weight=0.01").loss(b).item()).isNotCloseTo(expected, within(1e-4f));
    }

    @Test
    void precomputedModalityPropagationEqualsPerBatchProjection() {
        Dataset d = TinyData.dataset();
        LgmRec.Options opt = LgmRec.Options.from(TinyData.config(SPEC, "cl_weight=0.1", "reg_weight=0.01"));
        LgmRec fast = new LgmRec(new ModelContext(d, null, new Rng(1)), opt);
        LgmRec direct = new LgmRec(new ModelContext(d, null, new Rng(1)), opt, 0);
        Batch b = TinyData.batch(d, 2);
        Tensor lf = fast.loss(b), ld = direct.loss(b);
        assertThat(lf.item()).isCloseTo(ld.item(), within(1e-5f * Math.abs(ld.item())));
        lf.backward();
        ld.backward();
        for (String name : fast.params().asMap().keySet()) {
            float[] gf = fast.params().get(name).grad(), gd = direct.params().get(name).grad();
            for (int k = 0; k < gf.length; k++) assertThat(gf[k]).as("%s[%s]", name, k).isCloseTo(gd[k], within(1e-6f + 1e-3f * Math.abs(gd[k])));
        }
        float[] sf = new float[2 * d.numItems()], sd = new float[sf.length];
        try (var off = Grad.off()) {
            fast.scorer().score(new int[] {3, 20}, sf);
            direct.scorer().score(new int[] {3, 20}, sd);
        }
        for (int k = 0; k < sf.length; k++) assertThat(sf[k]).isCloseTo(sd[k], within(1e-5f + 1e-4f * Math.abs(sd[k])));
    }

    @Test
    void noiseIsAFunctionOfEpochAndBatch() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "cl_weight=0.1");
        Batch b = TinyData.batch(d, 2), other = TinyData.batch(d, 3);
        try (var off = Grad.off()) {
            float first = m.loss(b).item();
            m.loss(other);
            assertThat(m.loss(b).item()).as("same batch, same draws").isEqualTo(first);
            m.beforeEpoch(new EpochContext(1, new Rng(5)));
            assertThat(m.loss(b).item()).as("a new epoch draws anew").isNotEqualTo(first);
        }
    }

    @Test
    void oneAndThreeModalitiesBuildAndTrainAndOneHasNoContrastTerm() {
        Dataset one = SlmRecTest.withModalities("image");
        Batch b1 = TinyData.batch(one, 6);
        try (var off = Grad.off()) {
            assertThat(build(one, "cl_weight=0.5").loss(b1).item()).isEqualTo(build(one, "cl_weight=0").loss(b1).item());
        }
        Dataset three = SlmRecTest.withModalities("image", "text", "audio");
        try (var off = Grad.off()) {
            Batch b3 = TinyData.batch(three, 6);
            assertThat(build(three, "cl_weight=0.5").loss(b3).item()).isGreaterThan(build(three, "cl_weight=0").loss(b3).item());
        }
        for (Dataset d : List.of(one, three)) {
            Recommender m = build(d);
            assertThat(m.params().asMap()).hasSize(2 + 2 * d.features().size());
            Batch b = TinyData.batch(d, 6);
            Adam adam = new Adam(m.params(), 0.01, 0.0);
            float first = m.loss(b).item();
            for (int step = 0; step < 20; step++) {
                adam.zeroGrad();
                m.loss(b).backward();
                adam.step();
            }
            assertThat(m.loss(b).item()).as("%s modalities", d.features().size()).isLessThan(first * 0.9f);
        }
    }

    @Test
    void refusesDataWithoutFeaturesAndMismatchedWidths() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LGMRec needs item features");
        assertThatThrownBy(() -> build(TinyData.dataset(), "feat_embed_dim=32")).hasMessageContaining("must equal embedding_size");
    }
}
