package org.mmrec4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The one thread pool. Work is cut into a fixed number of contiguous chunks that depends only on the
 * range and the thread count, never on scheduling, so any result that combines chunks in chunk order
 * is identical for the same seed and thread count. The caller thread runs the first chunk itself.
 */
public final class Parallel {
    /** Ranges below this size run on the caller: handing off to a worker costs ~10 µs, more than a 16k-element loop. */
    private static final int MIN_PARALLEL = 16_384;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static ExecutorService pool;

    private Parallel() {}

    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int lo, int hi);
    }

    @FunctionalInterface
    public interface RangeSum {
        double run(int lo, int hi);
    }

    /** Sets the pool size (the CLI's --threads). Call before work starts; later calls rebuild the pool. */
    public static synchronized void setThreads(int n) {
        Checks.arg(n >= 1, "threads must be >= 1, got %s", n);
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    public static int threads() {
        return threads;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            ThreadFactory f = r -> {
                Thread t = new Thread(r, "mmrec4j-worker");
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), f);
        }
        return pool;
    }

    /** Runs body over [0, n) in {@link #threads()} contiguous chunks. */
    public static void forRange(int n, RangeBody body) {
        forChunks(n, n < MIN_PARALLEL ? 1 : threads, (c, lo, hi) -> body.run(lo, hi));
    }

    /** Runs body over [0, n) cut into exactly {@code chunks} contiguous pieces (some may be empty). */
    public static void forChunks(int n, int requestedChunks, ChunkBody body) {
        if (n <= 0) return;
        int chunks = Math.max(1, Math.min(requestedChunks, n));
        if (chunks == 1 || threads == 1) {
            for (int c = 0; c < chunks; c++) body.run(c, bound(n, chunks, c), bound(n, chunks, c + 1));
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        ExecutorService p = pool();
        for (int c = 1; c < chunks; c++) {
            final int chunk = c;
            futures.add(p.submit(() -> body.run(chunk, bound(n, chunks, chunk), bound(n, chunks, chunk + 1))));
        }
        RuntimeException first = null;
        try {
            body.run(0, 0, bound(n, chunks, 1));
        } catch (RuntimeException e) {
            first = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (first != null) throw first;
    }

    /** Sum over [0, n), combining per-chunk partial sums in chunk order (deterministic). */
    public static double sum(int n, RangeSum body) {
        int chunks = n < MIN_PARALLEL ? 1 : threads;
        double[] partial = new double[Math.max(1, chunks)];
        forChunks(n, chunks, (c, lo, hi) -> partial[c] = body.run(lo, hi));
        double s = 0;
        for (double v : partial) s += v;
        return s;
    }

    static int bound(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
