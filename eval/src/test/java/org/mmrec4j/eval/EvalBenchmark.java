package org.mmrec4j.eval;

import java.util.Arrays;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Rng;

/**
 * Manual timing of selection + metrics at Amazon-Baby size (19,445 users × 7,050 items, top-50, ~6 masked
 * train items per user). Not a unit test: run with
 * {@code java -cp eval/target/classes:eval/target/test-classes:engine/target/classes
 * org.mmrec4j.eval.EvalBenchmark [threads] [repeats]}. The scorer's own time is measured and subtracted.
 */
public final class EvalBenchmark {
    private EvalBenchmark() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int numUsers = 19_445;
        int numItems = 7_050;
        Parallel.setThreads(threads);

        Rng rng = new Rng(42);
        int[] tu = new int[numUsers * 6], ti = new int[numUsers * 6];
        for (int u = 0; u < numUsers; u++) {
            for (int j = 0; j < 6; j++) {
                tu[u * 6 + j] = u;
                ti[u * 6 + j] = rng.nextInt(numItems);
            }
        }
        int[] eu = new int[numUsers * 2], ei = new int[numUsers * 2];
        for (int j = 0; j < eu.length; j++) {
            eu[j] = j % numUsers;
            ei[j] = rng.nextInt(numItems);
        }
        EvalSet set = EvalSet.of(numUsers, numItems, tu, ti, eu, ei);

        long[] scorerNanos = new long[1];
        Scorer scorer = (users, out) -> {
            long t0 = System.nanoTime();
            // Cheap integer hash per cell, split over the pool like a real GEMM-backed scorer would be.
            Parallel.forRange(users.length, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int h0 = users[r] * 0x9E3779B9;
                    int base = r * numItems;
                    for (int i = 0; i < numItems; i++) {
                        int h = (h0 ^ i) * 0x85EBCA6B;
                        h ^= h >>> 13;
                        h *= 0xC2B2AE35;
                        out[base + i] = (h >>> 8) * 0x1.0p-24f;
                    }
                }
            });
            scorerNanos[0] += System.nanoTime() - t0;
        };

        double[] ms = new double[repeats];
        double checksum = 0;
        for (int rep = 0; rep < repeats; rep++) {
            scorerNanos[0] = 0;
            long t0 = System.nanoTime();
            EvalResult res = RankingEvaluator.evaluate(scorer, set, RankingEvaluator.DEFAULT_KS, 1024);
            long total = System.nanoTime() - t0;
            ms[rep] = (total - scorerNanos[0]) / 1e6;
            checksum += res.get("recall@50");
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("threads=%d users=%d items=%d top-50: selection+metrics ms per run %s%n",
                threads, numUsers, numItems, Arrays.toString(Arrays.stream(ms).map(x -> Math.round(x * 10) / 10.0).toArray()));
        System.out.printf("min %.1f ms, median %.1f ms (checksum %.6f)%n", sorted[0], sorted[repeats / 2], checksum);
    }
}
