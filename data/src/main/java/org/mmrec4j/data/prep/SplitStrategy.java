package org.mmrec4j.data.prep;

/** The three 8:1:1 split strategies of protocol §2.2. */
public enum SplitStrategy {
    /** §2.2a: shuffle, group by user, per-user counts; the official MMRec releases. */
    RANDOM,
    /** §2.2b: per-user counts as RANDOM, oldest rows to train, ties broken by item id. */
    USER_TIME,
    /** §2.2c: global 0.8 / 0.9 timestamp quantiles. */
    GLOBAL_TIME
}
