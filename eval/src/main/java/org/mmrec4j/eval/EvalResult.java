package org.mmrec4j.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one full-ranking evaluation: averaged metrics under MMRec's keys ({@code recall@20}), in
 * metric-major order (all Recall cutoffs, then NDCG, ...), plus the per-user values behind each average.
 */
public final class EvalResult {
    private final int[] ks;
    private final int numUsers;
    /** perUser[metric.ordinal()][kIndex][row]. */
    private final double[][][] perUser;
    private final Map<String, Double> raw;

    EvalResult(int[] ks, int numUsers, double[][][] perUser) {
        this.ks = ks.clone();
        this.numUsers = numUsers;
        this.perUser = perUser;
        Map<String, Double> m = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            for (int j = 0; j < ks.length; j++) {
                double[] v = perUser[metric.ordinal()][j];
                // Sequential sum in row order: the same result whatever the thread count.
                double sum = 0;
                for (double x : v) sum += x;
                m.put(metric.key(ks[j]), numUsers == 0 ? 0.0 : sum / numUsers);
            }
        }
        this.raw = Collections.unmodifiableMap(m);
    }

    /**
     * Rounds to 4 decimals exactly as Python's {@code round(x, 4)} does, which is what MMRec logs and
     * compares for early stopping: the exact binary value is rounded, ties to even.
     * {@code Math.round(x * 1e4) / 1e4} can differ in the last digit because {@code x * 1e4} is inexact.
     */
    public static double round4(double x) {
        if (!Double.isFinite(x)) return x;
        return new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The unrounded mean for a key such as {@code recall@20}. */
    public double get(String key) {
        Double v = raw.get(key);
        if (v == null) throw new IllegalArgumentException("no metric " + key + "; available: " + raw.keySet());
        return v;
    }

    public double get(Metric metric, int k) {
        return get(metric.key(k));
    }

    /** Unrounded means, in metric-major key order. */
    public Map<String, Double> raw() {
        return raw;
    }

    /** Means rounded with {@link #round4}, in the same key order. */
    public Map<String, Double> rounded() {
        Map<String, Double> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(k, round4(v)));
        return Collections.unmodifiableMap(m);
    }

    /** Per-user values in {@link EvalSet#users()} order (a copy), for breakdowns by user degree. */
    public double[] perUser(Metric metric, int k) {
        for (int j = 0; j < ks.length; j++) {
            if (ks[j] == k) return perUser[metric.ordinal()][j].clone();
        }
        throw new IllegalArgumentException("cutoff " + k + " was not evaluated; cutoffs: " + Arrays.toString(ks));
    }

    /** The cutoffs, in the order given to the evaluator (a copy). */
    public int[] ks() {
        return ks.clone();
    }

    public int numUsers() {
        return numUsers;
    }

    /** A fixed-width table, rows = metrics and columns = cutoffs, values rounded to 4 decimals. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s", "metric"));
        for (int k : ks) b.append(String.format(Locale.ROOT, "%9s", "@" + k));
        b.append('\n');
        boolean anyExtension = false;
        for (Metric metric : Metric.values()) {
            String name = metric.lowerName() + (metric.isExtension() ? "*" : "");
            anyExtension |= metric.isExtension();
            b.append(String.format(Locale.ROOT, "%-10s", name));
            for (int k : ks) b.append(String.format(Locale.ROOT, "%9.4f", round4(get(metric, k))));
            b.append('\n');
        }
        if (anyExtension) b.append("* extension: not computed by MMRec, no published counterpart\n");
        b.append(String.format(Locale.ROOT, "(%d users)%n", numUsers));
        return b.toString();
    }

    @Override
    public String toString() {
        return rounded().toString();
    }
}
