package org.mmrec4j.data.prep;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Rng;

/**
 * Assigns each row a split label (0 train, 1 validation, 2 test) by one of the §2.2 strategies.
 *
 * <p>Per-user counts for a user with {@code n} rows: {@code n < 10} gives {@code n-2 / 1 / 1}; otherwise
 * {@code v = floor(0.2 n)}, {@code valid = floor(v / 2)}, {@code test = v - valid}, {@code train = n - v}.
 * Example: 23 rows give v = 4, so 19 / 2 / 2; 15 rows give v = 3, so 12 / 1 / 2.
 *
 * <p>RANDOM groups the shuffled rows by user with a stable counting sort. The reference uses an unstable
 * sort, whose within-user order is random anyway; a stable grouping gives the same distribution and
 * makes the result a function of the seed alone.
 */
public final class Splitter {
    private Splitter() {}

    public static byte[] split(SplitStrategy strategy, IndexedLog log, Rng rng) {
        int numUsers = 0;
        for (int u : log.users()) numUsers = Math.max(numUsers, u + 1);
        return switch (strategy) {
            case RANDOM -> random(log.users(), numUsers, rng);
            case USER_TIME -> userTime(log.users(), log.items(), log.timestamps(), numUsers);
            case GLOBAL_TIME -> globalTime(log.timestamps());
        };
    }

    /** {train, valid, test} row counts for a user with {@code n} rows; needs {@code n >= 3}. */
    public static int[] counts(int n) {
        Checks.arg(n >= 3, "a user needs at least 3 rows to be split, got %s", n);
        if (n < 10) return new int[] {n - 2, 1, 1};
        int v = n / 5;
        int valid = v / 2;
        return new int[] {n - v, valid, v - valid};
    }

    public static byte[] random(int[] users, int numUsers, Rng rng) {
        int[] order = rng.permutation(users.length);
        return byUserOrder(users, numUsers, groupStable(order, users, numUsers));
    }

    public static byte[] userTime(int[] users, int[] items, long[] timestamps, int numUsers) {
        Integer[] rows = new Integer[users.length];
        for (int r = 0; r < rows.length; r++) rows[r] = r;
        // stable sort, so equal (timestamp, item) keep file order and the result is deterministic
        Arrays.sort(rows, (a, b) -> {
            int c = Long.compare(timestamps[a], timestamps[b]);
            return c != 0 ? c : Integer.compare(items[a], items[b]);
        });
        int[] order = new int[rows.length];
        for (int r = 0; r < rows.length; r++) order[r] = rows[r];
        return byUserOrder(users, numUsers, groupStable(order, users, numUsers));
    }

    /** Labels by the numpy-linear 0.8 and 0.9 quantiles of all timestamps: ts < q80 train, < q90 valid. */
    public static byte[] globalTime(long[] timestamps) {
        Checks.arg(timestamps.length > 0, "no rows to split");
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        double q80 = quantile(sorted, 0.8);
        double q90 = quantile(sorted, 0.9);
        byte[] labels = new byte[timestamps.length];
        for (int r = 0; r < labels.length; r++) {
            double t = timestamps[r];
            labels[r] = (byte) (t < q80 ? 0 : t < q90 ? 1 : 2);
        }
        return labels;
    }

    /** numpy's default ("linear") quantile of an ascending array. */
    public static double quantile(long[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - (double) sorted[lo]) * (pos - lo);
    }

    /** Rows of {@code order} grouped by user (counting sort), keeping their relative order per user. */
    private static int[] groupStable(int[] order, int[] users, int numUsers) {
        int[] start = new int[numUsers + 1];
        for (int u : users) start[u + 1]++;
        for (int u = 0; u < numUsers; u++) start[u + 1] += start[u];
        int[] grouped = new int[order.length];
        int[] fill = Arrays.copyOf(start, numUsers);
        for (int row : order) grouped[fill[users[row]]++] = row;
        return grouped;
    }

    private static byte[] byUserOrder(int[] users, int numUsers, int[] grouped) {
        byte[] labels = new byte[users.length];
        int p = 0;
        while (p < grouped.length) {
            int u = users[grouped[p]];
            int q = p;
            while (q < grouped.length && users[grouped[q]] == u) q++;
            int[] c = counts(q - p);
            for (int k = 0; k < q - p; k++) {
                labels[grouped[p + k]] = (byte) (k < c[0] ? 0 : k < c[0] + c[1] ? 1 : 2);
            }
            p = q;
        }
        return labels;
    }
}
