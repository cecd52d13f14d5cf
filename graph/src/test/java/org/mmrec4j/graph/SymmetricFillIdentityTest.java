package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;

/**
 * The one user-item filler ({@code UserItemGraph.bothWays}) against the builders it replaced, bit for
 * bit: N1, N3 and the pruned graph were filled edge by edge, N4 (DiffMM) went through COO.
 */
class SymmetricFillIdentityTest {
    private static final int USERS = 37, ITEMS = 29;

    /** Random edges with duplicates, unsorted; item 28 and user 36 isolated. */
    private static int[][] edges(long seed) {
        Rng rng = new Rng(seed);
        int e = 300;
        int[] u = new int[e], it = new int[e];
        for (int k = 0; k < e; k++) {
            u[k] = rng.nextInt(USERS - 1);
            it[k] = rng.nextInt(ITEMS - 1);
        }
        return new int[][] {u, it};
    }

    private static void assertSame(CsrMatrix a, CsrMatrix b) {
        assertThat(a.rowPtr()).isEqualTo(b.rowPtr());
        assertThat(a.colIdx()).isEqualTo(b.colIdx());
        int[] ba = new int[a.nnz()], bb = new int[b.nnz()];
        for (int k = 0; k < ba.length; k++) {
            ba[k] = Float.floatToRawIntBits(a.values()[k]);
            bb[k] = Float.floatToRawIntBits(b.values()[k]);
        }
        assertThat(ba).isEqualTo(bb);
    }

    @Test
    void n4MatchesTheCooBuild() {
        for (long seed = 1; seed <= 3; seed++) {
            int[][] e = edges(seed);
            assertSame(new UserItemGraph(e[0], e[1], USERS, ITEMS).symmetricNormWithSelfLoops(), n4ByCoo(e[0], e[1]));
        }
        assertSame(new UserItemGraph(new int[0], new int[0], USERS, ITEMS).symmetricNormWithSelfLoops(), n4ByCoo(new int[0], new int[0]));
    }

    @Test
    void n1AndN3MatchTheEdgeByEdgeBuild() {
        int[][] e = edges(5);
        UserItemGraph g = new UserItemGraph(e[0], e[1], USERS, ITEMS);
        assertSame(g.symmetricNorm(), n1ByEdges(g, 1e-7));
        assertSame(g.symmetricNormNoEps(), n1ByEdges(g, 0.0));
        assertSame(g.rowNormalizedWithSelfLoops(), n3ByEdges(g));
    }

    @Test
    void prunedGraphMatchesTheEdgeByEdgeBuild() {
        int[][] e = edges(6);
        UserItemGraph g = new UserItemGraph(e[0], e[1], USERS, ITEMS);
        int[] users = g.edgeUsers(), items = g.edgeItems();
        boolean[] kept = new boolean[users.length];
        Rng rng = new Rng(9);
        for (int k = 0; k < kept.length; k++) kept[k] = rng.nextDouble() < 0.7;
        assertSame(DegreeSensitivePruning.normalizedBothWays(USERS, ITEMS, users, items, kept), prunedByEdges(users, items, kept));
    }

    // ---- the replaced builders, as they were

    private static CsrMatrix n4ByCoo(int[] edgeUsers, int[] edgeItems) {
        int n = USERS + ITEMS, e = edgeUsers.length;
        int[] r = new int[2 * e + n], c = new int[2 * e + n];
        float[] ones = new float[r.length];
        Arrays.fill(ones, 1f);
        for (int k = 0; k < e; k++) {
            r[2 * k] = edgeUsers[k];
            c[2 * k] = USERS + edgeItems[k];
            r[2 * k + 1] = USERS + edgeItems[k];
            c[2 * k + 1] = edgeUsers[k];
        }
        for (int v = 0; v < n; v++) {
            r[2 * e + v] = v;
            c[2 * e + v] = v;
        }
        CsrMatrix a = CsrMatrix.fromCoo(n, n, r, c, ones, false);
        float[] deg = a.rowSums();
        double[] inv = new double[n];
        for (int v = 0; v < n; v++) inv[v] = 1 / Math.sqrt(deg[v]);
        int[] ptr = a.rowPtr(), col = a.colIdx();
        float[] val = new float[col.length];
        for (int row = 0; row < n; row++) {
            for (int p = ptr[row]; p < ptr[row + 1]; p++) val[p] = (float) (inv[row] * inv[col[p]]);
        }
        return a.withValues(val);
    }

    private static CsrMatrix n1ByEdges(UserItemGraph g, double eps) {
        int[] userOf = g.edgeUsers(), itemOf = g.edgeItems(), userDegree = g.userDegrees(), itemDegree = g.itemDegrees();
        int n = USERS + ITEMS, e = userOf.length;
        double[] invSqrt = new double[n];
        for (int x = 0; x < USERS; x++) invSqrt[x] = 1 / Math.sqrt(userDegree[x] + eps);
        for (int i = 0; i < ITEMS; i++) invSqrt[USERS + i] = 1 / Math.sqrt(itemDegree[i] + eps);
        int[] ptr = new int[n + 1];
        for (int x = 0; x < USERS; x++) ptr[x + 1] = userDegree[x];
        for (int i = 0; i < ITEMS; i++) ptr[USERS + i + 1] = itemDegree[i];
        for (int r = 0; r < n; r++) ptr[r + 1] += ptr[r];
        int[] fill = Arrays.copyOf(ptr, n);
        int[] col = new int[2 * e];
        float[] val = new float[2 * e];
        for (int k = 0; k < e; k++) {
            int uRow = userOf[k], iRow = USERS + itemOf[k];
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

    private static CsrMatrix n3ByEdges(UserItemGraph g) {
        int[] userOf = g.edgeUsers(), itemOf = g.edgeItems(), userDegree = g.userDegrees(), itemDegree = g.itemDegrees();
        int n = USERS + ITEMS, e = userOf.length;
        int[] ptr = new int[n + 1];
        for (int x = 0; x < USERS; x++) ptr[x + 1] = userDegree[x] + 1;
        for (int i = 0; i < ITEMS; i++) ptr[USERS + i + 1] = itemDegree[i] + 1;
        for (int r = 0; r < n; r++) ptr[r + 1] += ptr[r];
        int[] col = new int[2 * e + n];
        float[] val = new float[col.length];
        int[] fill = Arrays.copyOf(ptr, n);
        for (int x = 0; x < USERS; x++) col[fill[x]++] = x;
        for (int k = 0; k < e; k++) {
            int uRow = userOf[k], iRow = USERS + itemOf[k];
            col[fill[uRow]++] = iRow;
            col[fill[iRow]++] = uRow;
        }
        for (int i = 0; i < ITEMS; i++) col[fill[USERS + i]++] = USERS + i;
        for (int r = 0; r < n; r++) {
            float inv = 1f / (ptr[r + 1] - ptr[r]);
            Arrays.fill(val, ptr[r], ptr[r + 1], inv);
        }
        return new CsrMatrix(n, n, ptr, col, val);
    }

    private static CsrMatrix prunedByEdges(int[] users, int[] items, boolean[] kept) {
        int n = USERS + ITEMS;
        int[] deg = new int[n];
        int m = 0;
        for (int k = 0; k < users.length; k++) {
            if (!kept[k]) continue;
            deg[users[k]]++;
            deg[USERS + items[k]]++;
            m++;
        }
        int[] ptr = new int[n + 1];
        for (int r = 0; r < n; r++) ptr[r + 1] = ptr[r] + deg[r];
        int[] fill = Arrays.copyOf(ptr, n);
        int[] col = new int[2 * m];
        float[] val = new float[2 * m];
        for (int k = 0; k < users.length; k++) {
            if (!kept[k]) continue;
            int uRow = users[k], iRow = USERS + items[k];
            float w = (float) (1 / Math.sqrt((deg[uRow] + 1e-7) * (deg[iRow] + 1e-7)));
            int a = fill[uRow]++;
            col[a] = iRow;
            val[a] = w;
            int b = fill[iRow]++;
            col[b] = uRow;
            val[b] = w;
        }
        return new CsrMatrix(n, n, ptr, col, val);
    }
}
