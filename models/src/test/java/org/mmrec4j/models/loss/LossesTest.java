package org.mmrec4j.models.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Tensor;

/** Every loss: a finite-difference check and one value worked out by hand. */
class LossesTest {
    private static Tensor col(float... v) {
        return Tensor.wrap(v.length, 1, v);
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test void bprFamilyValues() {
        Tensor pos = col(2f, 0f), neg = col(1f, 1f);
        double ls = -(Math.log(sig(1)) + Math.log(sig(-1))) / 2;
        assertThat(Losses.bpr(pos, neg).item()).isCloseTo((float) ls, within(1e-6f));
        assertThat(Losses.bprGamma(pos, neg).item()).isCloseTo((float) ls, within(1e-6f));
        assertThat(Losses.bprLog2(pos, neg).item()).isCloseTo((float) (ls / Math.log(2)), within(1e-6f));
        assertThat(Losses.bprSum(pos, neg, 1024).item()).isCloseTo((float) (2 * ls / 1024), within(1e-8f));
        assertThat(Losses.hinge(pos, neg, 1f).item()).isCloseTo((0f + 2f) / 2, within(1e-6f));
    }

    @Test void bprFamilyGradients() {
        check("bpr", x -> Losses.bpr(x[0], x[1]), input(5, 1, 1), input(5, 1, 2));
        check("bprGamma", x -> Losses.bprGamma(x[0], x[1]), input(5, 1, 1), input(5, 1, 2));
        check("bprLog2", x -> Losses.bprLog2(x[0], x[1]), input(5, 1, 1), input(5, 1, 2));
        check("bprSum", x -> Losses.bprSum(x[0], x[1], 8), input(5, 1, 1), input(5, 1, 2));
        check("hinge", x -> Losses.hinge(x[0], x[1], 0.5f), input(5, 1, 1), input(5, 1, 2));
    }

    @Test void pointwise() {
        assertThat(Losses.mse(col(1f, 3f), col(0f, 1f)).item()).isCloseTo(2.5f, within(1e-6f));
        double bce = -(Math.log(sig(2)) + Math.log(1 - sig(-1))) / 2;
        assertThat(Losses.bce(col(2f, -1f), col(1f, 0f)).item()).isCloseTo((float) bce, within(1e-6f));
        check("mse", x -> Losses.mse(x[0], x[1]), input(4, 3, 1), input(4, 3, 2));
        check("bce", x -> Losses.bce(x[0], Tensor.wrap(4, 1, new float[] {1, 0, 1, 0})), input(4, 1, 3));
        check("crossEntropy", x -> Losses.crossEntropy(x[0], new int[] {0, 2, 1}), input(3, 4, 4));
    }

    @Test void inBatchSoftmaxMatchesHandComputation() {
        Tensor a = Tensor.of(new float[][] {{1, 0}, {0, 1}}), b = Tensor.of(new float[][] {{1, 0}, {1, 1}});
        // logits / τ=0.5: row0 [2, 2] target 2 → log 2; row1 [0, 2] target 2 → log(1 + e^-2)
        double expected = (Math.log(2) + Math.log(1 + Math.exp(-2))) / 2;
        assertThat(Losses.inBatchSoftmax(a, b, 0.5f).item()).isCloseTo((float) expected, within(1e-6f));
        check("inBatchSoftmax", x -> Losses.inBatchSoftmax(x[0], x[1], 0.5f), input(4, 3, 1), input(4, 3, 2));
        check("infoNceBatch", x -> Losses.infoNceBatch(x[0], x[1], 0.2f), input(4, 3, 1), input(4, 3, 2));
    }

    @Test void infoNceFullUsesEveryRowInTheDenominator() {
        Tensor a = Tensor.of(new float[][] {{1, 0}}), p = Tensor.of(new float[][] {{2, 0}});
        Tensor all = Tensor.of(new float[][] {{3, 0}, {0, 5}, {-1, 0}});
        double expected = Math.log(Math.exp(1) + Math.exp(0) + Math.exp(-1)) - 1;
        assertThat(Losses.infoNceFullTerms(a, p, all, 1f).item()).isCloseTo((float) expected, within(1e-6f));
        check("infoNceFull", x -> Losses.infoNceFullTerms(x[0], x[1], x[2], 0.2f), input(3, 4, 1), input(3, 4, 2), input(6, 4, 3));
    }

    @Test void jensenShannon() {
        double expected = Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(2));
        assertThat(Losses.jensenShannon(col(1f), col(2f)).item()).isCloseTo((float) expected, within(1e-6f));
        check("js", x -> Losses.jensenShannon(x[0], x[1]), input(4, 1, 1), input(6, 1, 2));
    }

    @Test void negativeCosineStopsTheTargetGradient() {
        Tensor p = input(3, 4, 1), z = input(3, 4, 2);
        Tensor loss = Losses.negCosineSg(p, z);
        loss.backward();
        assertThat(z.grad()).isNull();
        assertThat(p.grad()).isNotNull();
        assertThat(Losses.negCosineSg(Tensor.of(new float[][] {{1, 0}}), Tensor.of(new float[][] {{0, 3}})).item())
                .isCloseTo(1f, within(1e-6f));
        check("negCosine", x -> Losses.negCosineSg(x[0], z), input(3, 4, 3));
    }

    @Test void regularisers() {
        Tensor x = Tensor.of(new float[][] {{3, 4}}), y = Tensor.of(new float[][] {{1, 0}, {0, 0}});
        assertThat(Losses.embReg(x, y).item()).isCloseTo((5f + 1f) / 2, within(1e-6f));
        assertThat(Losses.halfSq(x, y).item()).isCloseTo(13f, within(1e-5f));
        assertThat(Losses.batchSq(2048, x, y).item()).isCloseTo(13f / 2048, within(1e-8f));
        assertThat(Losses.fullSq(x, y).item()).isCloseTo(26f, within(1e-5f));
        check("batchSq", t -> Losses.batchSq(4, t[0], t[1]), input(3, 2, 1), input(2, 2, 2));
    }
}
