package org.mmrec4j.graph;

import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;

/**
 * The user-user co-interaction graph of the training split (DualGNN, DRAGON): for each user, the other
 * users sharing at least one training item, by descending count of shared items (ties to the lower
 * user index), truncated to {@code maxNeighbours}. MMRec reads this from a precomputed
 * {@code user_graph_dict.npy}; here it is computed from the training edges, so no such file is needed.
 *
 * <p>Counting walks user → items → users with one count array per thread: O(Σ_i deg(i)²) time and
 * O(n_users) extra memory per thread, never the dense R·Rᵀ.
 */
public final class UserUserGraph {
    private final int numUsers;
    private final int[] ptr, neighbours, counts;

    private UserUserGraph(int numUsers, int[] ptr, int[] neighbours, int[] counts) {
        this.numUsers = numUsers;
        this.ptr = ptr;
        this.neighbours = neighbours;
        this.counts = counts;
    }

    public static UserUserGraph build(UserItemGraph ui, int maxNeighbours) {
        Checks.arg(maxNeighbours >= 1, "maxNeighbours must be >= 1, got %s", maxNeighbours);
        int nu = ui.numUsers();
        // Adjacency lists over distinct training edges, from the N1 pattern (user rows, then item rows).
        var adj = ui.symmetricNorm();
        int[] aPtr = adj.rowPtr(), aCol = adj.colIdx();
        int[][] nbr = new int[nu][], cnt = new int[nu][];
        Parallel.forChunks(nu, Parallel.threads(), (chunk, lo, hi) -> {
            int[] count = new int[nu];
            int[] touched = new int[nu];
            for (int u = lo; u < hi; u++) {
                int t = 0;
                for (int e = aPtr[u]; e < aPtr[u + 1]; e++) {
                    int itemRow = aCol[e];
                    for (int f = aPtr[itemRow]; f < aPtr[itemRow + 1]; f++) {
                        int v = aCol[f];
                        if (v == u) continue;
                        if (count[v]++ == 0) touched[t++] = v;
                    }
                }
                int keep = Math.min(t, maxNeighbours);
                int[] bestIdx = new int[keep];
                int[] bestCnt = new int[keep];
                selectTop(touched, t, count, keep, bestIdx, bestCnt);
                nbr[u] = bestIdx;
                cnt[u] = bestCnt;
                for (int m = 0; m < t; m++) count[touched[m]] = 0;
            }
        });
        int[] p = new int[nu + 1];
        for (int u = 0; u < nu; u++) p[u + 1] = p[u] + nbr[u].length;
        int[] allN = new int[p[nu]], allC = new int[p[nu]];
        for (int u = 0; u < nu; u++) {
            System.arraycopy(nbr[u], 0, allN, p[u], nbr[u].length);
            System.arraycopy(cnt[u], 0, allC, p[u], cnt[u].length);
        }
        return new UserUserGraph(nu, p, allN, allC);
    }

    /** The {@code keep} best of touched[0..t) by (count desc, index asc), best first, via a keep-slot min-heap. */
    private static void selectTop(int[] touched, int t, int[] count, int keep, int[] outIdx, int[] outCnt) {
        long[] heap = new long[keep]; // key: count high, then inverted index, so a larger key is better
        int size = 0;
        for (int m = 0; m < t; m++) {
            int v = touched[m];
            long key = ((long) count[v] << 32) | (Integer.MAX_VALUE - v);
            if (size < keep) {
                heap[size] = key;
                for (int i = size++; i > 0 && heap[(i - 1) >>> 1] > heap[i]; i = (i - 1) >>> 1) swap(heap, i, (i - 1) >>> 1);
            } else if (key > heap[0]) {
                heap[0] = key;
                for (int i = 0; ; ) {
                    int l = 2 * i + 1, r = l + 1, w = i;
                    if (l < size && heap[l] < heap[w]) w = l;
                    if (r < size && heap[r] < heap[w]) w = r;
                    if (w == i) break;
                    swap(heap, i, w);
                    i = w;
                }
            }
        }
        java.util.Arrays.sort(heap, 0, size);
        for (int m = 0; m < size; m++) {
            long key = heap[size - 1 - m];
            outIdx[m] = Integer.MAX_VALUE - (int) (key & 0xffffffffL);
            outCnt[m] = (int) (key >>> 32);
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    public int numUsers() {
        return numUsers;
    }

    /** Number of stored neighbours of user u (at most maxNeighbours). */
    public int degree(int u) {
        return ptr[u + 1] - ptr[u];
    }

    /** Neighbour m of user u, best first. */
    public int neighbour(int u, int m) {
        return neighbours[ptr[u] + m];
    }

    /** Shared training items between u and its neighbour m. */
    public int sharedItems(int u, int m) {
        return counts[ptr[u] + m];
    }

    /** Builds from training interactions directly. */
    public static UserUserGraph build(Interactions train, int numUsers, int numItems, int maxNeighbours) {
        return build(new UserItemGraph(train, numUsers, numItems), maxNeighbours);
    }
}
