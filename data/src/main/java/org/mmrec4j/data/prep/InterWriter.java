package org.mmrec4j.data.prep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.Checks;

/**
 * Writes an MMRec {@code .inter} file: header {@code userID itemID rating timestamp x_label}, tab-separated,
 * rows in the given order, atomically. Missing ratings are written as 1.0 and missing timestamps as 0,
 * the placeholders of the reconstructed releases.
 */
public final class InterWriter {
    public static final String HEADER = "userID\titemID\trating\ttimestamp\tx_label";

    private InterWriter() {}

    /** @param ratings may be null or hold NaN; @param timestamps may be null */
    public static void write(Path file, int[] users, int[] items, double[] ratings, long[] timestamps,
                             byte[] labels) {
        int n = users.length;
        Checks.arg(items.length == n && labels.length == n && (ratings == null || ratings.length == n)
                && (timestamps == null || timestamps.length == n), "columns differ in length");
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder(1 << 16);
            sb.append(HEADER).append('\n');
            for (int r = 0; r < n; r++) {
                double rating = ratings == null || Double.isNaN(ratings[r]) ? 1.0 : ratings[r];
                sb.append(users[r]).append('\t').append(items[r]).append('\t').append(rating).append('\t')
                        .append(timestamps == null ? 0 : timestamps[r]).append('\t').append(labels[r]).append('\n');
                if (sb.length() > 1 << 15) {
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
    }
}
