package org.mmrec4j.models.block;

import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/**
 * An affine map x ↦ x·W + b on row blocks, W stored in×out (so no transpose per call), b a 1×out row
 * or absent. The factories follow MMRec's usual init: Xavier-uniform W, and PyTorch's default
 * nn.Linear bias U(±1/sqrt(in)) that MMRec never overrides.
 */
public record Linear(Tensor weight, Tensor bias) {

    /** Xavier-uniform weight and PyTorch-default bias, registered as {@code name.weight} and {@code name.bias}. */
    public static Linear xavier(Params params, String name, int in, int out, Rng rng) {
        Tensor w = params.xavierUniform(name + ".weight", in, out, rng.split(name + ".weight"));
        float bound = (float) (1 / Math.sqrt(in));
        Tensor b = params.uniform(name + ".bias", 1, out, -bound, bound, rng.split(name + ".bias"));
        return new Linear(w, b);
    }

    /** Xavier-uniform weight, no bias, registered as {@code name}. */
    public static Linear xavierNoBias(Params params, String name, int in, int out, Rng rng) {
        return new Linear(params.xavierUniform(name, in, out, rng.split(name)), null);
    }

    public int in() {
        return weight.rows();
    }

    public int out() {
        return weight.cols();
    }

    public Tensor apply(Tensor x) {
        Tensor y = x.matmul(weight);
        return bias == null ? y : y.add(bias);
    }
}
