package org.mmrec4j.eval;

import java.util.Locale;

/**
 * The ranking metrics, each a per-user value at cutoff K that the evaluator averages over all evaluation
 * users (users without a hit contribute 0). Notation: {@code H[r]} is 1 iff the item at rank r (1-based)
 * is in the user's held-out multiset T, {@code h(K) = Σ_{r≤K} H[r]}, and {@code n = |T|} counts duplicates
 * and is never capped at K (spec/protocol.md §6.2).
 */
public enum Metric {
    /** {@code Recall@K = h(K) / n}. The denominator is all held-out items, even when {@code n > K}. */
    RECALL,
    /**
     * {@code NDCG@K = DCG(K) / IDCG(K)} with {@code DCG(K) = Σ_{r≤K} H[r] / log2(r+1)} and
     * {@code IDCG(K) = Σ_{r=1}^{min(n,K)} 1 / log2(r+1)} (binary gain).
     */
    NDCG,
    /** {@code Precision@K = h(K) / K}. */
    PRECISION,
    /**
     * {@code MAP@K = (1 / min(n,K)) · Σ_{r≤K} H[r] · h(r) / r}: precision at each hit rank, divided by
     * {@code min(n,K)}, not by the number of hits.
     */
    MAP,
    /**
     * {@code Hit@K = 1[h(K) > 0]}. An EXTENSION: MMRec's evaluator does not compute it, so it has no
     * published counterpart.
     */
    HIT;

    private final String lower = name().toLowerCase(Locale.ROOT);

    /** The lower-case key MMRec logs, e.g. {@code recall@20}. */
    public String key(int k) {
        return lower + "@" + k;
    }

    /** The lower-case name, e.g. {@code ndcg}. */
    public String lowerName() {
        return lower;
    }

    /** True for metrics that MMRec does not compute (only {@link #HIT}). */
    public boolean isExtension() {
        return this == HIT;
    }
}
