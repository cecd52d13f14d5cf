package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;

/**
 * What every optimizer here shares: the parameters in a fixed order, the learning rate, zeroing the
 * gradients, and reading and writing per-parameter float state. Each subclass writes only its update.
 */
abstract class ParamOptimizer implements Optimizer {
    protected final List<Tensor> params;
    protected double lr;

    ParamOptimizer(Params params, double lr) {
        Checks.arg(lr >= 0, "learning rate must be >= 0, got %s", lr);
        this.params = List.copyOf(params.tensors());
        this.lr = lr;
    }

    /** One zeroed buffer per parameter, each the parameter's size. */
    protected final float[][] perParameter() {
        float[][] b = new float[params.size()][];
        for (int i = 0; i < b.length; i++) b[i] = new float[params.get(i).size()];
        return b;
    }

    @Override
    public final void zeroGrad() {
        for (Tensor p : params) p.zeroGradInPlace();
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Writes the buffers parameter by parameter, each parameter's buffers in the order given (Adam: m₀, v₀, m₁, v₁, …). */
    protected static void writeFloats(DataOutputStream out, float[][]... buffers) throws IOException {
        for (int i = 0; i < buffers[0].length; i++) {
            for (float[][] b : buffers) for (float x : b[i]) out.writeFloat(x);
        }
    }

    /** Reads what {@link #writeFloats} wrote into the same buffers. */
    protected static void readFloats(DataInputStream in, float[][]... buffers) throws IOException {
        for (int i = 0; i < buffers[0].length; i++) {
            for (float[][] b : buffers) for (int k = 0; k < b[i].length; k++) b[i][k] = in.readFloat();
        }
    }
}
