package org.mmrec4j.data.prep;

import org.mmrec4j.engine.Checks;

/**
 * Which header columns of a raw log hold the user, item, rating and timestamp. Rating and timestamp may
 * be null (absent). For a file without a header, give 0-based column numbers as names ("0", "1", ...).
 */
public record ColumnMapping(String user, String item, String rating, String timestamp) {
    public ColumnMapping {
        Checks.arg(user != null && item != null, "user and item columns are required");
    }

    /** The Amazon 2014 rating-only CSV: no header, columns user, item, rating, timestamp (§2.1). */
    public static ColumnMapping amazonRatingsCsv() {
        return new ColumnMapping("0", "1", "2", "3");
    }
}
