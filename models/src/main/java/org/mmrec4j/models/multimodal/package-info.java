/**
 * Multimodal recommenders: models that read item feature modalities (any number, by name, in
 * {@link org.mmrec4j.data.FeatureSet#names()} order) besides the interactions. Shared parts live in
 * {@code block/} and {@code loss/}; each class here is one model with its equations and deviations.
 */
package org.mmrec4j.models.multimodal;
