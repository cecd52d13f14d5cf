/**
 * Models that combine the interactions with item feature modalities (spec/models.md §3–§20). Each
 * model loops over the dataset's named modalities; none hard-codes image or text beyond a documented
 * weight or key convention. Package-private helpers here are shared by models of one family only;
 * anything more general lives in {@code block}.
 */
package org.mmrec4j.models.multimodal;
