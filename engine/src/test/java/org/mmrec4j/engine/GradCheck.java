package org.mmrec4j.engine;

import java.util.function.Function;

/**
 * Finite-difference gradient check: compares the autograd gradient of {@code Σ f(inputs) ⊙ W} (W a fixed
 * random weight, so every output element matters) with central differences. Shipped in the engine's
 * test-jar so model tests can check their losses too.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Fresh trainable inputs with values uniform in [lo, hi), from a seed. */
    public static Tensor input(int rows, int cols, long seed, float lo, float hi) {
        Rng rng = new Rng(seed);
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return Tensor.parameter(rows, cols, d);
    }

    public static Tensor input(int rows, int cols, long seed) {
        return input(rows, cols, seed, -1f, 1f);
    }

    public static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(what, 1e-2f, 2e-2, 2e-3, f, inputs);
    }

    /**
     * Throws AssertionError naming the input, the element and both values when |analytic − numeric| >
     * atol + rtol·max(|analytic|, |numeric|). At most 64 elements per input are probed.
     */
    public static void check(String what, float h, double rtol, double atol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor t : inputs) t.zeroGradInPlace();
        Tensor out = f.apply(inputs);
        float[] w = new float[out.size()];
        Rng rng = new Rng(42);
        for (int i = 0; i < w.length; i++) w[i] = 0.5f + rng.nextFloat();
        out.backward(w);
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().clone();
            float[] d = x.data();
            int stride = Math.max(1, d.length / 64);
            for (int i = 0; i < d.length; i += stride) {
                float saved = d[i];
                d[i] = saved + h;
                double plus = weighted(f, inputs, w);
                d[i] = saved - h;
                double minus = weighted(f, inputs, w);
                d[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[i];
                if (Math.abs(a - numeric) > atol + rtol * Math.max(Math.abs(a), Math.abs(numeric))) {
                    throw new AssertionError(String.format("%s: input %d element %d: analytic %.6g, numeric %.6g",
                            what, k, i, a, numeric));
                }
            }
        }
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        float[] o;
        try (var off = Grad.off()) {
            o = f.apply(inputs).data();
        }
        double s = 0;
        for (int i = 0; i < o.length; i++) s += (double) o[i] * w[i];
        return s;
    }
}
