package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.block.BlockFusion;
import org.mmrec4j.models.block.FeatureMlp;
import org.mmrec4j.models.block.NormalizedStack;

/** The package's hand-written ops against finite differences and against the Tensor-op chains they replace. */
class FusedOpsTest {

    private static void assertClose(float[] a, float[] b, double tol) {
        assertThat(a.length).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) assertThat((double) a[i]).as("element %s", i).isCloseTo(b[i], within(tol * (1 + Math.abs(b[i]))));
    }

    /** Sum of out ⊙ W for a fixed W, so every output element reaches the gradients. */
    private static Tensor weighted(Tensor out, long seed) {
        return out.mul(GradCheck.input(out.rows(), out.cols(), seed, 0.5f, 1.5f).detach()).sum();
    }

    @Test
    void featureMlpEqualsTheTensorOpChainInValueAndGradient() {
        Tensor x = GradCheck.input(300, 12, 1);
        Tensor[] fused = {GradCheck.input(12, 20, 2), GradCheck.input(1, 20, 3), GradCheck.input(20, 6, 4), GradCheck.input(1, 6, 5)};
        Tensor[] chain = new Tensor[4];
        for (int k = 0; k < 4; k++) chain[k] = Tensor.parameter(fused[k].rows(), fused[k].cols(), fused[k].data().clone());
        FeatureMlp mlp = new FeatureMlp(new FeatureMatrix(300, 12, x.data()));
        Tensor a = mlp.apply(fused[0], fused[1], fused[2], fused[3], 0.01f);
        Tensor b = x.detach().matmul(chain[0]).add(chain[1]).leakyRelu(0.01f).matmul(chain[2]).add(chain[3]);
        assertClose(a.data(), b.data(), 1e-5);
        weighted(a, 9).backward();
        weighted(b, 9).backward();
        for (int k = 0; k < 4; k++) assertClose(fused[k].grad(), chain[k].grad(), 1e-4);
    }

    @Test
    void featureMlpGradientMatchesFiniteDifferences() {
        FeatureMlp mlp = new FeatureMlp(new FeatureMatrix(40, 5, GradCheck.input(40, 5, 11).data()));
        Tensor w1 = GradCheck.input(5, 8, 12), b1 = GradCheck.input(1, 8, 13), w2 = GradCheck.input(8, 3, 14), b2 = GradCheck.input(1, 3, 15);
        // W2 and b2 sit after the activation: element-wise differences are exact there.
        GradCheck.check("FeatureMlp W2, b2", p -> mlp.apply(w1, b1, p[0], p[1], 0.01f), w2, b2);
        DualGraphFixtures.checkDirectional("FeatureMlp W1, b1", 1e-3f, 1e-2,
                p -> weighted(mlp.apply(p[0], p[1], w2, b2, 0.01f), 3), w1, b1);
    }

    @Test
    void normalizedStackEqualsConcatNormaliseConcat() {
        Tensor[] tops = {GradCheck.input(7, 4, 1), GradCheck.input(7, 4, 2)};
        Tensor[] bottoms = {GradCheck.input(5, 4, 3), GradCheck.input(5, 4, 4)};
        Tensor fused = NormalizedStack.apply(tops, bottoms);
        Tensor chain = Tensor.concatCols(Tensor.concatRows(tops[0], bottoms[0]).normalizeRows(),
                Tensor.concatRows(tops[1], bottoms[1]).normalizeRows());
        assertClose(fused.data(), chain.data(), 1e-6);
        GradCheck.check("NormalizedStack", p -> NormalizedStack.apply(new Tensor[] {p[0], p[1]}, new Tensor[] {p[2], p[3]}),
                tops[0], tops[1], bottoms[0], bottoms[1]);
    }

    @Test
    void blockFusionSumEqualsItsDefinitionAndGradientChecks() {
        Tensor o = GradCheck.input(9, 6, 1), omega = GradCheck.input(5, 3, 2);
        for (boolean firstTakesAll : new boolean[] {true, false}) {
            Tensor e = BlockFusion.weightedSum(o, omega, 5, 3, 3f, firstTakesAll);
            for (int r = 0; r < 9; r++) {
                for (int j = 0; j < 2; j++) {
                    double expected = 0;
                    for (int m = 0; m < 3; m++) {
                        double c = r >= 5 ? 1 : omega.get(r, m) + (firstTakesAll && m > 0 ? omega.get(r, 0) : 0);
                        expected += 3 * c * o.get(r, m * 2 + j);
                    }
                    assertThat((double) e.get(r, j)).isCloseTo(expected, within(1e-5));
                }
            }
            GradCheck.check("BlockFusion.weightedSum " + firstTakesAll, p -> BlockFusion.weightedSum(p[0], p[1], 5, 3, 3f, firstTakesAll), o, omega);
        }
        GradCheck.check("BlockFusion.weightedSum without ω", p -> BlockFusion.weightedSum(p[0], null, 5, 3, 2f, true), o);
    }

    @Test
    void blockFusionConcatScalesUserBlocksAndGradientChecks() {
        Tensor o = GradCheck.input(9, 6, 3), omega = GradCheck.input(5, 2, 4);
        Tensor e = BlockFusion.weightedConcat(o, omega, 5, 2, 3f);
        for (int r = 0; r < 9; r++) {
            for (int c = 0; c < 6; c++) {
                double w = r >= 5 ? 1 : omega.get(r, c / 3);
                assertThat((double) e.get(r, c)).isCloseTo(3 * w * o.get(r, c), within(1e-6));
            }
        }
        GradCheck.check("BlockFusion.weightedConcat", p -> BlockFusion.weightedConcat(p[0], p[1], 5, 2, 3f), o, omega);
    }
}
