/**
 * Training wrappers around any model of the catalogue, chosen by the config key {@code wrapper}
 * ({@link org.mmrec4j.models.wrapper.Wrappers}; keys in the wrapper's own YAML). Today GUIDER
 * ({@link org.mmrec4j.models.wrapper.Guider}): the code_compat teacher (HashWeightedTeacher, CleanWeights, Mgda)
 * and the paper-mode teacher (DbprTeacher, Amsc, SinkhornDivergence). A wrapper sees its student only
 * through {@link org.mmrec4j.models.Recommender}. May use: models, models.block, models.loss, engine (incl.
 * optim), config, data, graph, eval. May not use: models.general, models.multimodal, train or above.
 */
package org.mmrec4j.models.wrapper;
