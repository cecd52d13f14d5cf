/**
 * Multimodal recommenders: models that read item feature modalities (image, text, audio, …) besides the
 * interactions. Each class follows one section of spec/models.md and works with whatever modalities the
 * dataset holds; shared parts (projections, propagation) live in {@code models.block}.
 */
package org.mmrec4j.models.multimodal;
