/**
 * Training: MMRec's loop and early stopping ({@link org.mmrec4j.train.Trainer}), grids and model
 * selection ({@link org.mmrec4j.train.Experiment}), resumable checkpoints, and the run folder with its
 * resolved config, manifest, logs and metrics ({@link org.mmrec4j.train.RunFolder}).
 */
package org.mmrec4j.train;
