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

    /** Several catalog records with the same item id (a review file has one row per review). */
    public enum Aggregate {
        /** Stop with an error naming both lines (default: a metadata catalog has one row per item). */
        ERROR,
        /** Join the texts of all the item's records, in file order, with a space; truncation applies after. */
        CONCAT,
        /** Use the first of the item's records that has text. */
        FIRST
    }
}
