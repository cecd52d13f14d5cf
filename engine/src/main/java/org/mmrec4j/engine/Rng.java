package org.mmrec4j.engine;

import java.nio.charset.StandardCharsets;

/**
 * A seeded random stream (SplitMix64). One run seed derives every stream by name through
 * {@link #split(String)}, so adding a new consumer never shifts the numbers another consumer sees.
 * Not thread-safe: give each thread or component its own split.
 */
public final class Rng {
    private long state;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A child stream that depends only on this stream's seed state and the name. */
    public Rng split(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new Rng(mix(state ^ mix(h)));
    }

    /** A child stream for an indexed consumer, e.g. one per worker block. */
    public Rng split(long index) {
        return new Rng(mix(state + mix(index * 0x9E3779B97F4A7C15L + 1)));
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        Checks.arg(bound > 0, "bound must be > 0, got %s", bound);
        long m = (nextLong() >>> 32) * bound;
        if ((m & 0xffffffffL) < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while ((m & 0xffffffffL) < threshold) {
                m = (nextLong() >>> 32) * bound;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Standard normal (Marsaglia polar method). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** Fisher-Yates shuffle in place. */
    public void shuffleInPlace(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** 0..n-1 in random order. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffleInPlace(p);
        return p;
    }
}
