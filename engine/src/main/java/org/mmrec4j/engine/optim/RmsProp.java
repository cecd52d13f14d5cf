package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Params;

/**
 * RMSprop with PyTorch's default update (torch.optim.RMSprop: alpha 0.99, eps 1e-8, no momentum, not
 * centered): weight decay is added to the gradient, v ← α·v + (1−α)·g², θ ← θ − lr·g / (√v + ε).
 */
public final class RmsProp extends ParamOptimizer {
    private final float[][] v;
    private final double alpha, eps, weightDecay;

    public RmsProp(Params params, double lr, double weightDecay) {
        this(params, lr, 0.99, 1e-8, weightDecay);
    }

    public RmsProp(Params params, double lr, double alpha, double eps, double weightDecay) {
        super(params, lr);
        Checks.arg(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1], got %s", alpha);
        this.v = perParameter();
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        float lrf = (float) lr, a = (float) alpha, e = (float) eps, wd = (float) weightDecay;
        for (int i = 0; i < v.length; i++) {
            float[] p = params.get(i).data(), g = params.get(i).grad(), vi = v[i];
            Parallel.forRange(p.length, (lo, hi) -> {
                for (int k = lo; k < hi; k++) {
                    float gk = (g == null ? 0f : g[k]) + wd * p[k];
                    vi[k] = a * vi[k] + (1 - a) * gk * gk;
                    p[k] -= lrf * gk / ((float) Math.sqrt(vi[k]) + e);
                }
            });
        }
    }


    @Override
    public void writeState(DataOutputStream out) throws IOException {
        writeFloats(out, v);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        readFloats(in, v);
    }
}
