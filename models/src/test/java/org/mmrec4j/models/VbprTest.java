package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.loss.Losses;

class VbprTest {
    private static final ModelSpec SPEC = ModelCatalog.get("VBPR");

    private static Recommender build(Dataset d) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, "reg_weight=0.5"), new Rng(4)));
    }

    /** The batch loss from full-table item vectors, the way MMRec computes it. */
    private static float referenceLoss(Params p, Dataset d, Batch b, float reg) {
        Tensor x = Tensor.concatCols(Tensor.wrap(d.numItems(), 12, d.features().get("image").data()),
                Tensor.wrap(d.numItems(), 8, d.features().get("text").data()));
        Tensor h = Tensor.concatCols(p.get("item"), x.matmul(p.get("content.image+text.w1")).add(p.get("content.image+text.b1")));
        Tensor u = p.get("user").gatherRows(b.users());
        Tensor pos = h.gatherRows(b.positives()), neg = h.gatherRows(b.negatives());
        return Losses.bprGamma(u.rowDot(pos), u.rowDot(neg)).add(Losses.embReg(u, pos, neg).scale(reg)).item();
    }

    @Test
    void batchRowLossEqualsTheFullTableLoss() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d);
        Batch b = TinyData.batch(d, 9);
        try (var off = Grad.off()) {
            assertThat(m.loss(b).item()).isCloseTo(referenceLoss(m.params(), d, b, 0.5f), within(1e-6f));
        }
    }

    @Test
    void shapesFollowTheSpec() {
        Recommender m = build(TinyData.dataset());
        assertThat(m.params().get("user").cols()).isEqualTo(128);
        assertThat(m.params().get("item").cols()).isEqualTo(64);
        assertThat(m.params().get("content.image+text.w1").rows()).isEqualTo(12 + 8);
        assertThat(m.params().get("content.image+text.b1").data()).containsOnly(0f);
    }

    @Test
    void scoresAreDotProductsWithTheFullItemVectors() {
        Dataset d = TinyData.dataset();
        Recommender m = build(d);
        float[] s = new float[2 * d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {3, 17}, s);
            Tensor u = m.params().get("user").gatherRows(new int[] {17});
            Tensor x = Tensor.concatCols(Tensor.wrap(d.numItems(), 12, d.features().get("image").data()),
                    Tensor.wrap(d.numItems(), 8, d.features().get("text").data()));
            Tensor h = Tensor.concatCols(m.params().get("item"),
                    x.matmul(m.params().get("content.image+text.w1")).add(m.params().get("content.image+text.b1")));
            float expected = u.rowDot(h.gatherRows(new int[] {5})).item();
            assertThat(s[d.numItems() + 5]).isCloseTo(expected, within(1e-5f));
        }
    }

    @Test
    void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VBPR").hasMessageContaining("feature");
    }
}
