package org.mmrec4j.data.prep;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;

/**
 * A raw interaction log with external string ids, in file order. {@code ratings} holds NaN and
 * {@code timestamps} holds 0 where the source had no such column.
 */
public record RawLog(String[] userIds, String[] itemIds, double[] ratings, long[] timestamps) {
    public RawLog {
        int n = userIds.length;
        Checks.arg(itemIds.length == n && ratings.length == n && timestamps.length == n,
                "columns differ in length");
    }

    public int size() {
        return userIds.length;
    }

    /** The rows where {@code keep} is true, in order. */
    public RawLog select(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) if (k) n++;
        String[] u = new String[n];
        String[] i = new String[n];
        double[] r = new double[n];
        long[] t = new long[n];
        int j = 0;
        for (int row = 0; row < keep.length; row++) {
            if (!keep[row]) continue;
            u[j] = userIds[row];
            i[j] = itemIds[row];
            r[j] = ratings[row];
            t[j++] = timestamps[row];
        }
        return new RawLog(u, i, r, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawLog x && Arrays.equals(userIds, x.userIds) && Arrays.equals(itemIds, x.itemIds)
                && Arrays.equals(ratings, x.ratings) && Arrays.equals(timestamps, x.timestamps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(userIds) * 31 + Arrays.hashCode(itemIds);
    }

    @Override
    public String toString() {
        return "RawLog[" + size() + " rows]";
    }
}
