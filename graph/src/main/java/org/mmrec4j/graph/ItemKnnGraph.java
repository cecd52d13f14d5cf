package org.mmrec4j.graph;

import java.util.Arrays;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.kernel.GramBlocks;

/**
 * The k nearest items of every item by (optionally shrunk) cosine similarity of a feature matrix,
 * self included, as MMRec's item graphs keep it (spec/models.md §0.2).
 *
 * <p>Built blockwise: the normalised rows sit once in native memory and X·Xᵀ, being symmetric, is
 * computed over its upper triangle only, one band of rows at a time (half the products of the full
 * matrix); every value feeds the k-slot heaps of both its row and its column. Memory is
 * O(n·d + block·n + n·k), never the dense n×n similarity (MMRec's needs 16 GB on Elec). Ties go to the
 * lower item index.
 *
 * <p>Rows list neighbours by descending similarity. The graph is directed: row i holds i's neighbours.
 */
public final class ItemKnnGraph {
    /** Similarity block budget in floats (64 MB), so the block never dominates memory. */
    private static final long BLOCK_FLOATS = 16L << 20;
    /** Rows per band: enough for an efficient GEMM, small enough that small catalogues allocate little. */
    private static final int MAX_BLOCK_ROWS = 512;

    private final int numItems, k;
    private final int[] neighbours;
    private final float[] similarity;

    private ItemKnnGraph(int numItems, int k, int[] neighbours, float[] similarity) {
        this.numItems = numItems;
        this.k = k;
        this.neighbours = neighbours;
        this.similarity = similarity;
    }

    /** Cosine kNN of the feature rows. */
    public static ItemKnnGraph cosine(FeatureMatrix features, int k) {
        return build(features.data(), features.rows(), features.cols(), k, 0);
    }

    /**
     * kNN by x_i·x_j / (‖x_i‖‖x_j‖ + shrink) over a row-major n×d array (shrink 0 is the cosine).
     * The input is not modified.
     */
    public static ItemKnnGraph build(float[] rows, int n, int d, int k, double shrink) {
        Checks.arg(rows.length == (long) n * d, "feature array has %s values, expected %sx%s", rows.length, n, d);
        Checks.arg(k >= 1 && k <= n, "knn_k must be in 1..%s (the item count), got %s", n, k);
        Checks.arg(shrink >= 0, "shrink must be >= 0, got %s", shrink);
        float[] norms = new float[n];
        int block = (int) Math.max(1, Math.min(Math.min(n, MAX_BLOCK_ROWS), BLOCK_FLOATS / n));
        try (GramBlocks gram = new GramBlocks(n, d)) {
            // Cosine: normalise before the product, so the block holds similarities directly.
            // Shrunk: keep raw rows and divide each product by (‖x_i‖‖x_j‖ + shrink) afterwards.
            float[] buf = new float[block * d];
            for (int lo = 0; lo < n; lo += block) {
                int hi = Math.min(n, lo + block);
                System.arraycopy(rows, lo * d, buf, 0, (hi - lo) * d);
                for (int r = lo; r < hi; r++) {
                    double s = 0;
                    for (int c = 0, o = (r - lo) * d; c < d; c++) s += (double) buf[o + c] * buf[o + c];
                    norms[r] = (float) Math.sqrt(s);
                    if (shrink == 0) {
                        float inv = 1f / Math.max(norms[r], 1e-12f);
                        for (int c = 0, o = (r - lo) * d; c < d; c++) buf[o + c] *= inv;
                    }
                }
                gram.putRows(lo, buf, hi - lo);
            }
            // X·Xᵀ is symmetric: compute only the upper triangle, one band of rows [lo, hi) × columns
            // [lo, n) at a time. The band's own rows take every value of their band row; each later
            // row j takes the band's column j. Per-row k-slot heaps live in the output arrays.
            int[] nbr = new int[n * k], size = new int[n];
            float[] sim = new float[n * k];
            float[] worst = new float[n]; // heap root once full, −∞ before: a cheap filter for most values
            Arrays.fill(worst, Float.NEGATIVE_INFINITY);
            float[] band = new float[block * n];
            float shrinkF = (float) shrink;
            for (int lo = 0; lo < n; lo += block) {
                int hi = Math.min(n, lo + block), from = lo, width = n - lo;
                gram.gramRowsFrom(lo, hi, from, band);
                if (shrink > 0) {
                    Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
                        for (int r = a; r < b; r++) shrinkRow(band, r * width, width, norms, from, norms[from + r], shrinkF);
                    });
                }
                Parallel.forChunks(hi - lo, Parallel.threads(), (c, a, b) -> {
                    for (int r = a; r < b; r++) {
                        int row = from + r, off = r * width;
                        for (int j = 0; j < width; j++) {
                            float v = band[off + j];
                            if (v >= worst[row] || v != v) offer(nbr, sim, size, worst, k, row, from + j, v);
                        }
                    }
                });
                if (hi < n) {
                    int bandRows = hi - lo;
                    Parallel.forChunks(n - hi, Parallel.threads(), (c, a, b) -> {
                        for (int r = 0; r < bandRows; r++) {
                            int off = r * width + (hi - from), cand = from + r;
                            for (int j = a; j < b; j++) {
                                float v = band[off + j];
                                if (v >= worst[hi + j] || v != v) offer(nbr, sim, size, worst, k, hi + j, cand, v);
                            }
                        }
                    });
                }
            }
            Parallel.forChunks(n, Parallel.threads(), (c, a, b) -> {
                for (int i = a; i < b; i++) sortBestFirst(nbr, sim, i * k, size[i]);
            });
            return new ItemKnnGraph(n, k, nbr, sim);
        }
    }

    /**
     * Offers candidate {@code cand} with value v to row {@code row}'s k-slot min-heap (root = worst
     * kept). NaN ranks last; an equal value wins only with a lower index. Candidates reach a row in
     * ascending index order, but the rule does not rely on it.
     */
    private static void offer(int[] idx, float[] val, int[] size, float[] worst, int k, int row, int cand, float v) {
        if (v != v) v = Float.NEGATIVE_INFINITY;
        int off = row * k, s = size[row];
        if (s < k) {
            idx[off + s] = cand;
            val[off + s] = v;
            siftUp(idx, val, off, s);
            size[row] = ++s;
            if (s == k) worst[row] = val[off];
        } else if (worse(val[off], idx[off], v, cand)) {
            idx[off] = cand;
            val[off] = v;
            siftDown(idx, val, off, k);
            worst[row] = val[off];
        }
    }

    /** Turns a min-heap of {@code size} slots at off into best-first order (worst popped into the tail). */
    private static void sortBestFirst(int[] idx, float[] val, int off, int size) {
        for (int p = size - 1; p > 0; p--) {
            swap(idx, val, off, off + p);
            siftDown(idx, val, off, p);
        }
    }

    /** s[off + j] /= ‖x_row‖·‖x_{from+j}‖ + shrink, for the band row's columns from, from+1, …. */
    private static void shrinkRow(float[] s, int off, int width, float[] norms, int from, float rowNorm, float shrink) {
        for (int j = 0; j < width; j++) s[off + j] /= rowNorm * norms[from + j] + shrink;
    }

    /** a is worse than b: lower value, or the same value at a higher index. */
    private static boolean worse(float va, int ia, float vb, int ib) {
        return va < vb || (va == vb && ia > ib);
    }

    /** Moves a new entry at slot i (relative to off) up the min-heap to its place. */
    private static void siftUp(int[] idx, float[] val, int off, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(val[off + i], idx[off + i], val[off + parent], idx[off + parent])) break;
            swap(idx, val, off + i, off + parent);
            i = parent;
        }
    }

    /** Restores the min-heap of {@code size} slots at off after its root changed. */
    private static void siftDown(int[] idx, float[] val, int off, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, w = i;
            if (l < size && worse(val[off + l], idx[off + l], val[off + w], idx[off + w])) w = l;
            if (r < size && worse(val[off + r], idx[off + r], val[off + w], idx[off + w])) w = r;
            if (w == i) return;
            swap(idx, val, off + i, off + w);
            i = w;
        }
    }

    private static void swap(int[] idx, float[] val, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        float tv = val[a];
        val[a] = val[b];
        val[b] = tv;
    }

    public int numItems() {
        return numItems;
    }

    public int k() {
        return k;
    }

    /** Neighbour m of item i (m = 0 is the most similar, usually i itself). */
    public int neighbour(int item, int m) {
        return neighbours[item * k + m];
    }

    public float similarity(int item, int m) {
        return similarity[item * k + m];
    }

    /** Row-major n×k neighbour indices (a copy). */
    public int[] neighbours() {
        return neighbours.clone();
    }

    /** Row-major n×k similarities (a copy). */
    public float[] similarities() {
        return similarity.clone();
    }

    /** K1 (FREEDOM style): binary entries, normalised 1/sqrt(k)·1/sqrt(k) = 1/k. */
    public CsrMatrix binaryNormalized() {
        float[] v = new float[neighbours.length];
        Arrays.fill(v, 1f / k);
        return csr(v);
    }

    /**
     * K2/K3 (LATTICE, MGCN): the kept similarities s_ij / sqrt(d_i·d_j), d = row sums of kept values.
     * The column degree is the row sum of row j, as MMRec computes it (not the in-degree). A zero or
     * negative degree gives zero entries.
     */
    public CsrMatrix symmetricNormalized() {
        float[] deg = rowSums();
        float[] v = new float[neighbours.length];
        for (int i = 0; i < numItems; i++) {
            for (int m = 0; m < k; m++) {
                int j = neighbours[i * k + m];
                double dd = (double) deg[i] * deg[j];
                v[i * k + m] = dd > 0 ? (float) (similarity[i * k + m] / Math.sqrt(dd)) : 0f;
            }
        }
        return csr(v);
    }

    /** The kept similarities, unnormalised (ItemKNNCBF's scoring matrix). */
    public CsrMatrix weighted() {
        return csr(similarity.clone());
    }

    /** Row sums of the kept similarities. */
    public float[] rowSums() {
        float[] deg = new float[numItems];
        for (int i = 0; i < numItems; i++) {
            double s = 0;
            for (int m = 0; m < k; m++) s += similarity[i * k + m];
            deg[i] = (float) s;
        }
        return deg;
    }

    /** CSR with this graph's pattern (columns sorted within each row) and the given per-slot values. */
    private CsrMatrix csr(float[] slotValues) {
        int[] r = new int[neighbours.length];
        for (int i = 0; i < numItems; i++) Arrays.fill(r, i * k, (i + 1) * k, i);
        return CsrMatrix.fromCoo(numItems, numItems, r, neighbours.clone(), slotValues, false);
    }

    /** Reassembles a graph from its arrays (cache reads). */
    public static ItemKnnGraph of(int numItems, int k, int[] neighbours, float[] similarity) {
        Checks.arg(neighbours.length == (long) numItems * k && similarity.length == neighbours.length,
                "kNN arrays must hold %sx%s entries", numItems, k);
        for (int j : neighbours) Checks.arg(j >= 0 && j < numItems, "neighbour %s outside 0..%s", j, numItems - 1);
        return new ItemKnnGraph(numItems, k, neighbours, similarity);
    }
}
