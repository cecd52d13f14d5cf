package org.mmrec4j.data.sample;

import org.mmrec4j.engine.Checks;

/**
 * One training batch: row {@code b} is (users[b], positives[b], negatives[b]). {@code negatives} is null
 * when the model does not use negative sampling (BM3, SelfCF). {@code weighting} reweights the rows of
 * the model's recommendation loss (T-CE, R-CE); the trainer sets it per batch, and it is
 * {@link RowWeighting#NONE} otherwise.
 */
public record Batch(int[] users, int[] positives, int[] negatives, RowWeighting weighting) {
    public Batch(int[] users, int[] positives, int[] negatives) {
        this(users, positives, negatives, RowWeighting.NONE);
    }

    public Batch {
        Checks.arg(weighting != null, "batch row weighting must not be null; use RowWeighting.NONE");
        Checks.arg(users.length == positives.length && (negatives == null || negatives.length == users.length),
                "batch columns differ in length: %s users, %s positives, %s negatives", users.length,
                positives.length, negatives == null ? "no" : negatives.length);
    }

    public int size() {
        return users.length;
    }

    /** The same rows with another loss weighting. */
    public Batch withWeighting(RowWeighting w) {
        return new Batch(users, positives, negatives, w);
    }

    public boolean hasNegatives() {
        return negatives != null;
    }
}
