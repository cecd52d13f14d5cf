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
 * Adagrad with PyTorch's default update (torch.optim.Adagrad: lr_decay 0, initial_accumulator_value 0,
 * eps 1e-10): weight decay is added to the gradient, the squared gradients are summed, and
 * θ ← θ − lr·g / (√sum + ε).
 */
public final class Adagrad implements Optimizer {
    private final List<Tensor> params;
    private final float[][] sum;
    private final double eps, weightDecay;
    private double lr;

    public Adagrad(Params params, double lr, double weightDecay) {
        this(params, lr, 1e-10, weightDecay);
    }

    public Adagrad(Params params, double lr, double eps, double weightDecay) {
        Checks.arg(lr >= 0, "learning rate must be >= 0, got %s", lr);
        this.params = List.copyOf(params.tensors());
        this.sum = new float[this.params.size()][];
        for (int i = 0; i < sum.length; i++) sum[i] = new float[this.params.get(i).size()];
        this.lr = lr;
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
        for (float[] s : sum) for (float x : s) out.writeFloat(x);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        for (float[] s : sum) for (int k = 0; k < s.length; k++) s[k] = in.readFloat();
    }
}
