/**
 * Graphs built once from the training split or from item features, handed to models as constant
 * {@link org.mmrec4j.engine.CsrMatrix} instances: the user-item adjacency in every normalisation, DiffMM's self-loop one included
 * ({@link org.mmrec4j.graph.UserItemGraph}), random edge dropout ({@link org.mmrec4j.graph.EdgeDropout}),
 * the user-user co-interaction graph ({@link org.mmrec4j.graph.UserUserGraph}), item kNN feature graphs
 * ({@link org.mmrec4j.graph.ItemKnnGraph}, cached on disk by {@link org.mmrec4j.graph.GraphCache}), FREEDOM's
 * degree-sensitive pruning, SMORE's max-union fusion graph and the pattern union behind weighted graph sums.
 * Only training edges enter a graph. May use: engine (incl. kernel, io), data. May not use: config, eval,
 * models or any module above; a model's k, shrink or weights arrive as plain arguments.
 */
package org.mmrec4j.graph;
