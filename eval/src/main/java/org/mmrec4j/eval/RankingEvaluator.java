package org.mmrec4j.eval;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;

/**
 * Full-ranking evaluation (spec/protocol.md §6). Users are scored in blocks through one reused buffer;
 * within a block, users are split into a fixed number of chunks, one per thread, and each user's top
 * {@code Kmax} list, hits and metric values are computed independently. Per-user values are stored and
 * summed sequentially at the end, so results do not depend on the thread count at all.
 */
public final class RankingEvaluator {
    /** MMRec's default cutoffs. */
    public static final int[] DEFAULT_KS = {5, 10, 20, 50};
    /** Users per scorer call on CPU: 1,024 × 63,001 items (Elec) is about 258 MB of floats (§9.2). */
    public static final int DEFAULT_USER_BLOCK = 1024;

    private RankingEvaluator() {}

    public static EvalResult evaluate(Scorer scorer, EvalSet set) {
        return evaluate(scorer, set, DEFAULT_KS, DEFAULT_USER_BLOCK);
    }

    /**
     * Scores every evaluation user of {@code set} against all items, skips the user's training items,
     * and averages every {@link Metric} at every cutoff in {@code ks} over all evaluation users.
     *
     * @param ks        distinct positive cutoffs; keys keep this order within each metric
     * @param userBlock users per scorer call
     */
    public static EvalResult evaluate(Scorer scorer, EvalSet set, int[] ks, int userBlock) {
        Checks.arg(ks.length > 0, "need at least one cutoff");
        for (int j = 0; j < ks.length; j++) {
            Checks.arg(ks[j] > 0, "cutoffs must be > 0, got %s", ks[j]);
            for (int i = 0; i < j; i++) Checks.arg(ks[i] != ks[j], "cutoff %s given twice", ks[j]);
        }
        int kmax = Arrays.stream(ks).max().getAsInt();
        Checks.arg(userBlock > 0, "userBlock must be > 0, got %s", userBlock);
        int numItems = set.numItems();
        int numUsers = set.numUsers();
        int block = Math.max(1, Math.min(userBlock, numUsers));
        Checks.arg((long) block * numItems <= Integer.MAX_VALUE - 8,
                "userBlock %s × %s items does not fit one float array; use a smaller block", block, numItems);

        double[][][] perUser = new double[Metric.values().length][ks.length][numUsers];
        if (numUsers == 0) return new EvalResult(ks, 0, perUser);

        Tables tables = new Tables(kmax);
        int chunks = Parallel.threads();
        Scratch[] scratch = new Scratch[chunks];
        for (int c = 0; c < chunks; c++) scratch[c] = new Scratch(kmax, numItems);

        int[] users = set.users();
        float[] buffer = new float[block * numItems];
        for (int from = 0; from < numUsers; from += block) {
            int to = Math.min(numUsers, from + block);
            int[] blockUsers = Arrays.copyOfRange(users, from, to);
            scorer.score(blockUsers, buffer);
            final int base = from;
            // A chunk index is owned by one thread at a time, so its scratch needs no locking.
            Parallel.forChunks(to - from, chunks, (c, lo, hi) -> {
                Scratch s = scratch[c];
                for (int b = lo; b < hi; b++) {
                    rankUser(set, base + b, buffer, b * numItems, ks, kmax, tables, s, perUser);
                }
            });
        }
        return new EvalResult(ks, numUsers, perUser);
    }

    private static void rankUser(EvalSet set, int row, float[] buffer, int offset, int[] ks, int kmax,
                                 Tables t, Scratch s, double[][][] perUser) {
        int[] maskPtr = set.maskPtr();
        int count = TopK.select(buffer, offset, set.numItems(), set.maskItems(), maskPtr[row], maskPtr[row + 1],
                kmax, s.items, s.scores, s.heap);

        // Mark this row's held-out items with a row-unique stamp, so the marks never need clearing.
        int stamp = row + 1;
        int[] posPtr = set.posPtr();
        int[] posItems = set.posItems();
        for (int j = posPtr[row]; j < posPtr[row + 1]; j++) s.marks[posItems[j]] = stamp;
        int n = posPtr[row + 1] - posPtr[row];

        // One pass over ranks 1..Kmax fills every cutoff; ranks past `count` are misses.
        int hits = 0;
        double dcg = 0;
        double apSum = 0;
        int next = 0;
        for (int r = 1; r <= kmax; r++) {
            if (r <= count && s.marks[s.items[r - 1]] == stamp) {
                hits++;
                dcg += t.discount[r];
                apSum += (double) hits / r;
            }
            for (int j = 0; j < ks.length; j++) {
                if (ks[j] != r) continue;
                int cut = Math.min(n, r);
                perUser[Metric.RECALL.ordinal()][j][row] = (double) hits / n;
                perUser[Metric.NDCG.ordinal()][j][row] = dcg / t.idcg[cut];
                perUser[Metric.PRECISION.ordinal()][j][row] = (double) hits / r;
                perUser[Metric.MAP.ordinal()][j][row] = apSum / cut;
                perUser[Metric.HIT.ordinal()][j][row] = hits > 0 ? 1.0 : 0.0;
                next++;
            }
            if (next == ks.length) break;
        }
    }

    /** Rank discounts and ideal DCG prefixes, shared read-only by all threads. */
    private static final class Tables {
        final double[] discount;
        final double[] idcg;

        Tables(int kmax) {
            discount = new double[kmax + 1];
            idcg = new double[kmax + 1];
            for (int r = 1; r <= kmax; r++) {
                discount[r] = 1.0 / (Math.log(r + 1) / Math.log(2));
                idcg[r] = idcg[r - 1] + discount[r];
            }
        }
    }

    /** Per-chunk buffers, allocated once per evaluation and reused for every user of that chunk. */
    private static final class Scratch {
        final int[] items;
        final float[] scores;
        final long[] heap;
        final int[] marks;

        Scratch(int kmax, int numItems) {
            items = new int[kmax];
            heap = new long[kmax];
            scores = new float[kmax];
            marks = new int[numItems];
        }
    }
}
