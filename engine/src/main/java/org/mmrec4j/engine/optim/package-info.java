/**
 * Optimizers with PyTorch's update rules, so MMRec's learning rates and weight decays carry over: Adam,
 * SGD, Adagrad and RMSprop behind {@link org.mmrec4j.engine.optim.Optimizer}, built from the config's
 * {@code learner} name by {@link org.mmrec4j.engine.optim.Optimizers#of}. Each writes and reads its state
 * (moments, step count) so a resumed run continues bit for bit.
 * May use: engine (Params, Tensor, Parallel). May not use: any other mmrec4j module.
 */
package org.mmrec4j.engine.optim;
