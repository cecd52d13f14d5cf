package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * An affine layer x ↦ x·W + b (PyTorch's nn.Linear with W stored transposed, in×out), as one fused op:
 * the bias is the GEMM's initial C and its gradient a column sum, where a broadcast add would cost a
 * full-size temporary and a slow reduction per call.
 *
 * <p>Initialisation follows PyTorch: the default is U(±1/sqrt(in)) for weight and bias; MMRec models
 * often re-initialise the weight Xavier-normal and keep the default bias ({@link WeightInit#XAVIER_NORMAL}).
 */
public final class Linear {

    public enum WeightInit {
        /** PyTorch's default (kaiming-uniform with a = sqrt 5): U(±1/sqrt(in)). */
        TORCH_DEFAULT,
        /** Xavier-normal: N(0, 2/(in+out)). */
        XAVIER_NORMAL,
        /** Xavier-uniform: U(±sqrt(6/(in+out))). */
        XAVIER_UNIFORM
    }

    private final Tensor weight;
    private final Tensor bias;

    private Linear(Tensor weight, Tensor bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** Registers {@code name.weight} (in×out) and, when {@code withBias}, {@code name.bias} (1×out, PyTorch's default U(±1/sqrt(in))). */
    public static Linear create(Params params, String name, int in, int out, WeightInit init, boolean withBias, Rng rng) {
        Checks.arg(in > 0 && out > 0, "Linear %s: sizes must be positive, got %s -> %s", name, in, out);
        Rng wr = rng.split(name + ".weight");
        Tensor w = switch (init) {
            case TORCH_DEFAULT -> params.uniform(name + ".weight", in, out, -bound(in), bound(in), wr);
            case XAVIER_NORMAL -> params.xavierNormal(name + ".weight", in, out, wr);
            case XAVIER_UNIFORM -> params.xavierUniform(name + ".weight", in, out, wr);
        };
        Tensor b = withBias ? params.uniform(name + ".bias", 1, out, -bound(in), bound(in), rng.split(name + ".bias")) : null;
        return new Linear(w, b);
    }

    /** PyTorch's default nn.Linear: U(±1/sqrt(in)) weight and, when asked, bias. */
    public static Linear create(Params params, String name, int in, int out, boolean withBias, Rng rng) {
        return create(params, name, in, out, WeightInit.TORCH_DEFAULT, withBias, rng);
    }

    /** Xavier-uniform weight and PyTorch-default bias (MMRec's usual re-initialisation). */
    public static Linear xavier(Params params, String name, int in, int out, Rng rng) {
        return create(params, name, in, out, WeightInit.XAVIER_UNIFORM, true, rng);
    }

    /** Xavier-uniform weight, no bias. */
    public static Linear xavierNoBias(Params params, String name, int in, int out, Rng rng) {
        return create(params, name, in, out, WeightInit.XAVIER_UNIFORM, false, rng);
    }

    private static float bound(int in) {
        return (float) (1.0 / Math.sqrt(in));
    }

    public int in() {
        return weight.rows();
    }

    public int out() {
        return weight.cols();
    }

    public Tensor weight() {
        return weight;
    }

    /** The 1×out bias, or null. */
    public Tensor bias() {
        return bias;
    }

    /** A copy of the current values that no optimizer step reaches (for representations cached across steps). */
    public Linear frozenCopy() {
        return new Linear(weight.copy(), bias == null ? null : bias.copy());
    }

    public Tensor apply(Tensor x) {
        Checks.arg(x.cols() == in(), "Linear: input %s, expected %s columns", x.shape(), in());
        int m = x.rows(), k = in(), n = out();
        float[] xd = x.data(), wd = weight.data(), y = new float[m * n];
        if (bias != null) {
            float[] bd = bias.data();
            for (int r = 0; r < m; r++) System.arraycopy(bd, 0, y, r * n, n);
        }
        Gemm.gemm(false, false, m, n, k, 1f, xd, k, wd, n, bias != null ? 1f : 0f, y, n);
        Tensor.Backward back = g -> {
            if (x.requiresGrad()) { // dX = G·Wᵀ
                float[] gx = new float[xd.length];
                Gemm.gemm(false, true, m, k, n, 1f, g, n, wd, n, 0f, gx, k);
                x.accumulateGrad(gx);
            }
            if (weight.requiresGrad()) { // dW = Xᵀ·G
                float[] gw = new float[wd.length];
                Gemm.gemm(true, false, k, n, m, 1f, xd, k, g, n, 0f, gw, n);
                weight.accumulateGrad(gw);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = new float[n];
                for (int r = 0; r < m; r++) {
                    for (int j = 0, o = r * n; j < n; j++) gb[j] += g[o + j];
                }
                bias.accumulateGrad(gb);
            }
        };
        return bias != null ? Tensor.op(m, n, y, back, x, weight, bias) : Tensor.op(m, n, y, back, x, weight);
    }
}
