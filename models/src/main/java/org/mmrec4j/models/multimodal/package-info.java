/**
 * Multimodal recommenders: models that read item feature modalities (any number, by name, in
 * {@link org.mmrec4j.data.FeatureSet#names()} order) besides the interactions. Each class here is one model
 * of the ModelCatalog with its equations and deviations; parts two models share live in models.block,
 * models.loss, the graph module or engine.kernel, and DiffMM's diffusion parts in {@code diffusion}.
 * May use: models, models.block, models.loss, engine, config, data, graph, eval.
 * May not use: another model's class, models.wrapper, train or above.
 */
package org.mmrec4j.models.multimodal;
