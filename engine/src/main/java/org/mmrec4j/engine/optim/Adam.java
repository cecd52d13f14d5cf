package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;

/**
 * Adam with PyTorch's exact update (torch.optim.Adam, amsgrad off): weight decay is added to the
 * gradient (L2, not AdamW), and ε is added after dividing √v by √(1−β₂ᵗ).
 */
public final class Adam implements Optimizer {
    private final List<Tensor> params;
    private final float[][] m, v;
    private final double beta1, beta2, eps, weightDecay;
    private double lr;
    private long t;

    public Adam(Params params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    public Adam(Params params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        Checks.arg(lr >= 0, "learning rate must be >= 0, got %s", lr);
        this.params = List.copyOf(params.tensors());
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.params.get(i).size()];
            v[i] = new float[this.params.get(i).size()];
        }
        this.lr = lr;
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
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGradInPlace();
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeLong(t);
        for (int i = 0; i < m.length; i++) {
            for (float x : m[i]) out.writeFloat(x);
            for (float x : v[i]) out.writeFloat(x);
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        t = in.readLong();
        for (int i = 0; i < m.length; i++) {
            for (int k = 0; k < m[i].length; k++) m[i][k] = in.readFloat();
            for (int k = 0; k < v[i].length; k++) v[i][k] = in.readFloat();
        }
    }
}
