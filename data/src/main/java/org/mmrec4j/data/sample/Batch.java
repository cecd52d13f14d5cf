package org.mmrec4j.data.sample;

import org.mmrec4j.engine.Checks;

/**
 * One training batch: row {@code b} is (users[b], positives[b], negatives[b]). {@code negatives} is null
 * when the model does not use negative sampling (BM3, SelfCF).
 */
public record Batch(int[] users, int[] positives, int[] negatives) {
    public Batch {
        Checks.arg(users.length == positives.length && (negatives == null || negatives.length == users.length),
                "batch columns differ in length: %s users, %s positives, %s negatives", users.length,
                positives.length, negatives == null ? "no" : negatives.length);
    }

    public int size() {
        return users.length;
    }

    public boolean hasNegatives() {
        return negatives != null;
    }
}
