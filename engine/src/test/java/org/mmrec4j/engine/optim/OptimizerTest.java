package org.mmrec4j.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;

class OptimizerTest {

    /** Textbook Adam in double, the reference the float implementation must track. */
    private static double[] referenceAdam(double p, double[] grads, double lr, double wd) {
        double m = 0, v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1] + wd * p;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double mhat = m / (1 - Math.pow(0.9, t)), vhat = v / (1 - Math.pow(0.999, t));
            p -= lr * mhat / (Math.sqrt(vhat) + 1e-8);
            out[t - 1] = p;
        }
        return out;
    }

    @Test
    void adamMatchesTheReferenceUpdateWithWeightDecay() {
        Params params = new Params();
        Tensor p = params.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        Adam adam = new Adam(params, 0.01, 0.1);
        double[] grads = {0.5, -0.2, 0.3, 1.5, -0.7};
        double[] expected = referenceAdam(1.0, grads, 0.01, 0.1);
        for (int i = 0; i < grads.length; i++) {
            adam.zeroGrad();
            p.mul(Tensor.scalar((float) grads[i])).sum().backward();
            adam.step();
            assertThat((double) p.data()[0]).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void adamFirstStepMovesByTheLearningRate() {
        Params params = new Params();
        Tensor p = params.add("w", Tensor.parameter(1, 2, new float[] {1f, -1f}));
        Adam adam = new Adam(params, 0.1, 0.0);
        p.mul(Tensor.of(new float[][] {{0.5f, -3f}})).sum().backward();
        adam.step();
        assertThat(p.data()).containsExactly(new float[] {0.9f, -0.9f}, within(1e-6f));
    }

    @Test
    void adamStateRoundTripsSoResumedRunsContinueIdentically() throws Exception {
        Params pa = new Params(), pb = new Params();
        Tensor a = pa.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        Tensor b = pb.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        Adam adamA = new Adam(pa, 0.05, 0.0);
        Adam adamB = new Adam(pb, 0.05, 0.0);
        for (int i = 0; i < 3; i++) {
            adamA.zeroGrad();
            a.square().sum().backward();
            adamA.step();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            pa.write(out);
            adamA.writeState(out);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            pb.readInto(in);
            adamB.readState(in);
        }
        adamA.zeroGrad();
        a.square().sum().backward();
        adamA.step();
        adamB.zeroGrad();
        b.square().sum().backward();
        adamB.step();
        assertThat(b.data()[0]).isEqualTo(a.data()[0]);
    }

    @Test
    void sgdWithMomentumFollowsPyTorch() {
        Params params = new Params();
        Tensor p = params.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        Sgd sgd = new Sgd(params, 0.1, 0.9, 0.0);
        // grad of x² is 2x: p1 = 1 − 0.1·2 = 0.8; buf = 0.9·2 + 1.6 = 3.4; p2 = 0.8 − 0.34 = 0.46
        for (int i = 0; i < 2; i++) {
            sgd.zeroGrad();
            p.square().sum().backward();
            sgd.step();
        }
        assertThat(p.data()[0]).isCloseTo(0.46f, within(1e-6f));
    }

    @Test
    void xavierBoundUsesTableShape() {
        Params params = new Params();
        Tensor t = params.xavierUniform("user", 19_445, 64, new org.mmrec4j.engine.Rng(1));
        float bound = (float) Math.sqrt(6.0 / (19_445 + 64));
        float max = 0;
        for (float v : t.data()) max = Math.max(max, Math.abs(v));
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(bound * 0.99f);
        assertThat(params.count()).isEqualTo(19_445L * 64);
    }
}
