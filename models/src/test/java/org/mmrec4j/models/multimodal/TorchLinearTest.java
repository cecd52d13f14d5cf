package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

class TorchLinearTest {

    @Test
    void affineEqualsMatmulPlusBroadcastBiasAndHasCorrectGradients() {
        Tensor x = GradCheck.input(5, 3, 1), w = GradCheck.input(3, 4, 2), b = GradCheck.input(1, 4, 3);
        Tensor fused = TorchLinear.affine(x, w, b), plain = x.matmul(w).add(b);
        for (int i = 0; i < fused.size(); i++) assertThat(fused.data()[i]).isCloseTo(plain.data()[i], within(1e-6f));
        GradCheck.check("affine", in -> TorchLinear.affine(in[0], in[1], in[2]), x, w, b);
    }

    @Test
    void initialisesWeightAndBiasUniformWithinOneOverSqrtFanIn() {
        Params p = new Params();
        TorchLinear lin = TorchLinear.create(p, "l", 16, 8, true, new Rng(1));
        float bound = 0.25f, max = 0;
        for (float v : lin.weight().data()) max = Math.max(max, Math.abs(v));
        for (float v : lin.bias().data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.9f * bound);
        assertThat(p.asMap()).containsOnlyKeys("l.weight", "l.bias");
        assertThat(TorchLinear.create(p, "n", 4, 1, false, new Rng(2)).bias()).isNull();
    }
}
