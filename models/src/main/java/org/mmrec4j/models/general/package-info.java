/**
 * Models that use interactions only: BPR-MF ({@link org.mmrec4j.models.general.Bpr}) and LightGCN
 * ({@link org.mmrec4j.models.general.LightGcn}); each class is one model, listed in the ModelCatalog.
 * May use: models, models.block, models.loss, engine, config, data, graph. May not use: feature modalities,
 * models.multimodal, models.wrapper, train or above.
 */
package org.mmrec4j.models.general;
