package org.mmrec4j.data.prep;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Rng;

/**
 * Assigns each row a split label (0 train, 1 validation, 2 test) by one of the {@link SplitStrategy}s.
 *
 * <p>Per-user counts for a user with {@code n} rows at MMRec's 8:1:1: {@code n < 10} gives
 * {@code n-2 / 1 / 1}; otherwise {@code v = floor(0.2 n)}, {@code valid = floor(v / 2)},
 * {@code test = v - valid}, {@code train = n - v}. Example: 23 rows give v = 4, so 19 / 2 / 2; 15 rows give
 * v = 3, so 12 / 1 / 2. Custom ratios generalise the rule: {@code v = max(floor((valid + test)·n), 2)},
 * {@code valid = floor(v · valid / (valid + test))} clamped so that valid and test get at least one row each
 * (a zero ratio gets none). A user with fewer than 3 rows cannot be split and keeps all rows in train.
 *
 * <p>RANDOM groups the shuffled rows by user with a stable counting sort. The reference uses an unstable
 * sort, whose within-user order is random anyway; a stable grouping gives the same distribution and
 * makes the result a function of the seed alone.
 */
public final class Splitter {
    private Splitter() {}

    /** Train / valid / test shares summing to 1; {@link #MMREC} is 8:1:1. */
    public record Ratios(double train, double valid, double test) {
        public static final Ratios MMREC = new Ratios(0.8, 0.1, 0.1);

        public Ratios {
            Checks.arg(train > 0 && valid >= 0 && test >= 0 && valid + test > 0,
                    "split ratios need train > 0, valid >= 0, test >= 0 and a held-out part, got %s,%s,%s", train, valid, test);
            Checks.arg(Math.abs(train + valid + test - 1) < 1e-6, "split ratios must sum to 1, got %s,%s,%s (sum %s)",
                    train, valid, test, train + valid + test);
        }

        /** "0.7,0.1,0.2" (or "7:1:2", normalised). */
        public static Ratios parse(String s) {
            String[] p = s.trim().split("[,:]");
            Checks.arg(p.length == 3, "give three ratios train,valid,test like 0.8,0.1,0.1; got '%s'", s);
            double[] v = new double[3];
            try {
                for (int k = 0; k < 3; k++) v[k] = Double.parseDouble(p[k].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ratios must be numbers like 0.8,0.1,0.1; got '" + s + "'");
            }
            for (double x : v) Checks.arg(x >= 0, "ratios must not be negative; got '%s'", s);
            double sum = v[0] + v[1] + v[2];
            Checks.arg(sum > 0, "ratios must not all be zero: '%s'", s);
            // 8:1:1 is a proportion and is scaled to shares; comma-separated values are the shares themselves,
            // so a sum off 1 is a typo to fix rather than something to renormalise silently.
            if (s.contains(":")) return new Ratios(v[0] / sum, v[1] / sum, v[2] / sum);
            Checks.arg(Math.abs(sum - 1) < 1e-6, "ratios train,valid,test are shares that add up to 1 (like 0.8,0.1,0.1, or write "
                    + "a proportion like 8:1:1); '%s' adds up to %s", s, Math.round(sum * 1e6) / 1e6);
            return new Ratios(v[0], v[1], v[2]);
        }

        boolean isMmrec() {
            return Math.abs(train - 0.8) < 1e-9 && Math.abs(valid - 0.1) < 1e-9 && Math.abs(test - 0.1) < 1e-9;
        }

        @Override
        public String toString() {
            return train + "," + valid + "," + test;
        }
    }

    public static byte[] split(SplitStrategy strategy, IndexedLog log, Rng rng) {
        return split(strategy, log, Ratios.MMREC, rng);
    }

    public static byte[] split(SplitStrategy strategy, IndexedLog log, Ratios ratios, Rng rng) {
        int numUsers = log.userIds().size();
        return switch (strategy) {
            case RANDOM -> byUserOrder(log.users(), numUsers, groupStable(rng.permutation(log.size()), log.users(), numUsers), ratios);
            case USER_TIME -> byUserOrder(log.users(), numUsers, groupStable(timeOrder(log.items(), log.timestamps()),
                    log.users(), numUsers), ratios);
            case GLOBAL_TIME -> globalTime(log.timestamps(), ratios);
            case ITEM_COLD -> itemCold(log.items(), log.itemIds().size(), ratios, rng);
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

    /** Per-user {train, valid, test} counts under {@code ratios}; users below 3 rows stay in train. */
    public static int[] counts(int n, Ratios ratios) {
        if (n < 3) return new int[] {n, 0, 0};
        if (ratios.isMmrec()) return counts(n);
        double held = ratios.valid() + ratios.test();
        int minHeld = (ratios.valid() > 0 ? 1 : 0) + (ratios.test() > 0 ? 1 : 0);
        // the epsilon keeps 0.3 * 10 at 3 although 0.1 + 0.2 is 0.30000000000000004 in floating point
        int v = Math.min(n - 1, Math.max(minHeld, (int) Math.floor(held * n + 1e-9)));
        int valid = (int) Math.floor(v * ratios.valid() / held + 1e-9);
        if (ratios.valid() > 0) valid = Math.max(1, valid);
        if (ratios.test() > 0) valid = Math.min(v - 1, valid);
        return new int[] {n - v, valid, v - valid};
    }

    public static byte[] random(int[] users, int numUsers, Rng rng) {
        int[] order = rng.permutation(users.length);
        return byUserOrder(users, numUsers, groupStable(order, users, numUsers), Ratios.MMREC);
    }

    public static byte[] userTime(int[] users, int[] items, long[] timestamps, int numUsers) {
        return byUserOrder(users, numUsers, groupStable(timeOrder(items, timestamps), users, numUsers), Ratios.MMREC);
    }

    /**
     * Item cold start: a seeded permutation of the items; the first {@code round(valid · numItems)} are
     * validation items and the next {@code round(test · numItems)} test items (at least one each when the
     * ratio is positive and there are 3+ items). Every row of a held-out item gets that item's label, so
     * training never sees it.
     */
    public static byte[] itemCold(int[] items, int numItems, Ratios ratios, Rng rng) {
        boolean[][] held = coldItems(numItems, ratios, rng);
        byte[] labels = new byte[items.length];
        for (int r = 0; r < items.length; r++) {
            int i = items[r];
            labels[r] = (byte) (held[0][i] ? 1 : held[1][i] ? 2 : 0);
        }
        return labels;
    }

    /** {validItems, testItems} as membership flags for {@link #itemCold}. */
    static boolean[][] coldItems(int numItems, Ratios ratios, Rng rng) {
        int nValid = (int) Math.round(ratios.valid() * numItems);
        int nTest = (int) Math.round(ratios.test() * numItems);
        if (numItems >= 3) {
            if (ratios.valid() > 0) nValid = Math.max(1, nValid);
            if (ratios.test() > 0) nTest = Math.max(1, nTest);
        }
        Checks.arg(nValid + nTest < numItems, "cannot hold out %s + %s of %s items and keep any for training",
                nValid, nTest, numItems);
        int[] perm = rng.permutation(numItems);
        boolean[][] held = new boolean[2][numItems];
        for (int k = 0; k < nValid; k++) held[0][perm[k]] = true;
        for (int k = nValid; k < nValid + nTest; k++) held[1][perm[k]] = true;
        return held;
    }

    private static int[] timeOrder(int[] items, long[] timestamps) {
        Integer[] rows = new Integer[items.length];
        for (int r = 0; r < rows.length; r++) rows[r] = r;
        // stable sort, so equal (timestamp, item) keep file order and the result is deterministic
        Arrays.sort(rows, (a, b) -> {
            int c = Long.compare(timestamps[a], timestamps[b]);
            return c != 0 ? c : Integer.compare(items[a], items[b]);
        });
        int[] order = new int[rows.length];
        for (int r = 0; r < rows.length; r++) order[r] = rows[r];
        return order;
    }

    /** Labels by the numpy-linear 0.8 and 0.9 quantiles of all timestamps: ts < q80 train, < q90 valid. */
    public static byte[] globalTime(long[] timestamps) {
        return globalTime(timestamps, Ratios.MMREC);
    }

    /** Labels by the quantiles at {@code train} and {@code train + valid} of all timestamps. */
    public static byte[] globalTime(long[] timestamps, Ratios ratios) {
        Checks.arg(timestamps.length > 0, "no rows to split");
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        double q80 = quantile(sorted, ratios.train());
        // exactly 0.9 for MMRec's ratios (0.8 + 0.1 is 0.9000000000000001 in floating point)
        double q90 = quantile(sorted, ratios.isMmrec() ? 0.9 : ratios.train() + ratios.valid());
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

    private static byte[] byUserOrder(int[] users, int numUsers, int[] grouped, Ratios ratios) {
        byte[] labels = new byte[users.length];
        int p = 0;
        while (p < grouped.length) {
            int u = users[grouped[p]];
            int q = p;
            while (q < grouped.length && users[grouped[q]] == u) q++;
            int[] c = counts(q - p, ratios);
            for (int k = 0; k < q - p; k++) {
                labels[grouped[p + k]] = (byte) (k < c[0] ? 0 : k < c[0] + c[1] ? 1 : 2);
            }
            p = q;
        }
        return labels;
    }
}
