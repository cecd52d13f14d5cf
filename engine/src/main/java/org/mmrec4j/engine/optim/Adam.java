package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Params;

/**
 * Adam with PyTorch's exact update (torch.optim.Adam, amsgrad off): weight decay is added to the
 * gradient (L2, not AdamW), and ε is added after dividing √v by √(1−β₂ᵗ).
 */
public final class Adam extends ParamOptimizer {
    private final float[][] m, v;
    private final double beta1, beta2, eps, weightDecay;
    private long t;

    public Adam(Params params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    public Adam(Params params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        this.m = perParameter();
        this.v = perParameter();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        t++;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps, wd = (float) weightDecay;
        for (int i = 0; i < m.length; i++) {
            float[] p = params.get(i).data(), g = params.get(i).grad(), mi = m[i], vi = v[i];
            Parallel.forRange(p.length, (lo, hi) -> {
                for (int k = lo; k < hi; k++) {
                    float gk = (g == null ? 0f : g[k]) + wd * p[k];
                    mi[k] = b1 * mi[k] + (1 - b1) * gk;
                    vi[k] = b2 * vi[k] + (1 - b2) * gk * gk;
                    p[k] -= stepSize * mi[k] / ((float) Math.sqrt(vi[k]) / sqrtBc2 + e);
                }
            });
        }
    }


    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeLong(t);
        writeFloats(out, m, v);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        t = in.readLong();
        readFloats(in, m, v);
    }
}
