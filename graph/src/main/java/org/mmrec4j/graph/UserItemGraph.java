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
        this(train.users(), train.items(), numUsers, numItems);
    }

    /** The graph of the edges (u[k], it[k]), e.g. a generated one (DiffMM); duplicates collapse as above. */
    public UserItemGraph(int[] u, int[] it, int numUsers, int numItems) {
        Checks.arg(u.length == it.length, "%s users for %s items", u.length, it.length);
        this.numUsers = numUsers;
        this.numItems = numItems;
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

    /**
     * D⁻¹R with D = distinct user degree + 1e-7: each user row the mean of its items (MMRec's user
     * feature average in LGMRec); a user without training items keeps an empty row.
     */
    public CsrMatrix userMeanRows() {
        CsrMatrix r = interactions();
        float[] v = r.values().clone();
        int[] ptr = r.rowPtr();
        for (int u = 0; u < numUsers; u++) {
            for (int e = ptr[u]; e < ptr[u + 1]; e++) v[e] = (float) (v[e] / (userDegree[u] + 1e-7));
        }
        return r.withValues(v);
    }

    private CsrMatrix buildSymmetricNorm(double eps) {
        double[] invSqrt = invSqrtDegrees(eps);
        return bothWays(numUsers, numItems, userOf, itemOf, null, false, (r, c) -> (float) (invSqrt[r] * invSqrt[c]));
    }

    /** 1/sqrt(distinct degree + eps) per node, users first. */
    private double[] invSqrtDegrees(double eps) {
        double[] invSqrt = new double[numUsers + numItems];
        for (int x = 0; x < numUsers; x++) invSqrt[x] = 1 / Math.sqrt(userDegree[x] + eps);
        for (int i = 0; i < numItems; i++) invSqrt[numUsers + i] = 1 / Math.sqrt(itemDegree[i] + eps);
        return invSqrt;
    }

    /** The value of entry (row, col) of a node-indexed matrix (items after users). */
    interface EntryValue {
        float at(int row, int col);
    }

    /**
     * The one filler of the symmetric user-item pattern: the (numUsers + numItems)² matrix with both
     * entries (u, n_u + i) and (n_u + i, u) of every kept edge (users[k], items[k]) ({@code kept} null:
     * all), plus one diagonal entry per node with {@code selfLoops}. The edges must be distinct and sorted
     * by (user, item): then user rows come out sorted by item column and item rows receive users in
     * ascending order, so every row is column-sorted without a sort (a user's self-loop precedes its
     * items; an item's users precede its self-loop).
     */
    static CsrMatrix bothWays(int numUsers, int numItems, int[] users, int[] items, boolean[] kept, boolean selfLoops,
                              EntryValue value) {
        int n = numUsers + numItems;
        int[] ptr = new int[n + 1];
        for (int k = 0; k < users.length; k++) {
            if (kept != null && !kept[k]) continue;
            ptr[users[k] + 1]++;
            ptr[numUsers + items[k] + 1]++;
        }
        if (selfLoops) for (int r = 0; r < n; r++) ptr[r + 1]++;
        for (int r = 0; r < n; r++) ptr[r + 1] += ptr[r];
        int[] fill = java.util.Arrays.copyOf(ptr, n);
        int[] col = new int[ptr[n]];
        float[] val = new float[col.length];
        if (selfLoops) {
            for (int x = 0; x < numUsers; x++) {
                col[fill[x]] = x;
                val[fill[x]++] = value.at(x, x);
            }
        }
        for (int k = 0; k < users.length; k++) {
            if (kept != null && !kept[k]) continue;
            int uRow = users[k], iRow = numUsers + items[k];
            int a = fill[uRow]++;
            col[a] = iRow;
            val[a] = value.at(uRow, iRow);
            int b = fill[iRow]++;
            col[b] = uRow;
            val[b] = value.at(iRow, uRow);
        }
        if (selfLoops) {
            for (int v = numUsers; v < n; v++) {
                col[fill[v]] = v;
                val[fill[v]++] = value.at(v, v);
            }
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
        int[] withLoop = nodeDegreesPlusOne();
        return bothWays(numUsers, numItems, userOf, itemOf, null, true, (r, c) -> 1f / withLoop[r]);
    }

    /**
     * N4: D^{-1/2}(A + I)D^{-1/2}, D = row sums of A + I = distinct degree + 1 (DiffMM, for the training
     * graph and its generated ones). Symmetric; an isolated node keeps only its self-loop, with value 1.
     */
    public CsrMatrix symmetricNormWithSelfLoops() {
        int[] withLoop = nodeDegreesPlusOne();
        double[] inv = new double[withLoop.length];
        for (int v = 0; v < inv.length; v++) inv[v] = 1 / Math.sqrt(withLoop[v]);
        return bothWays(numUsers, numItems, userOf, itemOf, null, true, (r, c) -> (float) (inv[r] * inv[c]));
    }

    /** Distinct degree + 1 per node, users first: the row sums of A + I. */
    private int[] nodeDegreesPlusOne() {
        int[] d = new int[numUsers + numItems];
        for (int x = 0; x < numUsers; x++) d[x] = userDegree[x] + 1;
        for (int i = 0; i < numItems; i++) d[numUsers + i] = itemDegree[i] + 1;
        return d;
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
