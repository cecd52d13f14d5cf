package org.mmrec4j.models.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.engine.Tensor;

/** T-CE and R-CE weights on hand-computed vectors, and the row-weighted losses built on them. */
class RowWeightingTest {
    private static final float[] NO_PROBABILITIES = new float[5];

    private static Tensor col(float... v) {
        return Tensor.wrap(v.length, 1, v);
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Weights fixed once, whatever the inputs: what the loss sees within one step, for finite differences. */
    private static RowWeighting frozen(float... w) {
        return (losses, p) -> w.clone();
    }

    @Test
    void truncationDropsTheLargestLossesAndRenormalisesOverTheKeptRows() {
        float[] losses = {0.5f, 3f, 1f, 2f, 0.1f};
        // ρ = 0.4 of 5 rows: the two largest (3 at row 1, 2 at row 3) go; the three kept rows weigh 5/3
        assertThat(new TruncatedLoss(0.4).weights(losses, NO_PROBABILITIES))
                .containsExactly(5f / 3, 0f, 5f / 3, 0f, 5f / 3);
        // ρ = 0.3: ⌊1.5⌋ = 1 row, the largest
        assertThat(new TruncatedLoss(0.3).weights(losses, NO_PROBABILITIES)).containsExactly(1.25f, 0f, 1.25f, 1.25f, 1.25f);
        assertThat(new TruncatedLoss(0).weights(losses, NO_PROBABILITIES)).containsExactly(1f, 1f, 1f, 1f, 1f);
        // ties: the later row is dropped first
        assertThat(new TruncatedLoss(0.5).weights(new float[] {1, 1, 1, 1}, new float[4])).containsExactly(2f, 2f, 0f, 0f);
        // a one-row batch keeps its row whatever the rate
        assertThat(new TruncatedLoss(0.9).weights(new float[] {7}, new float[1])).containsExactly(1f);
        assertThatThrownBy(() -> new TruncatedLoss(1)).hasMessageContaining("[0, 1)");
    }

    @Test
    void reweightingRaisesEachRowsProbabilityToBeta() {
        float[] p = {1f, 0.25f, 0f, 0.81f};
        assertThat(new ReweightedLoss(0.5).weights(new float[4], p)).containsExactly(1f, 0.5f, 0f, 0.9f);
        assertThat(new ReweightedLoss(0).weights(new float[4], p)).containsExactly(1f, 1f, 1f, 1f);
        assertThatThrownBy(() -> new ReweightedLoss(-1)).hasMessageContaining("beta");
    }

    @Test
    void weightedBprValuesMatchHandComputation() {
        Tensor pos = col(2f, 0f, 1f, -1f), neg = col(1f, 1f, 1f, 1f);
        double[] d = {1, -1, 0, -2}, loss = new double[4];
        for (int b = 0; b < 4; b++) loss[b] = -Math.log(sig(d[b]));
        // T-CE at 0.5 drops rows 3 (d = −2) and 1 (d = −1), the two largest losses
        double tce = (loss[0] + loss[2]) / 2;
        assertThat(Losses.bpr(pos, neg, new TruncatedLoss(0.5)).item()).isCloseTo((float) tce, within(1e-6f));
        assertThat(Losses.bprLog2(pos, neg, new TruncatedLoss(0.5)).item()).isCloseTo((float) (tce / Math.log(2)), within(1e-6f));
        // R-CE: mean of σ(d)^β · ℓ, no renormalisation
        double rce = 0;
        for (int b = 0; b < 4; b++) rce += Math.pow(sig(d[b]), 0.3) * loss[b] / 4;
        assertThat(Losses.bpr(pos, neg, new ReweightedLoss(0.3)).item()).isCloseTo((float) rce, within(1e-6f));
        assertThat(Losses.bprGamma(pos, neg, new ReweightedLoss(0.3)).item()).isCloseTo((float) rce, within(1e-6f));
    }

    @Test
    void zeroRateAndZeroBetaGiveThePlainLossAndGradientExactly() {
        for (RowWeighting w : new RowWeighting[] {new TruncatedLoss(0), new ReweightedLoss(0)}) {
            sameValueAndGradient(x -> Losses.bpr(x[0], x[1]), x -> Losses.bpr(x[0], x[1], w));
            sameValueAndGradient(x -> Losses.bprGamma(x[0], x[1]), x -> Losses.bprGamma(x[0], x[1], w));
            sameValueAndGradient(x -> Losses.bprLog2(x[0], x[1]), x -> Losses.bprLog2(x[0], x[1], w));
        }
        sameValueAndGradient(x -> Losses.bpr(x[0], x[1]), x -> Losses.bpr(x[0], x[1], RowWeighting.NONE));
    }

    private static void sameValueAndGradient(Function<Tensor[], Tensor> plain, Function<Tensor[], Tensor> weighted) {
        Tensor[] a = {input(37, 1, 1, -3f, 3f), input(37, 1, 2, -3f, 3f)};
        Tensor[] b = {input(37, 1, 1, -3f, 3f), input(37, 1, 2, -3f, 3f)};
        Tensor la = plain.apply(a), lb = weighted.apply(b);
        assertThat(lb.item()).isEqualTo(la.item());
        la.backward();
        lb.backward();
        for (int k = 0; k < 2; k++) assertThat(b[k].grad()).containsExactly(a[k].grad());
    }

    @Test
    void weightedBprGradientIsTheWeightedRowGradient() {
        Tensor pos = input(6, 1, 3), neg = input(6, 1, 4);
        float[] w = {2f, 0f, 1.5f, 0f, 0.5f, 2f};
        Losses.bpr(pos, neg, frozen(w)).backward();
        for (int b = 0; b < 6; b++) {
            double d = pos.data()[b] - neg.data()[b];
            double expected = -w[b] * (1 - sig(d)) / 6;
            assertThat(pos.grad()[b]).isCloseTo((float) expected, within(1e-6f));
            assertThat(neg.grad()[b]).isCloseTo((float) -expected, within(1e-6f));
        }
        check("weighted bpr", x -> Losses.bpr(x[0], x[1], frozen(w)), input(6, 1, 1), input(6, 1, 2));
        check("weighted bprGamma", x -> Losses.bprGamma(x[0], x[1], frozen(w)), input(6, 1, 1), input(6, 1, 2));
        check("weighted bprLog2", x -> Losses.bprLog2(x[0], x[1], frozen(w)), input(6, 1, 1), input(6, 1, 2));
        // T-CE itself: losses far apart, so no probe changes which rows are dropped
        Tensor p = Tensor.parameter(5, 1, new float[] {3f, -2f, 1f, -4f, 0f}), n = Tensor.parameter(5, 1, new float[5]);
        check("T-CE bpr", x -> Losses.bpr(x[0], x[1], new TruncatedLoss(0.4)), p, n);
    }

    @Test
    void weightedBm3PairAndInBatchSoftmax() {
        Tensor a1 = input(4, 3, 1), z1 = input(4, 3, 2), a2 = input(4, 3, 3), z2 = input(4, 3, 4);
        float plain = Losses.negCosineSg(a1, z1).add(Losses.negCosineSg(a2, z2)).item();
        assertThat(Losses.negCosineSgPair(a1, z1, a2, z2, new TruncatedLoss(0)).item()).isCloseTo(plain, within(1e-6f));
        assertThat(Losses.negCosineSgPair(a1, z1, a2, z2, RowWeighting.NONE).item()).isEqualTo(plain);
        // rows' losses and probabilities as documented: ℓ = 2 − cos₁ − cos₂, p = 1 − ℓ/4
        float[][] seen = new float[2][];
        Losses.negCosineSgPair(a1, z1, a2, z2, (l, p) -> {
            seen[0] = l.clone();
            seen[1] = p.clone();
            return new float[] {1, 1, 1, 1};
        });
        for (int r = 0; r < 4; r++) {
            double l = 2 - cos(a1, z1, r) - cos(a2, z2, r);
            assertThat(seen[0][r]).isCloseTo((float) l, within(1e-5f));
            assertThat(seen[1][r]).isCloseTo((float) (1 - l / 4), within(1e-5f));
        }
        check("weighted negCosineSgPair", x -> Losses.negCosineSgPair(x[0], z1, x[1], z2, frozen(2f, 0f, 1f, 1f)),
                input(4, 3, 5), input(4, 3, 6));

        Tensor logits = input(4, 4, 7);
        assertThat(SoftmaxCrossEntropy.diagonalMean(logits, 2f, new ReweightedLoss(0)).item())
                .isEqualTo(SoftmaxCrossEntropy.diagonalMean(logits, 2f).item());
        check("weighted diagonal cross-entropy", x -> SoftmaxCrossEntropy.diagonalMean(x[0], 2f, frozen(0f, 2f, 1f, 1f)),
                input(4, 4, 8));
    }

    private static double cos(Tensor a, Tensor b, int r) {
        double dot = 0, na = 0, nb = 0;
        for (int c = 0; c < a.cols(); c++) {
            dot += a.get(r, c) * b.get(r, c);
            na += a.get(r, c) * a.get(r, c);
            nb += b.get(r, c) * b.get(r, c);
        }
        return dot / Math.sqrt(na * nb);
    }
}
