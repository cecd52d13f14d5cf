/**
 * The short path from Java: {@link org.mmrec4j.api.Training} trains a catalogue model on a dataset folder
 * and writes a run folder; {@link org.mmrec4j.api.Run} loads a run folder and answers with its metrics,
 * top-K items, similar items and scores of new items. Both only delegate: configuration and training to
 * train's {@code RunSetup} and {@code Experiment}, loading and answering to serve's {@code TrainedModel}
 * and {@code RecommendationIndex}, so a run made here is the run {@code mmrec4j train} makes and serves.
 * May use: serve, train and everything below them. May not use: cli, report, features, bench.
 */
package org.mmrec4j.api;
