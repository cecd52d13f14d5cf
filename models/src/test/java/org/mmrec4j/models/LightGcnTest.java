package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.general.LightGcn;

class LightGcnTest {

    @Test
    void scoresEqualDotProductsOfExplicitlyPropagatedLayers() {
        Dataset d = TinyData.dataset();
        ModelSpec spec = ModelCatalog.get("LightGCN");
        LightGcn m = (LightGcn) spec.create(new ModelContext(d, TinyData.config(spec, "n_layers=2"), new Rng(1)));
        Tensor nodes = m.params().get("nodes");
        var adj = new ModelContext(d, null, null).userItemGraph().symmetricNorm();
        Tensor e1 = adj.multiply(nodes), e2 = adj.multiply(e1);
        Tensor mean = nodes.add(e1).add(e2).scale(1f / 3);
        float[] scores = new float[d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(new int[] {4}, scores);
        }
        for (int i = 0; i < d.numItems(); i++) {
            float expected = 0;
            for (int j = 0; j < 64; j++) expected += mean.get(4, j) * mean.get(d.numUsers() + i, j);
            assertThat(scores[i]).isCloseTo(expected, within(1e-6f));
        }
    }

    @Test
    void initialisationUsesEachTablesOwnXavierBound() {
        Dataset d = TinyData.dataset();
        ModelSpec spec = ModelCatalog.get("LightGCN");
        Tensor nodes = spec.create(new ModelContext(d, TinyData.config(spec), new Rng(1))).params().get("nodes");
        float userBound = (float) Math.sqrt(6.0 / (d.numUsers() + 64)), itemBound = (float) Math.sqrt(6.0 / (d.numItems() + 64));
        float maxUser = 0, maxItem = 0;
        for (int r = 0; r < nodes.rows(); r++) {
            for (int c = 0; c < 64; c++) {
                float v = Math.abs(nodes.get(r, c));
                if (r < d.numUsers()) maxUser = Math.max(maxUser, v); else maxItem = Math.max(maxItem, v);
            }
        }
        assertThat(maxUser).isLessThanOrEqualTo(userBound).isGreaterThan(userBound * 0.95f);
        assertThat(maxItem).isLessThanOrEqualTo(itemBound).isGreaterThan(itemBound * 0.95f);
    }
}
