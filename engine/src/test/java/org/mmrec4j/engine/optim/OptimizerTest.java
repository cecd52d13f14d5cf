package org.mmrec4j.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.function.Function;
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

    /** Feeds the gradients {@code grads} to p (starting at 1) one step each, returning p after every step. */
    private static float[] steps(Function<Params, Optimizer> make, double[] grads) {
        Params params = new Params();
        Tensor p = params.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        Optimizer opt = make.apply(params);
        float[] out = new float[grads.length];
        for (int i = 0; i < grads.length; i++) {
            opt.zeroGrad();
            p.mul(Tensor.scalar((float) grads[i])).sum().backward();
            opt.step();
            out[i] = p.data()[0];
        }
        return out;
    }

    @Test
    void adagradFollowsPyTorchsUpdateWithWeightDecay() {
        // torch.optim.Adagrad, lr 0.1, weight_decay 0.1, eps 1e-10: g ← g + 0.1·θ, sum ← sum + g², θ ← θ − 0.1·g/(√sum + ε)
        // 1: g = 0.5 + 0.1      = 0.6,          sum = 0.36,         θ = 1 − 0.1·0.6/0.6           = 0.9
        // 2: g = −0.2 + 0.09    = −0.11,        sum = 0.3721,       θ = 0.9 + 0.1·0.11/0.61       = 0.9180328
        // 3: g = 0.3 + 0.0918033 = 0.3918033,   sum = 0.5256098,    θ = 0.9180328 − 0.1·0.3918033/0.7249895 = 0.8639902
        // 4: g = 1.5 + 0.0863990 = 1.5863990,   sum = 3.0422717,    θ = 0.8639902 − 0.1·1.5863990/1.7442109 = 0.7730379
        float[] got = steps(p -> new Adagrad(p, 0.1, 0.1), new double[] {0.5, -0.2, 0.3, 1.5});
        assertThat(got).containsExactly(new float[] {0.9f, 0.9180328f, 0.8639902f, 0.7730379f}, within(1e-6f));
    }

    @Test
    void rmsPropFollowsPyTorchsUpdateWithWeightDecay() {
        // torch.optim.RMSprop, lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0.1: g ← g + 0.1·θ,
        // v ← 0.99·v + 0.01·g², θ ← θ − 0.01·g/(√v + ε)
        // 1: g = 0.6,        v = 0.0036,                        θ = 1 − 0.01·0.6/0.06              = 0.9
        // 2: g = −0.11,      v = 0.003564 + 0.000121 = 0.003685, θ = 0.9 + 0.01·0.11/0.0607042     = 0.9181207
        // 3: g = 0.3918121,  v = 0.0051833,                     θ = 0.9181207 − 0.01·0.3918121/0.0719953 = 0.8636987
        // 4: g = 1.5863699,  v = 0.0302972,                     θ = 0.8636987 − 0.01·1.5863699/0.1740608 = 0.7725599
        float[] got = steps(p -> new RmsProp(p, 0.01, 0.1), new double[] {0.5, -0.2, 0.3, 1.5});
        assertThat(got).containsExactly(new float[] {0.9f, 0.9181207f, 0.8636987f, 0.7725599f}, within(1e-6f));
    }

    @Test
    void adagradAndRmsPropTreatAMissingGradientAsZero() {
        // With no gradient and no weight decay g = 0: the accumulators stay 0 and θ does not move (0/(0+ε)).
        for (Function<Params, Optimizer> make : List.<Function<Params, Optimizer>>of(
                p -> new Adagrad(p, 0.1, 0.0), p -> new RmsProp(p, 0.1, 0.0))) {
            Params params = new Params();
            Tensor p = params.add("w", Tensor.parameter(1, 2, new float[] {1f, -1f}));
            Optimizer opt = make.apply(params);
            opt.step();
            assertThat(p.data()).containsExactly(1f, -1f);
        }
    }

    @Test
    void adagradAndRmsPropStateRoundTripsSoResumedRunsContinueIdentically() throws Exception {
        for (Function<Params, Optimizer> make : List.<Function<Params, Optimizer>>of(
                p -> new Adagrad(p, 0.05, 0.01), p -> new RmsProp(p, 0.05, 0.01))) {
            Params pa = new Params(), pb = new Params();
            Tensor a = pa.add("w", Tensor.parameter(1, 1, new float[] {1f}));
            Tensor b = pb.add("w", Tensor.parameter(1, 1, new float[] {1f}));
            Optimizer optA = make.apply(pa), optB = make.apply(pb);
            for (int i = 0; i < 3; i++) {
                optA.zeroGrad();
                a.square().sum().backward();
                optA.step();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                pa.write(out);
                optA.writeState(out);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                pb.readInto(in);
                optB.readState(in);
            }
            for (Optimizer opt : List.of(optA, optB)) {
                Tensor t = opt == optA ? a : b;
                opt.zeroGrad();
                t.square().sum().backward();
                opt.step();
            }
            assertThat(b.data()[0]).isEqualTo(a.data()[0]);
        }
    }

    @Test
    void optimizersBuildsEveryNamedLearnerAndListsThemOnAnUnknownName() {
        Params params = new Params();
        params.add("w", Tensor.parameter(1, 1, new float[] {1f}));
        assertThat(Optimizers.of("adam", params, 0.1, 0.0)).isInstanceOf(Adam.class);
        assertThat(Optimizers.of("SGD", params, 0.1, 0.0)).isInstanceOf(Sgd.class);
        assertThat(Optimizers.of("adagrad", params, 0.1, 0.0)).isInstanceOf(Adagrad.class);
        assertThat(Optimizers.of("rmsprop", params, 0.1, 0.0)).isInstanceOf(RmsProp.class);
        assertThatThrownBy(() -> Optimizers.of("adamw", params, 0.1, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adamw")
                .hasMessageContaining("adam, sgd, adagrad, rmsprop");
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
