package org.mmrec4j.eval;

/**
 * A frozen view of a model for full ranking. The evaluator owns the output buffer and reuses it across
 * calls, so a scorer allocates nothing per call if it can help it. An implementation may use the
 * engine's thread pool itself; the evaluator calls it from one thread at a time.
 */
@FunctionalInterface
public interface Scorer {
    /**
     * Fills {@code out[r * numItems + i]} with the score of item {@code i} for user {@code users[r]}, for
     * every item {@code 0 <= i < numItems}. {@code out} may be longer than {@code users.length * numItems};
     * the rest is ignored.
     */
    void score(int[] users, float[] out);
}
