/**
 * Losses and regularisers with the exact numerics of the reference (spec/models.md §0.3): BPR and the
 * embedding regularisers ({@link org.mmrec4j.models.loss.Losses}), in-batch InfoNCE, softmax cross-entropy and
 * KL rows, and the per-row denoising losses T-CE and R-CE ({@link org.mmrec4j.models.loss.TruncatedLoss},
 * {@link org.mmrec4j.models.loss.ReweightedLoss}). May use: engine (incl. kernel and the Vector API),
 * data.sample. May not use: the models package or its model packages, graph, train or above.
 */
package org.mmrec4j.models.loss;
