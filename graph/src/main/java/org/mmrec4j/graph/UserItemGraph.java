package org.mmrec4j.graph;

import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;

/**
 * The bipartite user-item graph of the training split, as one (numUsers + numItems)² matrix whose
 * first numUsers rows are users and the rest items (spec/models.md §0.1).
 *
 * <p>Duplicate (user, item) rows collapse to one edge, as MMRec's dictionary-keyed builder does, and
 * degrees count distinct neighbours. Items seen only in validation or test keep all-zero rows.
 */
public final class UserItemGraph {
    private final int numUsers, numItems;
    private final int[] userOf, itemOf; // distinct edges, sorted by (user, item)
    private final int[] userDegree, itemDegree;
    private volatile CsrMatrix symmetricNorm, symmetricNormRowSums, interactions;

    public UserItemGraph(Interactions train, int numUsers, int numItems) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        int[] u = train.users(), it = train.items();
        long[] keys = new long[u.length];
        for (int k = 0; k < u.length; k++) {
            Checks.arg(u[k] >= 0 && u[k] < numUsers && it[k] >= 0 && it[k] < numItems,
                    "edge (%s, %s) outside %s users x %s items", u[k], it[k], numUsers, numItems);
            keys[k] = ((long) u[k] << 32) | it[k];
        }
        java.util.Arrays.sort(keys);
        int distinct = 0;
        for (int k = 0; k < keys.length; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) keys[distinct++] = keys[k];
        }
        userOf = new int[distinct];
        itemOf = new int[distinct];
        userDegree = new int[numUsers];
        itemDegree = new int[numItems];
        for (int k = 0; k < distinct; k++) {
            userOf[k] = (int) (keys[k] >>> 32);
            itemOf[k] = (int) keys[k];
            userDegree[userOf[k]]++;
            itemDegree[itemOf[k]]++;
        }
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    public int numEdges() {
        return userOf.length;
    }

    public int[] userDegrees() {
        return userDegree.clone();
    }

    public int[] itemDegrees() {
        return itemDegree.clone();
    }

    /**
     * N1: D^{-1/2} A D^{-1/2} with D = distinct-neighbour count + 1e-7 (LightGCN, BM3, FREEDOM, ...).
     * Built once and cached; it is symmetric, so its transpose (used by backward) equals itself.
     */
    public CsrMatrix symmetricNorm() {
        CsrMatrix m = symmetricNorm;
        if (m == null) {
            synchronized (this) {
                if (symmetricNorm == null) symmetricNorm = buildSymmetricNorm(1e-7);
                m = symmetricNorm;
            }
        }
        return m;
    }

    /**
     * N5: D^{-1/2} A D^{-1/2} with D = row sums + 1e-8 (SLMRec's {@code adj_type: pre}). A is 0/1 over
     * distinct edges (MMRec builds it from the CSR's non-zeros), so the row sum is the distinct degree
     * and N5 differs from N1 only in the epsilon.
     */
    public CsrMatrix symmetricNormRowSums() {
        CsrMatrix m = symmetricNormRowSums;
        if (m == null) {
            synchronized (this) {
                if (symmetricNormRowSums == null) symmetricNormRowSums = buildSymmetricNorm(1e-8);
                m = symmetricNormRowSums;
            }
        }
        return m;
    }

    /** R: the numUsers × numItems 0/1 matrix of distinct training edges, unnormalised. Cached. */
    public CsrMatrix interactions() {
        CsrMatrix m = interactions;
        if (m == null) {
            synchronized (this) {
                if (interactions == null) {
                    int[] ptr = new int[numUsers + 1];
                    for (int x = 0; x < numUsers; x++) ptr[x + 1] = ptr[x] + userDegree[x];
                    float[] ones = new float[itemOf.length];
                    java.util.Arrays.fill(ones, 1f);
                    // Edges are sorted by (user, item), which is CSR order already.
                    interactions = new CsrMatrix(numUsers, numItems, ptr, itemOf.clone(), ones);
                }
                m = interactions;
            }
        }
        return m;
    }

    private CsrMatrix buildSymmetricNorm(double eps) {
        int n = numUsers + numItems, e = userOf.length;
        double[] invSqrt = new double[n];
        for (int x = 0; x < numUsers; x++) invSqrt[x] = 1 / Math.sqrt(userDegree[x] + eps);
        for (int i = 0; i < numItems; i++) invSqrt[numUsers + i] = 1 / Math.sqrt(itemDegree[i] + eps);
        int[] ptr = new int[n + 1];
        for (int x = 0; x < numUsers; x++) ptr[x + 1] = userDegree[x];
        for (int i = 0; i < numItems; i++) ptr[numUsers + i + 1] = itemDegree[i];
        for (int r = 0; r < n; r++) ptr[r + 1] += ptr[r];
        int[] fill = java.util.Arrays.copyOf(ptr, n);
        int[] col = new int[2 * e];
        float[] val = new float[2 * e];
        // Edges are sorted by (user, item): user rows come out sorted by item column, and item rows
        // receive users in ascending order, so every row is column-sorted without a sort.
        for (int k = 0; k < e; k++) {
            int uRow = userOf[k], iRow = numUsers + itemOf[k];
            float w = (float) (invSqrt[uRow] * invSqrt[iRow]);
            int a = fill[uRow]++;
            col[a] = iRow;
            val[a] = w;
            int b = fill[iRow]++;
            col[b] = uRow;
            val[b] = w;
        }
        return new CsrMatrix(n, n, ptr, col, val);
    }

    /** User of each distinct training edge, sorted by (user, item) (a copy). */
    public int[] edgeUsers() {
        return userOf.clone();
    }

    /** Item of each distinct training edge, aligned with {@link #edgeUsers()} (a copy). */
    public int[] edgeItems() {
        return itemOf.clone();
    }

    /**
     * N3: D^{-1}(A + I), D = row sums of A + I = distinct degree + 1 (LATTICE). Row-stochastic, so not
     * symmetric; an item absent from training keeps only its self-loop, with value 1.
     */
    public CsrMatrix rowNormalizedWithSelfLoops() {
        int n = numUsers + numItems, e = userOf.length;
        int[] ptr = new int[n + 1];
        for (int x = 0; x < numUsers; x++) ptr[x + 1] = userDegree[x] + 1;
        for (int i = 0; i < numItems; i++) ptr[numUsers + i + 1] = itemDegree[i] + 1;
        for (int r = 0; r < n; r++) ptr[r + 1] += ptr[r];
        int[] col = new int[2 * e + n];
        float[] val = new float[col.length];
        int[] fill = java.util.Arrays.copyOf(ptr, n);
        // Column order per row: a user's self-loop precedes its items (all columns >= numUsers); an
        // item's users (all < numUsers) precede its self-loop. Edges come sorted by (user, item).
        for (int x = 0; x < numUsers; x++) col[fill[x]++] = x;
        for (int k = 0; k < e; k++) {
            int uRow = userOf[k], iRow = numUsers + itemOf[k];
            col[fill[uRow]++] = iRow;
            col[fill[iRow]++] = uRow;
        }
        for (int i = 0; i < numItems; i++) col[fill[numUsers + i]++] = numUsers + i;
        for (int r = 0; r < n; r++) {
            float inv = 1f / (ptr[r + 1] - ptr[r]);
            java.util.Arrays.fill(val, ptr[r], ptr[r + 1], inv);
        }
        return new CsrMatrix(n, n, ptr, col, val);
    }

    // ---------------------------------------------------------------- N2 (MGCN, SMORE)

    private volatile CsrMatrix symmetricNormNoEps, userItemBlockNoEps;

    /**
     * N2: D^{-1/2} A D^{-1/2} with D = row sums of A and no epsilon (MGCN's and SMORE's
     * {@code get_adj_mat}). A is 0/1 over distinct edges, so the row sum is the distinct degree; a node
     * of degree zero has no entries (MMRec's inf → 0). Differs from N1 only by N1's 1e-7. Cached.
     */
    public CsrMatrix symmetricNormNoEps() {
        CsrMatrix m = symmetricNormNoEps;
        if (m == null) {
            synchronized (this) {
                if (symmetricNormNoEps == null) symmetricNormNoEps = buildSymmetricNorm(0.0);
                m = symmetricNormNoEps;
            }
        }
        return m;
    }

    /**
     * R̂: the user→item block of N2, numUsers × numItems with columns indexed by item (not by node),
     * entries 1/sqrt(deg_u·deg_i). MGCN and SMORE give users a modality view as R̂·(item view). Cached.
     */
    public CsrMatrix userItemBlockNoEps() {
        CsrMatrix m = userItemBlockNoEps;
        if (m == null) {
            synchronized (this) {
                if (userItemBlockNoEps == null) {
                    int[] ptr = new int[numUsers + 1];
                    for (int x = 0; x < numUsers; x++) ptr[x + 1] = ptr[x] + userDegree[x];
                    float[] val = new float[itemOf.length];
                    // Edges are sorted by (user, item), which is CSR order already. Same arithmetic as
                    // buildSymmetricNorm(0), so R̂ equals N2's block bit for bit.
                    for (int k = 0; k < val.length; k++) {
                        val[k] = (float) ((1 / Math.sqrt(userDegree[userOf[k]])) * (1 / Math.sqrt(itemDegree[itemOf[k]])));
                    }
                    userItemBlockNoEps = new CsrMatrix(numUsers, numItems, ptr, itemOf.clone(), val);
                }
                m = userItemBlockNoEps;
            }
        }
        return m;
    }
}
