/**
 * Recommenders: the {@link org.mmrec4j.models.Recommender} contract, the explicit
 * {@link org.mmrec4j.models.ModelCatalog} (one line per model), and the context a model is built from.
 * Models are small classes over shared parts ({@code block}, {@code loss}, the graph module, engine.kernel);
 * each one's defaults and grid live in {@code org/mmrec4j/models/<Name>.yaml}. Sub-packages: {@code general}
 * (interactions only), {@code multimodal}, {@code wrapper} (GUIDER).
 * May use: engine, config, data, graph, eval. May not use: train or any module above.
 */
package org.mmrec4j.models;
