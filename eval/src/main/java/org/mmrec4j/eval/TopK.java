package org.mmrec4j.eval;

/**
 * Top-K selection over one score row with a bounded min-heap, skipping masked items instead of
 * overwriting them with a sentinel (spec/protocol.md §9.3).
 *
 * <p>Order: higher score first; equal scores go to the SMALLER item id. The reference uses torch's
 * {@code topk}, whose tie order is unspecified; this rule makes Java runs deterministic. NaN scores are
 * never selected.
 *
 * <p>Cost: items are scanned in ascending id order, so once the heap is full a candidate with a score equal
 * to the heap minimum always has a larger id than every heap entry and loses the tie. The hot loop is
 * therefore one float comparison per item; the heap is touched only on an improvement, about
 * {@code K·ln(n/K)} times per row for random scores.
 */
public final class TopK {
    private TopK() {}

    /**
     * Selects the best {@code min(k, candidates)} items of {@code scores[offset .. offset+numItems)}.
     *
     * @param mask       sorted item ids to skip; entries outside {@code [0, numItems)} and duplicates are
     *                   tolerated. Only {@code mask[maskFrom .. maskTo)} is read.
     * @param outItems   receives the selected ids, best first; length at least {@code k}
     * @param outScores  receives their scores (doubles as heap storage); length at least {@code k}
     * @return the number of items selected, less than {@code k} when fewer candidates exist
     */
    public static int select(float[] scores, int offset, int numItems, int[] mask, int maskFrom, int maskTo,
                             int k, int[] outItems, float[] outScores) {
        // Plain ifs, not Checks.arg: this runs once per user and varargs would box on every call.
        if (k < 0 || outItems.length < k || outScores.length < k) {
            throw new IllegalArgumentException(String.format(
                    "k=%d needs output buffers of at least k, got %d and %d", k, outItems.length, outScores.length));
        }
        if (offset < 0 || numItems < 0 || (long) offset + numItems > scores.length) {
            throw new IllegalArgumentException(String.format(
                    "row [%d, %d) is outside scores of length %d", offset, (long) offset + numItems, scores.length));
        }
        if (k == 0) return 0;
        int size = 0;
        float min = Float.NEGATIVE_INFINITY;
        int p = maskFrom;
        int start = 0;
        while (start < numItems) {
            while (p < maskTo && mask[p] < start) p++;
            int end = p < maskTo ? Math.min(mask[p], numItems) : numItems;
            int i = start;
            // Fill phase: the heap is not yet full, every non-NaN score enters.
            for (; i < end && size < k; i++) {
                float s = scores[offset + i];
                if (s != s) continue;
                siftUp(outItems, outScores, size++, i, s);
                if (size == k) min = outScores[0];
            }
            // Steady phase: strictly better than the current minimum or nothing (see class doc on ties).
            for (; i < end; i++) {
                float s = scores[offset + i];
                if (s > min) {
                    siftDown(outItems, outScores, k, i, s);
                    min = outScores[0];
                }
            }
            start = end + 1;
        }
        // Heap sort in place: repeatedly move the worst remaining entry to the back, so best ends up first.
        for (int last = size - 1; last > 0; last--) {
            int item = outItems[last];
            float s = outScores[last];
            outItems[last] = outItems[0];
            outScores[last] = outScores[0];
            siftDown(outItems, outScores, last, item, s);
        }
        return size;
    }

    /** True if (sa, ia) ranks below (sb, ib): lower score, or equal score and larger id. */
    private static boolean worse(float sa, int ia, float sb, int ib) {
        return sa < sb || (sa == sb && ia > ib);
    }

    private static void siftUp(int[] items, float[] sc, int pos, int item, float s) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!worse(s, item, sc[parent], items[parent])) break;
            items[pos] = items[parent];
            sc[pos] = sc[parent];
            pos = parent;
        }
        items[pos] = item;
        sc[pos] = s;
    }

    /** Replaces the root of the heap {@code [0, size)} with (item, s) and restores heap order. */
    private static void siftDown(int[] items, float[] sc, int size, int item, float s) {
        int pos = 0;
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int right = child + 1;
            if (right < size && worse(sc[right], items[right], sc[child], items[child])) child = right;
            if (!worse(sc[child], items[child], s, item)) break;
            items[pos] = items[child];
            sc[pos] = sc[child];
            pos = child;
        }
        items[pos] = item;
        sc[pos] = s;
    }
}
