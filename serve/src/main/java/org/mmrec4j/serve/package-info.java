/**
 * Using trained models: {@link org.mmrec4j.serve.TrainedModel} restores a run folder written by train,
 * {@link org.mmrec4j.serve.BatchRecommender} writes top-K lists and embeddings, and
 * {@link org.mmrec4j.serve.RecommendServer} answers HTTP requests from a precomputed
 * {@link org.mmrec4j.serve.RecommendationIndex}, with the browser page of {@link org.mmrec4j.serve.Explorer}
 * (resources under {@code explorer/}). May use: train and everything below it, Jackson, Jetty 12 (core, no servlets) for the
 * HTTP server. May not use: features, report, plot, cli; serving never trains.
 */
package org.mmrec4j.serve;
