/** Losses and regularisers with the exact numerics of the reference (spec/models.md §0.3). */
package org.mmrec4j.models.loss;
