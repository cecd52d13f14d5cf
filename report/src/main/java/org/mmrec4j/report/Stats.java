package org.mmrec4j.report;

import java.util.Arrays;

/**
 * The statistics a leaderboard needs, with their distribution functions written out here so no
 * statistics library is pulled in: mean and sample standard deviation, the paired t-test and the
 * Wilcoxon signed-rank test, both two-sided.
 */
public final class Stats {
    private Stats() {}

    /** A test's outcome: the statistic, the two-sided p-value and the number of pairs it used. */
    public record Test(double statistic, double p, int n) {}

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /**
     * Sample standard deviation (n − 1 in the denominator), the one definition every table uses; NaN
     * (undefined) below two values, which tables print as no spread rather than a false ± 0.
     */
    public static double std(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** Paired t-test of mean(a − b) = 0 with n − 1 degrees of freedom. */
    public static Test pairedT(double[] a, double[] b) {
        double[] d = differences(a, b);
        int n = d.length;
        if (n < 2) return new Test(Double.NaN, Double.NaN, n);
        double m = mean(d), sd = std(d);
        if (sd == 0) return new Test(m == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, m), m == 0 ? 1 : 0, n);
        double t = m / (sd / Math.sqrt(n));
        return new Test(t, studentTwoSided(t, n - 1), n);
    }

    /**
     * Wilcoxon signed-rank test of a − b. Zero differences are dropped (Wilcoxon's rule), tied |d| get
     * their mid-rank. Up to {@link #EXACT_MAX} non-zero pairs the p-value is exact (the permutation
     * distribution of the rank sum given the observed ranks); beyond, the normal approximation with the
     * tie-corrected variance and a continuity correction. The statistic is W+, the rank sum of a > b.
     */
    public static Test wilcoxon(double[] a, double[] b) {
        return wilcoxon(a, b, EXACT_MAX);
    }

    static Test wilcoxon(double[] a, double[] b, int exactMax) {
        double[] all = differences(a, b);
        int n = 0;
        for (double x : all) if (x != 0) n++;
        if (n == 0) return new Test(0, 1, 0);
        double[] d = new double[n];
        for (int i = 0, j = 0; i < all.length; i++) if (all[i] != 0) d[j++] = all[i];
        double[] ranks = midRanks(d);
        double wPlus = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) wPlus += ranks[i];
        if (n <= exactMax) return new Test(wPlus, exactSignedRank(ranks, wPlus), n);
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieCorrection(ranks) / 48.0;
        if (var <= 0) return new Test(wPlus, 1, n);
        double z = (Math.abs(wPlus - mean) - 0.5) / Math.sqrt(var);
        return new Test(wPlus, Math.min(1, 2 * normalUpper(Math.max(0, z))), n);
    }

    /** Largest number of non-zero pairs for which {@link #wilcoxon} computes the exact p-value. */
    public static final int EXACT_MAX = 50;

    private static double[] differences(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            // Per-user metrics are ratios computed along different paths; ulp-level noise is not a difference.
            double x = a[i] - b[i];
            d[i] = Math.abs(x) < 1e-12 ? 0 : x;
        }
        return d;
    }

    /** Ranks of |d| from 1, ties sharing the mean of the ranks they span. */
    static double[] midRanks(double[] d) {
        int n = d.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) abs[i] = Math.abs(d[i]);
        Arrays.sort(order, (x, y) -> Double.compare(abs[x], abs[y]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(abs[order[j + 1]] - abs[order[i]]) < 1e-12) j++;
            double r = (i + j + 2) / 2.0;
            for (int k = i; k <= j; k++) ranks[order[k]] = r;
            i = j + 1;
        }
        return ranks;
    }

    private static double tieCorrection(double[] ranks) {
        double[] s = ranks.clone();
        Arrays.sort(s);
        double c = 0;
        for (int i = 0; i < s.length; ) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            double t = j - i + 1;
            c += t * t * t - t;
            i = j + 1;
        }
        return c;
    }

    /**
     * Two-sided exact p-value of W+ under random signs: doubled mid-ranks are integers, so the
     * distribution of the doubled rank sum over all 2^n sign patterns is a subset-sum count.
     */
    private static double exactSignedRank(double[] ranks, double wPlus) {
        int n = ranks.length;
        int[] r2 = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            r2[i] = (int) Math.round(2 * ranks[i]);
            total += r2[i];
        }
        double[] count = new double[total + 1];
        count[0] = 1;
        for (int r : r2) for (int s = total; s >= r; s--) count[s] += count[s - r];
        int observed = (int) Math.round(2 * wPlus);
        double below = 0, above = 0, all = Math.pow(2, n);
        for (int s = 0; s <= total; s++) {
            if (s <= observed) below += count[s];
            if (s >= observed) above += count[s];
        }
        return Math.min(1, 2 * Math.min(below, above) / all);
    }

    // ---- distribution functions ----------------------------------------------------------------

    /** P(|T| ≥ |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    public static double studentTwoSided(double t, double df) {
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** P(T ≤ t) for Student's t with df degrees of freedom. */
    public static double studentCdf(double t, double df) {
        double tail = studentTwoSided(t, df) / 2;
        return t >= 0 ? 1 - tail : tail;
    }

    /** Φ(z), the standard normal distribution function. */
    public static double normalCdf(double z) {
        return z >= 0 ? 1 - normalUpper(z) : normalUpper(-z);
    }

    /** 1 − Φ(z) for z ≥ 0, computed directly so far tails keep their relative precision. */
    private static double normalUpper(double z) {
        // erfc(x) = Q(1/2, x²) for x ≥ 0, and 1 − Φ(z) = erfc(z/√2)/2.
        return z == 0 ? 0.5 : 0.5 * regularizedGammaQ(0.5, z * z / 2);
    }

    /** ln Γ(x) for x > 0: shifted up to x ≥ 12, then Stirling's series to the x⁻⁹ term. */
    public static double logGamma(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        double shift = 0;
        while (x < 12) {
            shift -= Math.log(x);
            x += 1;
        }
        double inv = 1 / x, inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))));
        return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
    }

    /** I_x(a, b), the regularized incomplete beta function, by its continued fraction. */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        // The fraction converges fast only below the mean; use I_x(a,b) = 1 − I_{1−x}(b,a) above it.
        if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(1 - x, b, a);
        double front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)) / a;
        return front * betaFraction(x, a, b);
    }

    private static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /**
     * 1 / (1 + d1 / (1 + d2 / (1 + ...))) with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
     * d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)), evaluated by the modified Lentz method.
     */
    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1, d = 1 / nonZero(1 - (a + b) * x / (a + 1), tiny);
        double f = d;
        for (int m = 1; m <= 10_000; m++) {
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            c = 1 + even / c;
            d = 1 / nonZero(d, tiny);
            c = nonZero(c, tiny);
            f *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            c = 1 + odd / c;
            d = 1 / nonZero(d, tiny);
            c = nonZero(c, tiny);
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-15) return f;
        }
        return f;
    }

    private static double nonZero(double v, double tiny) {
        return Math.abs(v) < tiny ? tiny : v;
    }

    /** Q(a, x) = Γ(a, x)/Γ(a): the series for P below x < a + 1, a continued fraction above. */
    public static double regularizedGammaQ(double a, double x) {
        if (x <= 0) return 1;
        double logFront = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.exp(logFront);
        }
        // Lentz on Q = e^{-x} x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− ...)))
        final double tiny = 1e-300;
        double bn = x + 1 - a, c = 1 / tiny, d = 1 / bn, f = d;
        for (int n = 1; n < 10_000; n++) {
            double an = -n * (n - a);
            bn += 2;
            d = 1 / nonZero(an * d + bn, tiny);
            c = nonZero(bn + an / c, tiny);
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-15) break;
        }
        return Math.exp(logFront) * f;
    }
}
