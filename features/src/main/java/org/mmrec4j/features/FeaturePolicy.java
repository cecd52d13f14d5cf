package org.mmrec4j.features;

/** How feature jobs treat gaps and strays; each value is a CLI option value in lower case. */
public final class FeaturePolicy {
    private FeaturePolicy() {}

    /** What an item without a feature (no text, no image, or an image skipped on error) gets. */
    public enum Fill {
        /** A row of zeros (default). */
        ZERO,
        /** The mean of the present rows, as MMRec does for items without an image (protocol §1.3). */
        MEAN
    }

    /** A catalog or image entry whose id is not in the dataset's {@code i_id_mapping.csv}. */
    public enum Unknown {
        /** Skip it and report how many were skipped (default). */
        WARN,
        /** Stop with an error naming the first one. */
        ERROR
    }

    /** A dataset item with no usable input (absent from the catalog, blank text, no image file). */
    public enum Missing {
        /** Give it the fill row and record it in the mask (default). */
        FILL,
        /** Stop with an error naming the first few. */
        ERROR
    }
}
