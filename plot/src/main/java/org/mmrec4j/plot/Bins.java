package org.mmrec4j.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Histogram bins: counts per bin with readable labels, equal-width or over powers of two. */
record Bins(List<String> labels, double[] counts) {

    static Bins of(double[] values, int bins, boolean logBins) {
        if (values.length == 0) throw new IllegalArgumentException("histogram of no values");
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("histogram value is not finite: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return logBins ? powersOfTwo(values, max) : equalWidth(values, Math.max(1, bins), min, max);
    }

    /** Bins [1,2), [2,4), [4,8), ...; values below 1 go to a "<1" bin. */
    private static Bins powersOfTwo(double[] values, double max) {
        int top = 0;
        while (Math.pow(2, top + 1) <= max) top++;
        double[] counts = new double[top + 2];
        for (double v : values) counts[v < 1 ? 0 : 1 + Math.min(top, (int) Math.floor(Math.log(v) / Math.log(2)))]++;
        List<String> labels = new ArrayList<>();
        labels.add("<1");
        for (int b = 0; b <= top; b++) {
            long lo = 1L << b, hi = (1L << (b + 1)) - 1;
            labels.add(lo == hi ? Long.toString(lo) : lo + "-" + hi);
        }
        if (counts[0] == 0) return new Bins(labels.subList(1, labels.size()), java.util.Arrays.copyOfRange(counts, 1, counts.length));
        return new Bins(labels, counts);
    }

    private static Bins equalWidth(double[] values, int bins, double min, double max) {
        double width = max > min ? (max - min) / bins : 1;
        double[] counts = new double[bins];
        for (double v : values) counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) labels.add(String.format(Locale.ROOT, "%.3g", min + (b + 0.5) * width));
        return new Bins(labels, counts);
    }
}
