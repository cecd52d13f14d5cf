package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.loss.ReweightedLoss;
import org.mmrec4j.models.loss.TruncatedLoss;

/**
 * Every trainable model routes its recommendation loss through the batch's {@link RowWeighting}, one
 * row per batch row, so T-CE and R-CE apply to any model; the identity weights leave the loss as it is.
 */
class DenoiseContractTest {
    static List<ModelSpec> models() {
        return ModelCatalog.all();
    }

    /** Records what the loss asked, then delegates. */
    private static final class Recording implements RowWeighting {
        final RowWeighting inner;
        int calls, rows;
        float[] probabilities;

        Recording(RowWeighting inner) {
            this.inner = inner;
        }

        @Override
        public float[] weights(float[] rowLosses, float[] p) {
            calls++;
            rows = rowLosses.length;
            probabilities = p.clone();
            return inner.weights(rowLosses, p);
        }
    }

    private static float loss(ModelSpec spec, Dataset d, Batch b) {
        Recommender m = spec.create(new ModelContext(d, TinyData.config(spec), new Rng(9)));
        m.beforeEpoch(new EpochContext(0, new Rng(8)));
        Tensor loss = m.loss(b);
        return loss.item();
    }

    @ParameterizedTest
    @MethodSource("models")
    void recommendationLossAsksForOneWeightPerRowAndIdentityWeightsChangeNothing(ModelSpec spec) {
        Dataset d = TinyData.dataset();
        Recommender probe = spec.create(new ModelContext(d, TinyData.config(spec), new Rng(9)));
        Assumptions.assumeTrue(probe.params().count() > 0, "no trainable parameters (fitted when built)");
        Batch b = TinyData.batch(d, 2);
        if (!probe.usesNegatives()) b = new Batch(b.users(), b.positives(), null);

        float plain = loss(spec, d, b);
        Recording identity = new Recording(new TruncatedLoss(0));
        float same = loss(spec, d, b.withWeighting(identity));
        assertThat(identity.calls).as("weighting consulted once per loss").isEqualTo(1);
        assertThat(identity.rows).isEqualTo(b.size());
        assertThat(same).isCloseTo(plain, within(1e-5f * Math.max(1, Math.abs(plain))));

        Recording rce = new Recording(new ReweightedLoss(0.5));
        float reweighted = loss(spec, d, b.withWeighting(rce));
        for (float p : rce.probabilities) assertThat(p).isBetween(0f, 1f);
        Recording tce = new Recording(new TruncatedLoss(0.5));
        float truncated = loss(spec, d, b.withWeighting(tce));
        // dropping the worse half of the rows lowers the recommendation term, and so the loss
        assertThat(truncated).isLessThan(plain);
        assertThat(reweighted).isNotEqualTo(plain);
    }
}
