/** Reusable model parts: propagation schemes and final embeddings with their scorer. */
package org.mmrec4j.models.block;
