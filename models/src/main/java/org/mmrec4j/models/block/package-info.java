/**
 * Reusable model parts, used by more than one model: propagation schemes ({@link org.mmrec4j.models.block.Propagation},
 * {@link org.mmrec4j.models.block.MessagePassing}), final embeddings with their scorer
 * ({@link org.mmrec4j.models.block.Embeddings}), the rows a batch touches ({@code BatchRows}, {@code GraphRows}),
 * linear layers and modality projections, per-modality item kNN graphs ({@code ItemGraphs}), full-table norms,
 * view fusion and the real FFT, and the parts several multimodal models share: modality inputs and trainable
 * features, feature MLPs, block and view fusion, preference-graph branches and the sampled user graph
 * (DualGNN, DRAGON), FREEDOM's forward pass (FREEDOM, GUIDER's teacher), LATTICE's learned item graph and the
 * last-batch cache ({@code LastBatchTable}). May use: engine, config, data, graph, eval.
 * May not use: the models package or its model packages (general, multimodal, wrapper), train or above.
 */
package org.mmrec4j.models.block;
