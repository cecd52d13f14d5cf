/**
 * Using trained models: {@link org.mmrec4j.serve.TrainedModel} restores a run folder,
 * {@link org.mmrec4j.serve.BatchRecommender} writes top-K lists and embeddings, and
 * {@link org.mmrec4j.serve.RecommendServer} answers HTTP requests from a precomputed
 * {@link org.mmrec4j.serve.RecommendationIndex}.
 */
package org.mmrec4j.serve;
