/**
 * Recommenders: the {@link org.mmrec4j.models.Recommender} contract, the explicit
 * {@link org.mmrec4j.models.ModelCatalog}, and the context a model is built from. Models are small
 * classes over shared blocks ({@code block}, {@code loss}); each one's defaults and grid live in
 * {@code org/mmrec4j/models/<Name>.yaml}.
 */
package org.mmrec4j.models;
