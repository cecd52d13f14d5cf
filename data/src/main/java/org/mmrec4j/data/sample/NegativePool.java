package org.mmrec4j.data.sample;

/** Where negative items are drawn from (protocol §7). */
public enum NegativePool {
    /** MMRec: the distinct items of the training split only. */
    TRAIN_ITEMS,
    /** DiffMM: every item 0..numItems-1, including ones never seen in training. */
    ALL_ITEMS
}
