package org.mmrec4j.train;

import java.util.Locale;
import org.mmrec4j.config.Layer;

/**
 * How a run uses the splits and selects its epoch (config key {@code protocol}, CLI {@code --protocol}).
 * <ul>
 *   <li>{@link #MMREC} (default, spec/protocol.md §4–§7): early stopping on validation, test metrics at the
 *       best validation epoch, negatives from the training items.</li>
 *   <li>{@link #DIFFMM} (§10.2): validation is never read; test is evaluated after every epoch and the run
 *       reports the epoch with the best test score (valid_metric, Recall@20) with that epoch's other test
 *       metrics; no early stopping; negatives drawn uniformly from all items with rejection against the
 *       user's training items. Its defaults (seed 421, batch 1024, 50 epochs, K = 20, no cold-start
 *       filter) come from {@code org/mmrec4j/protocols/diffmm.yaml}, layered under the user's settings.
 *       Test selection is optimistic by design: it exists to check DiffMM's published numbers.</li>
 * </ul>
 * Model-side parts of a protocol (DiffMM's self-loop adjacency) belong to the model.
 */
public enum Protocol {
    MMREC, DIFFMM;

    public static final String KEY = "protocol";

    public static Protocol parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mmrec" -> MMREC;
            case "diffmm" -> DIFFMM;
            default -> throw new IllegalArgumentException("protocol must be mmrec or diffmm, got '" + name + "'");
        };
    }

    /** The protocol's config defaults, or null when it has none. */
    Layer defaults() {
        return this == DIFFMM ? Layer.resource("org/mmrec4j/protocols/diffmm.yaml", "protocol diffmm") : null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
