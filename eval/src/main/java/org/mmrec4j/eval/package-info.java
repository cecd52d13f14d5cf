/**
 * Full-ranking evaluation with MMRec's metric definitions (spec/protocol.md §6): every evaluation user is
 * scored against all items, the user's training items are skipped, the top-K items are picked with a
 * bounded heap, and Recall, NDCG, Precision and MAP (plus Hit, an extension) are averaged over users.
 * Models are reached only through {@link org.mmrec4j.eval.Scorer}, so nothing here depends on a model's
 * internals; the split data arrives as plain interaction arrays in {@link org.mmrec4j.eval.EvalSet}.
 * May use: engine. May not use: config, data, graph, models or any module above.
 */
package org.mmrec4j.eval;
