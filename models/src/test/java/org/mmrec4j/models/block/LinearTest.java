package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.block.Linear.WeightInit;

class LinearTest {
    @Test void fusedAffineMatchesMatmulPlusBiasAndHasCheckedGradients() {
        Params p = new Params();
        Linear lin = Linear.create(p, "l", 5, 4, WeightInit.TORCH_DEFAULT, true, new Rng(1));
        Tensor x = GradCheck.input(7, 5, 3);
        Tensor expected = x.matmul(p.get("l.weight")).add(p.get("l.bias"));
        float[] got = lin.apply(x).data();
        for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected.data()[i], within(1e-5f));
        GradCheck.check("linear", t -> lin.apply(t[0]), x, p.get("l.weight"), p.get("l.bias"));
        Linear noBias = Linear.create(new Params(), "n", 5, 4, WeightInit.XAVIER_NORMAL, false, new Rng(2));
        GradCheck.check("linear without bias", t -> noBias.apply(t[0]), GradCheck.input(7, 5, 4), noBias.weight());
    }

    @Test void initialisationFollowsPyTorch() {
        Params p = new Params();
        Linear.create(p, "a", 100, 50, WeightInit.TORCH_DEFAULT, true, new Rng(5));
        float bound = 0.1f; // 1/sqrt(100)
        for (float v : p.get("a.weight").data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        for (float v : p.get("a.bias").data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        Linear.create(p, "b", 400, 400, WeightInit.XAVIER_NORMAL, true, new Rng(6));
        double sq = 0;
        for (float v : p.get("b.weight").data()) sq += v * v;
        double std = Math.sqrt(sq / (400 * 400));
        assertThat(std).isCloseTo(Math.sqrt(2.0 / 800), within(0.002));
    }
}
