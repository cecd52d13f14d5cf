package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Params;

/**
 * Adagrad with PyTorch's default update (torch.optim.Adagrad: lr_decay 0, initial_accumulator_value 0,
 * eps 1e-10): weight decay is added to the gradient, the squared gradients are summed, and
 * θ ← θ − lr·g / (√sum + ε).
 */
public final class Adagrad extends ParamOptimizer {
    private final float[][] sum;
    private final double eps, weightDecay;

    public Adagrad(Params params, double lr, double weightDecay) {
        this(params, lr, 1e-10, weightDecay);
    }

    public Adagrad(Params params, double lr, double eps, double weightDecay) {
        super(params, lr);
        this.sum = perParameter();
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        float lrf = (float) lr, e = (float) eps, wd = (float) weightDecay;
        for (int i = 0; i < sum.length; i++) {
            float[] p = params.get(i).data(), g = params.get(i).grad(), s = sum[i];
            Parallel.forRange(p.length, (lo, hi) -> {
                for (int k = lo; k < hi; k++) {
                    float gk = (g == null ? 0f : g[k]) + wd * p[k];
                    s[k] += gk * gk;
                    p[k] -= lrf * gk / ((float) Math.sqrt(s[k]) + e);
                }
            });
        }
    }


    @Override
    public void writeState(DataOutputStream out) throws IOException {
        writeFloats(out, sum);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        readFloats(in, sum);
    }
}
