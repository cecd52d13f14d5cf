package org.mmrec4j.serve;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram: log-spaced buckets of about 2.5% relative width from 1 µs up, so
 * percentiles are within 2.5% of the true value; the maximum is exact. Recording is one bucket increment.
 */
public final class LatencyStats {
    private static final double BUCKETS_PER_E = 40;
    private static final int BUCKETS = 1200; // e^(1200/40) µs ≈ 10^13 µs: nothing is out of range

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    public void record(long nanos) {
        double micros = Math.max(0, nanos) / 1e3;
        int b = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log1p(micros) * BUCKETS_PER_E));
        counts.incrementAndGet(b);
        total.incrementAndGet();
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    public long count() {
        return total.get();
    }

    /** The q-quantile in milliseconds (bucket upper bound), 0 when nothing was recorded. */
    public double quantileMillis(double q) {
        long n = total.get();
        if (n == 0) return 0;
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) return Math.min(Math.expm1(b / BUCKETS_PER_E) / 1e3, maxMillis());
        }
        return maxMillis();
    }

    public double maxMillis() {
        return maxNanos.get() / 1e6;
    }

    /** {"count":…,"p50":…,"p90":…,"p99":…,"max":…} with milliseconds. */
    public String json() {
        return String.format(Locale.ROOT, "{\"count\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}",
                count(), quantileMillis(0.5), quantileMillis(0.9), quantileMillis(0.99), maxMillis());
    }
}
