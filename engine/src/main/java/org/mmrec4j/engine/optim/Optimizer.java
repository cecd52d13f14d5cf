package org.mmrec4j.engine.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Updates parameters from their accumulated gradients. Per batch the caller runs
 * {@code zeroGrad()}, builds the loss, calls {@code loss.backward()}, then {@code step()}.
 * Parameters that received no gradient in a step are treated as having a zero gradient, as
 * PyTorch's dense optimizers do (moments still decay).
 */
public interface Optimizer {
    void step();

    void zeroGrad();

    double learningRate();

    void setLearningRate(double lr);

    /** Saves the internal state (moments, step count) so a resumed run continues identically. */
    void writeState(DataOutputStream out) throws IOException;

    void readState(DataInputStream in) throws IOException;
}
