package org.mmrec4j.data.prep;

/** The split strategies: the three of protocol §2.2 and an item cold-start split. */
public enum SplitStrategy {
    /** §2.2a: shuffle, group by user, per-user counts; the official MMRec releases. */
    RANDOM,
    /** §2.2b: per-user counts as RANDOM, oldest rows to train, ties broken by item id. */
    USER_TIME,
    /** §2.2c: global timestamp quantiles (0.8 / 0.9 by default). */
    GLOBAL_TIME,
    /**
     * Item cold start: a seeded random share of the items (ratios' valid and test parts, by item count) is
     * held out with all its rows; training never sees those items, which keep their feature rows.
     */
    ITEM_COLD
}
