package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;

class GrcnTest {
    private static final ModelSpec SPEC = ModelCatalog.get("GRCN");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(1)));
    }

    /** Under PyG semantics users receive nothing on the user→item edges, so routing rounds change nothing. */
    @Test void pygRoutingRoundsAreIdentityPaperRoutingIsNot() {
        Dataset d = TinyData.dataset();
        Batch b = TinyData.batch(d, 2);
        float none = build(d, "n_layers=0").loss(b).item();
        assertThat(build(d, "n_layers=3").loss(b).item()).isEqualTo(none);
        assertThat(build(d, "n_layers=0", "routing=paper").loss(b).item()).isEqualTo(none);
        assertThat(build(d, "n_layers=3", "routing=paper").loss(b).item()).isNotCloseTo(none, within(1e-5f));
    }

    @Test void paperRoutingGradientsMatchFiniteDifferences() {
        Dataset d = TinyData.dataset();
        Config c = TinyData.config(SPEC, "routing=paper", "reg_weight=0.01", "leaky_slope=1.0");
        Recommender m = SPEC.create(new ModelContext(d, c, new Rng(3)));
        Batch b = TinyData.batch(d, 4);
        for (Tensor p : m.params().tensors()) {
            if (p.rows() >= d.numItems()) for (int i = 0; i < p.size(); i++) p.data()[i] *= 20f;
        }
        GradCheck.check("GRCN routing=paper", 1e-2f, 3e-2, 1e-4, x -> m.loss(b), m.params().tensors().toArray(new Tensor[0]));
    }

    @Test void representationIsIdPlusOneBlockPerModality() {
        Dataset d = TinyData.dataset();
        Map<String, Tensor> p = build(d).params().asMap();
        assertThat(p.get("confidence").cols()).isEqualTo(2);
        assertThat(p.keySet()).containsExactly("id_embedding", "image.mlp.weight", "image.mlp.bias", "image.preference",
                "text.mlp.weight", "text.mlp.bias", "text.preference", "confidence");
    }

    @Test void predictionUsesTheLastTrainingBatchRepresentation() {
        Dataset d = TinyData.dataset();
        Batch b = TinyData.batch(d, 2);
        Recommender m = build(d);
        m.loss(b);
        int[] users = {0, 3};
        float[] before = score(m, users, d);
        Adam adam = new Adam(m.params(), 0.05, 0.0);
        m.loss(b).backward();
        adam.step();
        assertThat(score(m, users, d)).containsExactly(before);
        m.loss(b);
        assertThat(score(m, users, d)).isNotEqualTo(before);
    }

    private static float[] score(Recommender m, int[] users, Dataset d) {
        float[] out = new float[users.length * d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(users, out);
        }
        return out;
    }

    @Test void anyNumberOfModalitiesTrains() {
        Dataset two = TinyData.dataset();
        for (int count : new int[] {1, 3}) {
            Map<String, FeatureMatrix> m = new LinkedHashMap<>();
            m.put("text", two.features().get("text"));
            if (count == 3) {
                m.put("image", two.features().get("image"));
                m.put("audio", two.features().get("image"));
            }
            Dataset d = Dataset.of("tiny", two.train(), two.valid(), two.test(), FeatureSet.of(m));
            Recommender model = build(d, "reg_weight=0.01");
            Batch b = TinyData.batch(d, 4);
            Adam adam = new Adam(model.params(), 0.01, 0.0);
            float first = model.loss(b).item();
            for (int s = 0; s < 20; s++) {
                adam.zeroGrad();
                model.loss(b).backward();
                adam.step();
            }
            assertThat(model.loss(b).item()).as("%s modalities", count).isLessThan(first * 0.9f);
        }
    }

    @Test void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GRCN needs item features");
    }
}
