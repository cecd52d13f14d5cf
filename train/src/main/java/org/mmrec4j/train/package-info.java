/**
 * Training, the one path of a run: {@link org.mmrec4j.train.RunSetup} resolves the layered config once, applies the wrapper
 * and loads the dataset; {@link org.mmrec4j.train.Trainer} runs MMRec's loop in epoch, evaluate and checkpoint steps with
 * early stopping; {@link org.mmrec4j.train.RunFolder} is the one reader and writer of a run folder (config.resolved.yaml,
 * manifest.json, metrics.json, train_log.csv, model.bin, checkpoint.bin); {@link org.mmrec4j.train.ExperimentLoop} is the one
 * loop of grid, tune, compare and sweep-noise, selecting on validation by default and on test only in
 * MMRec-compatibility mode. May use: models and everything below it, engine.io, progressbar, Jackson.
 * May not use: features, serve, report, plot, cli.
 */
package org.mmrec4j.train;
