package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.loss.Losses;
import org.mmrec4j.models.multimodal.SlmRec;

class SlmRecTest {
    private static final ModelSpec SPEC = ModelCatalog.get("SLMRec");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(1)));
    }

    /** The tiny dataset with its modalities replaced by {@code names}, each a copy of a tiny modality. */
    static Dataset withModalities(String... names) {
        Dataset d = TinyData.dataset();
        Map<String, FeatureMatrix> m = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) m.put(names[k], d.features().get(k % 2 == 0 ? "image" : "text"));
        return Dataset.of("tiny", d.train(), d.valid(), d.test(), FeatureSet.of(m));
    }

    @Test
    void twoModalitiesGetMmrecsFacShapes() {
        Params p = build(TinyData.dataset()).params();
        // image level: g1, g2 = 64→64; text level: g5∘g3 = 64→64→32 and g6 = 64→32; weights stored in×out.
        assertThat(p.get("fac.image.anchor.weight").shape()).isEqualTo(shape(64, 64));
        assertThat(p.get("fac.image.key.weight").shape()).isEqualTo(shape(64, 64));
        assertThat(p.get("fac.text.anchor_mid.weight").shape()).isEqualTo(shape(64, 64));
        assertThat(p.get("fac.text.anchor.weight").shape()).isEqualTo(shape(64, 32));
        assertThat(p.get("fac.text.key.weight").shape()).isEqualTo(shape(64, 32));
        assertThat(p.get("fuse.user.weight").shape()).isEqualTo(shape(192, 64));
        assertThat(p.get("proj.image.weight").shape()).isEqualTo(shape(12, 64));
        assertThat(p.asMap()).hasSize(2 + 2 * 2 + 2 * 2 + 2 * 5);
    }

    private static String shape(int r, int c) {
        return Tensor.zeros(r, c).shape();
    }

    @Test
    void oneAndThreeModalitiesBuildAndTrain() {
        for (Dataset d : List.of(withModalities("image"), withModalities("image", "text", "audio"))) {
            Recommender m = build(d);
            int mods = d.features().size();
            assertThat(m.params().get("fuse.item.weight").rows()).isEqualTo(64 * (1 + mods));
            // One modality: a single 64-wide level. Three: two 64-wide levels, the last at 32.
            String last = d.features().names().get(mods - 1);
            assertThat(m.params().get("fac." + last + ".key.weight").cols()).isEqualTo(mods == 1 ? 64 : 32);
            Batch b = TinyData.batch(d, 6);
            Adam adam = new Adam(m.params(), 0.01, 0.0);
            float first = m.loss(b).item();
            for (int step = 0; step < 20; step++) {
                adam.zeroGrad();
                m.loss(b).backward();
                adam.step();
            }
            assertThat(m.loss(b).item()).as("%s modalities", mods).isLessThan(first * 0.9f);
        }
    }

    @Test
    void batchLossEqualsTheFormulaOnFullPropagatedViews() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d, "ssl_alpha=0.5", "layer_num=2");
        Batch b = TinyData.batch(d, 2);
        float loss = m.loss(b).item();

        Params p = m.params();
        CsrMatrix n5 = new ModelContext(d, null, null).userItemGraph().symmetricNormRowSums();
        int nu = d.numUsers();
        Tensor[] views = new Tensor[3];
        views[0] = Propagation.layerMean(n5, Tensor.concatRows(p.get("user"), p.get("item")), 2);
        String[] mods = {"image", "text"};
        for (int k = 0; k < 2; k++) {
            FeatureMatrix x = d.features().get(mods[k]);
            Tensor f = Tensor.wrap(x.rows(), x.cols(), x.data()).normalizeRows().matmul(p.get("proj." + mods[k] + ".weight"))
                    .add(p.get("proj." + mods[k] + ".bias"));
            views[k + 1] = Propagation.layerMean(n5, Tensor.concatRows(p.get("user"), f), 2);
        }
        int[] pos = b.positives().clone();
        for (int k = 0; k < pos.length; k++) pos[k] += nu;
        Tensor user = lin(p, "fuse.user", Tensor.concatCols(views[0].gatherRows(b.users()), views[1].gatherRows(b.users()), views[2].gatherRows(b.users())));
        Tensor[] it = {views[0].gatherRows(pos), views[1].gatherRows(pos), views[2].gatherRows(pos)};
        Tensor item = lin(p, "fuse.item", Tensor.concatCols(it));
        Tensor main = Losses.infoNceBatch(user, item, 0.2f);
        Tensor x1 = lin(p, "fac.image.anchor", it[0]);
        Tensor lv = Losses.inBatchSoftmax(x1, lin(p, "fac.image.key", it[1]), 0.1f);
        Tensor x2 = lin(p, "fac.text.anchor", lin(p, "fac.text.anchor_mid", x1));
        Tensor lt = Losses.inBatchSoftmax(x2, lin(p, "fac.text.key", it[2]), 0.1f);
        float expected = main.add(lv.add(lt).scale(0.5f)).item();
        assertThat(loss).isCloseTo(expected, within(1e-4f * Math.abs(expected)));
    }

    @Test
    void precomputedFeaturePropagationEqualsPerBatchProjection() {
        Dataset d = TinyData.dataset();
        SlmRec.Options opt = SlmRec.Options.from(TinyData.config(SPEC, "ssl_alpha=0.5"));
        SlmRec fast = new SlmRec(new ModelContext(d, null, new Rng(1)), opt);
        SlmRec direct = new SlmRec(new ModelContext(d, null, new Rng(1)), opt, 0);
        Batch b = TinyData.batch(d, 2);
        Tensor lf = fast.loss(b), ld = direct.loss(b);
        assertThat(lf.item()).isCloseTo(ld.item(), within(1e-5f * Math.abs(ld.item())));
        lf.backward();
        ld.backward();
        for (String name : fast.params().asMap().keySet()) {
            float[] gf = fast.params().get(name).grad(), gd = direct.params().get(name).grad();
            for (int k = 0; k < gf.length; k++) assertThat(gf[k]).as("%s[%s]", name, k).isCloseTo(gd[k], within(1e-5f + 1e-3f * Math.abs(gd[k])));
        }
        float[] sf = new float[3 * d.numItems()], sd = new float[sf.length];
        try (var off = Grad.off()) {
            fast.scorer().score(new int[] {0, 7, 39}, sf);
            direct.scorer().score(new int[] {0, 7, 39}, sd);
        }
        for (int k = 0; k < sf.length; k++) assertThat(sf[k]).isCloseTo(sd[k], within(1e-5f + 1e-4f * Math.abs(sd[k])));
    }

    private static Tensor lin(Params p, String name, Tensor x) {
        return x.matmul(p.get(name + ".weight")).add(p.get(name + ".bias"));
    }

    @Test
    void ignoresNegativesAndSaysSo() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d);
        Batch b = TinyData.batch(d, 3);
        assertThat(m.usesNegatives()).isFalse();
        try (var off = Grad.off()) {
            assertThat(m.loss(new Batch(b.users(), b.positives(), null)).item()).isEqualTo(m.loss(b).item());
        }
    }

    @Test
    void refusesDataWithoutFeaturesAndUnsupportedOptions() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SLMRec needs item features");
        assertThatThrownBy(() -> build(TinyData.dataset(), "ssl_task=FD")).hasMessageContaining("only FAC");
    }
}
