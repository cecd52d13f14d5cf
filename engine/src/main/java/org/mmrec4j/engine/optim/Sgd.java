package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.engine.Params;

/** Plain SGD with optional momentum and L2 weight decay, as torch.optim.SGD (no dampening, no Nesterov). */
public final class Sgd extends ParamOptimizer {
    private final float[][] velocity;
    private final double momentum, weightDecay;
    private boolean started;

    public Sgd(Params params, double lr, double momentum, double weightDecay) {
        super(params, lr);
        this.velocity = new float[this.params.size()][];
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        float lrf = (float) lr, mu = (float) momentum, wd = (float) weightDecay;
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i).data(), g = params.get(i).grad();
            if (mu != 0f && velocity[i] == null) velocity[i] = new float[p.length];
            float[] b = velocity[i];
            for (int k = 0; k < p.length; k++) {
                float d = (g == null ? 0f : g[k]) + wd * p[k];
                if (b != null) {
                    // PyTorch seeds the buffer with the first gradient rather than decaying from zero.
                    b[k] = started ? mu * b[k] + d : d;
                    d = b[k];
                }
                p[k] -= lrf * d;
            }
        }
        started = true;
    }


    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeBoolean(started);
        for (float[] b : velocity) {
            out.writeBoolean(b != null);
            if (b != null) for (float x : b) out.writeFloat(x);
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        started = in.readBoolean();
        for (int i = 0; i < velocity.length; i++) {
            if (in.readBoolean()) {
                velocity[i] = new float[params.get(i).size()];
                for (int k = 0; k < velocity[i].length; k++) velocity[i][k] = in.readFloat();
            }
        }
    }
}
