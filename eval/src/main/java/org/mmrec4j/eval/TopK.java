package org.mmrec4j.eval;

/**
 * Top-K selection over one score row with a bounded min-heap, skipping masked items instead of
 * overwriting them with a sentinel (spec/protocol.md §9.3).
 *
 * <p>Order: higher score first; equal scores go to the SMALLER item id. The reference uses torch's
 * {@code topk}, whose tie order is unspecified; this rule makes Java runs deterministic. NaN scores are
 * never selected, and -0.0 counts as equal to 0.0.
 *
 * <p>Cost: items are scanned in ascending id order, so once the heap is full a candidate whose score equals
 * the heap minimum has a larger id than every heap entry and loses the tie. The hot loop is therefore one
 * float comparison per item. The heap is touched only on an improvement, about {@code K·ln(n/K)} times per
 * row for random scores (about 250 for K = 50 over 7,050 items), and that part dominated the profile, so
 * each heap entry is one {@code long} packing (score, id) in an order-preserving way: one comparison per
 * level instead of a score comparison plus an id tie-break over two arrays.
 */
public final class TopK {
    private TopK() {}

    /**
     * Selects the best {@code min(k, candidates)} items of {@code scores[offset .. offset+numItems)}.
     * Allocates a {@code long[k]} heap per call; hot loops should use the overload that takes one.
     *
     * @param mask      sorted item ids to skip; entries outside {@code [0, numItems)} and duplicates are
     *                  tolerated. Only {@code mask[maskFrom .. maskTo)} is read.
     * @param outItems  receives the selected ids, best first; length at least {@code k}
     * @param outScores receives their scores; length at least {@code k}
     * @return the number of items selected, less than {@code k} when fewer candidates exist
     */
    public static int select(float[] scores, int offset, int numItems, int[] mask, int maskFrom, int maskTo,
                             int k, int[] outItems, float[] outScores) {
        return select(scores, offset, numItems, mask, maskFrom, maskTo, k, outItems, outScores, new long[Math.max(0, k)]);
    }

    /** As {@link #select(float[], int, int, int[], int, int, int, int[], float[])}, with caller-owned heap scratch. */
    public static int select(float[] scores, int offset, int numItems, int[] mask, int maskFrom, int maskTo,
                             int k, int[] outItems, float[] outScores, long[] heap) {
        // Plain ifs, not Checks.arg: this runs once per user and varargs would box on every call.
        if (k < 0 || outItems.length < k || outScores.length < k || heap.length < k) {
            throw new IllegalArgumentException(String.format(
                    "k=%d needs buffers of at least k, got items %d, scores %d, heap %d",
                    k, outItems.length, outScores.length, heap.length));
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
            // Absolute indexes into scores: j runs over [offset + start, offset + end).
            int j = offset + start;
            int stop = offset + end;
            // Fill phase: the heap is not yet full, every non-NaN score enters.
            for (; j < stop && size < k; j++) {
                float s = scores[j];
                if (s != s) continue;
                siftUp(heap, size++, key(s, j - offset));
                if (size == k) min = scoreOf(heap[0]);
            }
            // Steady phase: strictly better than the current minimum or nothing (see class doc on ties).
            // The search loop has no call in its body, which lets the JIT unroll it (about 20% faster).
            while (true) {
                while (j < stop && !(scores[j] > min)) j++;
                if (j >= stop) break;
                siftDown(heap, k, key(scores[j], j - offset));
                min = scoreOf(heap[0]);
                j++;
            }
            start = end + 1;
        }
        // Heap sort in place: move the worst remaining entry to the back each time, so the best ends up first.
        for (int last = size - 1; last > 0; last--) {
            long moved = heap[last];
            heap[last] = heap[0];
            siftDown(heap, last, moved);
        }
        for (int r = 0; r < size; r++) {
            outItems[r] = itemOf(heap[r]);
            outScores[r] = scoreOf(heap[r]);
        }
        return size;
    }

    /**
     * Packs (score, item) so that a larger long means a better entry: the high half is the float's bits
     * mapped to a signed int with the same order, the low half is {@code ~item} read as unsigned, which
     * decreases with the id and so breaks ties toward the smaller id.
     */
    static long key(float s, int item) {
        int bits = Float.floatToRawIntBits(s == 0f ? 0f : s); // -0.0 and 0.0 must tie
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (~item & 0xffffffffL);
    }

    static float scoreOf(long key) {
        int sortable = (int) (key >> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static int itemOf(long key) {
        return ~(int) key;
    }

    private static void siftUp(long[] heap, int pos, long key) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            long up = heap[parent];
            if (up <= key) break;
            heap[pos] = up;
            pos = parent;
        }
        heap[pos] = key;
    }

    /** Replaces the root of the min-heap {@code [0, size)} with key and restores heap order. */
    private static void siftDown(long[] heap, int size, long key) {
        int pos = 0;
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            long c = heap[child];
            int right = child + 1;
            if (right < size) {
                long r = heap[right];
                if (r < c) {
                    child = right;
                    c = r;
                }
            }
            if (c >= key) break;
            heap[pos] = c;
            pos = child;
        }
        heap[pos] = key;
    }
}
