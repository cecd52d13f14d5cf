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

class MmgcnTest {
    private static final ModelSpec SPEC = ModelCatalog.get("MMGCN");

    private static Recommender build(Dataset d, String... sets) {
        return SPEC.create(new ModelContext(d, TinyData.config(SPEC, sets), new Rng(1)));
    }

    private static void steps(Recommender m, Batch b, int n) {
        Adam adam = new Adam(m.params(), 0.01, 0.0);
        for (int s = 0; s < n; s++) {
            adam.zeroGrad();
            m.loss(b).backward();
            adam.step();
        }
    }

    @Test void faithfulModeDoesNotTrainTheIdTableOrThePreferences() {
        Dataset d = TinyData.dataset();
        assertThat(build(d).params().asMap().keySet()).noneMatch(n -> n.contains("id_embedding") || n.contains("preference"));
        assertThat(build(d, "faithful=false").params().asMap().keySet())
                .contains("id_embedding", "image.preference", "text.preference");
    }

    /**
     * With reg_weight 1 and 0, two faithful models train identically (the regulariser has no trainable
     * argument), and their loss gap on a fixed batch is the regulariser of e_id and pref: it stays the
     * same after training steps exactly when e_id and pref are unchanged.
     */
    @Test void faithfulModeLeavesTheIdTableUnchangedAfterSteps() {
        Dataset d = TinyData.dataset();
        Batch b = TinyData.batch(d, 2), other = TinyData.batch(d, 3);
        for (boolean faithful : new boolean[] {true, false}) {
            Recommender reg = build(d, "reg_weight=1.0", "faithful=" + faithful), plain = build(d, "reg_weight=0.0", "faithful=" + faithful);
            float gapBefore = reg.loss(b).item() - plain.loss(b).item();
            steps(reg, other, 5);
            steps(plain, other, 5);
            float gapAfter = reg.loss(b).item() - plain.loss(b).item();
            assertThat(gapBefore).isGreaterThan(0f);
            if (faithful) {
                assertThat(gapAfter).isCloseTo(gapBefore, within(1e-6f));
            } else {
                assertThat(Math.abs(gapAfter - gapBefore)).isGreaterThan(1e-4f);
            }
        }
    }

    @Test void faithfulPredictionUsesTheLastTrainingBatchRepresentation() {
        Dataset d = TinyData.dataset();
        Batch b = TinyData.batch(d, 2);
        int[] users = {0, 1, 2};
        for (boolean faithful : new boolean[] {true, false}) {
            Recommender m = build(d, "faithful=" + faithful);
            m.loss(b);
            float[] beforeStep = score(m, users, d);
            Adam adam = new Adam(m.params(), 0.05, 0.0);
            m.loss(b).backward();
            float[] cachedAfterLoss = score(m, users, d);
            adam.step();
            float[] afterStep = score(m, users, d);
            assertThat(cachedAfterLoss).containsExactly(beforeStep);
            if (faithful) assertThat(afterStep).containsExactly(beforeStep);
            else assertThat(afterStep).isNotEqualTo(beforeStep);
        }
    }

    /** The loss propagates layer 3 at the batch rows only; it must equal BPR on the full representation. */
    @Test void batchRowLossMatchesTheFullRepresentation() {
        Dataset d = TinyData.dataset();
        Batch b = TinyData.batch(d, 2);
        for (boolean faithful : new boolean[] {true, false}) {
            Recommender fresh = build(d, "reg_weight=0.0", "faithful=" + faithful);
            float[] all = score(fresh, b.users(), d);
            double sum = 0;
            for (int k = 0; k < b.size(); k++) {
                double diff = all[k * d.numItems() + b.positives()[k]] - all[k * d.numItems() + b.negatives()[k]];
                sum += -Math.log(1 / (1 + Math.exp(-diff)));
            }
            Recommender same = build(d, "reg_weight=0.0", "faithful=" + faithful);
            assertThat(same.loss(b).item()).isCloseTo((float) (sum / b.size()), within(1e-5f));
            // Right after a loss, faithful prediction (remembered layer-2 output) equals a full forward pass.
            assertThat(score(same, b.users(), d)).containsExactly(all);
        }
    }

    private static float[] score(Recommender m, int[] users, Dataset d) {
        float[] out = new float[users.length * d.numItems()];
        try (var off = Grad.off()) {
            m.scorer().score(users, out);
        }
        return out;
    }

    @Test void theFirstModalityAndWideOnesAreProjectedTheRestEnterRaw() {
        Dataset d = TinyData.dataset(); // image 12-d, text 8-d
        Map<String, Tensor> p = build(d).params().asMap();
        assertThat(p).containsKey("image.mlp.weight").doesNotContainKey("text.mlp.weight");
        assertThat(p.get("image.layer1.conv").rows()).isEqualTo(256);
        assertThat(p.get("text.layer1.conv").rows()).isEqualTo(8);
        assertThat(build(d, "max_raw_dim=4").params().asMap()).containsKey("text.mlp.weight");
    }

    @Test void anyNumberOfModalitiesTrains() {
        Dataset two = TinyData.dataset();
        for (int count : new int[] {1, 3}) {
            Map<String, FeatureMatrix> m = new LinkedHashMap<>();
            m.put("image", two.features().get("image"));
            if (count == 3) {
                m.put("text", two.features().get("text"));
                m.put("audio", two.features().get("image"));
            }
            Dataset d = Dataset.of("tiny", two.train(), two.valid(), two.test(), FeatureSet.of(m));
            Recommender model = build(d, "reg_weight=0.01");
            Batch b = TinyData.batch(d, 4);
            float first = model.loss(b).item();
            steps(model, b, 20);
            assertThat(model.loss(b).item()).as("%s modalities", count).isLessThan(first * 0.9f);
        }
    }

    @Test void refusesADatasetWithoutFeatures() {
        assertThatThrownBy(() -> build(TinyData.withoutFeatures()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MMGCN needs item features");
    }

    @Test void trainedModeGradientsMatchFiniteDifferences() {
        Dataset d = TinyData.dataset();
        Config c = TinyData.config(SPEC, "faithful=false", "reg_weight=0.01", "leaky_slope=1.0");
        Recommender m = SPEC.create(new ModelContext(d, c, new Rng(3)));
        Batch b = TinyData.batch(d, 4);
        GradCheck.check("MMGCN faithful=false", 1e-2f, 3e-2, 1e-4, x -> m.loss(b), m.params().tensors().toArray(new Tensor[0]));
    }
}
