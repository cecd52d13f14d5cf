package org.mmrec4j.models.multimodal;

import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/**
 * {@code Lin(in→out)}: x·W + b with PyTorch's default nn.Linear initialisation, U(±1/sqrt(in)) for both
 * W and b, which is what layers a reference model never re-initialises keep (protocol §8.2). W is
 * stored in×out so the map is one GEMM without a transpose.
 */
record TorchLinear(Tensor weight, Tensor bias) {

    static TorchLinear create(Params params, String name, int in, int out, boolean withBias, Rng rng) {
        float bound = (float) (1 / Math.sqrt(in));
        Tensor w = params.uniform(name + ".weight", in, out, -bound, bound, rng.split(name + ".weight"));
        Tensor b = withBias ? params.uniform(name + ".bias", 1, out, -bound, bound, rng.split(name + ".bias")) : null;
        return new TorchLinear(w, b);
    }

    Tensor apply(Tensor x) {
        Tensor y = x.matmul(weight);
        return bias == null ? y : y.add(bias);
    }
}
