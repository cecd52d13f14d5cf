package org.mmrec4j.models.multimodal;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * {@code Lin(in→out)}: x·W + b with PyTorch's default nn.Linear initialisation, U(±1/sqrt(in)) for both
 * W and b, which is what layers a reference model never re-initialises keep (protocol §8.2). W is
 * stored in×out so the map is one GEMM without a transpose.
 *
 * <p>The bias is added inside one op (rows pre-filled with b, then GEMM with β = 1; db = column sums of
 * the gradient): the generic broadcast add and its backward are scalar loops, which cost more than the
 * GEMM itself on full item tables.
 */
record TorchLinear(Tensor weight, Tensor bias) {

    static TorchLinear create(Params params, String name, int in, int out, boolean withBias, Rng rng) {
        float bound = (float) (1 / Math.sqrt(in));
        Tensor w = params.uniform(name + ".weight", in, out, -bound, bound, rng.split(name + ".weight"));
        Tensor b = withBias ? params.uniform(name + ".bias", 1, out, -bound, bound, rng.split(name + ".bias")) : null;
        return new TorchLinear(w, b);
    }

    Tensor apply(Tensor x) {
        return bias == null ? x.matmul(weight) : affine(x, weight, bias);
    }

    /** x·W + b for x r×in, W in×out, b 1×out. */
    static Tensor affine(Tensor x, Tensor w, Tensor b) {
        int r = x.rows(), in = x.cols(), out = w.cols();
        Checks.arg(w.rows() == in && b.rows() == 1 && b.cols() == out, "affine: %s · %s + %s", x.shape(), w.shape(), b.shape());
        float[] y = new float[r * out];
        float[] bd = b.data();
        for (int i = 0; i < r; i++) System.arraycopy(bd, 0, y, i * out, out);
        Gemm.gemm(false, false, r, out, in, 1f, x.data(), in, w.data(), out, 1f, y, out);
        return Tensor.op(r, out, y, g -> {
            if (x.requiresGrad()) {
                float[] gx = new float[r * in];
                Gemm.gemm(false, true, r, in, out, 1f, g, out, w.data(), out, 0f, gx, in);
                x.accumulateGrad(gx);
            }
            if (w.requiresGrad()) {
                float[] gw = new float[in * out];
                Gemm.gemm(true, false, in, out, r, 1f, x.data(), in, g, out, 0f, gw, out);
                w.accumulateGrad(gw);
            }
            if (b.requiresGrad()) {
                float[] gb = new float[out];
                for (int i = 0; i < r; i++) {
                    for (int j = 0, o = i * out; j < out; j++) gb[j] += g[o + j];
                }
                b.accumulateGrad(gb);
            }
        }, x, w, b);
    }
}
