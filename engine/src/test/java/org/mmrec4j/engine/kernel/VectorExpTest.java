package org.mmrec4j.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorExpTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static float[] exp(float[] x) {
        float[] out = new float[x.length];
        for (int c = 0; c + S.length() <= x.length; c += S.length()) VectorExp.exp(FloatVector.fromArray(S, x, c)).intoArray(out, c);
        return out;
    }

    private static float[] inputs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n - n % S.length()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (-87.3 + r.nextDouble() * (88 + 87.3));
        return x;
    }

    @Test
    void withinTwoUlpOfMathExp() {
        float[] x = inputs(200_000, 1);
        float[] y = exp(x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            float ref = (float) Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - ref) / Math.ulp(ref));
        }
        assertThat(worst).isLessThanOrEqualTo(2.0);
    }

    @Test
    void edgeCases() {
        float[] x = new float[S.length()];
        float[] want = new float[S.length()];
        float[][] cases = {{0f, 1f}, {-200f, 0f}, {Float.NEGATIVE_INFINITY, 0f}, {Float.NaN, Float.NaN}, {1f, (float) Math.E}};
        for (int i = 0; i < x.length; i++) {
            x[i] = cases[i % cases.length][0];
            want[i] = cases[i % cases.length][1];
        }
        float[] y = exp(x);
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(want[i])) assertThat(y[i]).isNaN();
            else assertThat(y[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(Math.ulp(want[i]) * 2));
        }
        assertThat(exp(new float[S.length()])[0]).isEqualTo(1f);
    }

    @Test
    void sameBitsBeforeAndAfterTheJitCompilesIt() {
        // The first calls run interpreted; thousands later the body is compiled. Lanewise EXP differed here.
        float[] x = inputs(4096, 2);
        float[] first = exp(x);
        float[] last = first;
        for (int k = 0; k < 3000; k++) last = exp(x);
        assertThat(last).containsExactly(first);
    }
}
