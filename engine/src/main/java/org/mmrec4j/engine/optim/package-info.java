/** Optimizers with PyTorch's update rules, so MMRec's learning rates and weight decays carry over. */
package org.mmrec4j.engine.optim;
