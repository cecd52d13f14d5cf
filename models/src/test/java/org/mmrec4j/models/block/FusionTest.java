package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

class FusionTest {
    private static final Tensor A = Tensor.of(new float[][] {{1, 2}, {3, 4}}), B = Tensor.of(new float[][] {{5, 6}, {7, 8}});

    @Test void elementWiseAndConcat() {
        assertThat(Fusion.mean().fuse(List.of(A, B)).data()).containsExactly(3, 4, 5, 6);
        assertThat(Fusion.sum().fuse(List.of(A, B)).data()).containsExactly(6, 8, 10, 12);
        assertThat(Fusion.fixedWeights(0.1, 0.9).fuse(List.of(A, B)).get(0, 0)).isCloseTo(4.6f, within(1e-6f));
        Tensor c = Fusion.concat().fuse(List.of(A, B));
        assertThat(c.shape()).isEqualTo("2x4");
        assertThat(c.data()).containsExactly(1, 2, 5, 6, 3, 4, 7, 8);
    }

    @Test void globalSoftmaxStartsEqualAndLearns() {
        Params p = new Params();
        Fusion f = Fusion.globalSoftmax(p, "w", 2, 0.5f);
        assertThat(f.fuse(List.of(A, B)).data()).containsExactly(3, 4, 5, 6);
        Tensor w = p.get("w");
        check("global softmax fusion", x -> f.fuse(List.of(x[0], x[1])), input(3, 2, 1), input(3, 2, 2));
        check("global softmax weights", x -> f.fuse(List.of(A, B)), w);
    }

    @Test void perRowWeightsAreSoftmaxedOnceAtInit() {
        Params p = new Params();
        Fusion f = Fusion.perRow(p, "omega", 2, 3, new Rng(1));
        float[] w = p.get("omega").data();
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1f, within(1e-6f));
        check("per-row fusion", x -> f.fuse(List.of(x[0], x[1], x[2])), input(2, 4, 1), input(2, 4, 2), input(2, 4, 3));
    }

    @Test void queryAttentionWeightsEachRowOverModalities() {
        Params p = new Params();
        Fusion f = Fusion.queryAttention(p, "q", 2, 3, new Rng(2));
        // Identical views: any attention gives the view back.
        assertThat(f.fuse(List.of(A, A)).data()).usingComparatorWithPrecision(1e-6f).containsExactly(1, 2, 3, 4);
        check("query attention", x -> f.fuse(List.of(x[0], x[1])), input(3, 2, 1), input(3, 2, 2));
        check("query attention params", x -> f.fuse(List.of(A, B)), p.tensors().toArray(new Tensor[0]));
    }
}
