/**
 * Graphs derived from the training interactions (and, later, from item features): the normalised
 * user-item adjacency used by graph recommenders. Graphs are built once from training edges only and
 * handed to models as constant {@link org.mmrec4j.engine.CsrMatrix} instances.
 */
package org.mmrec4j.graph;
