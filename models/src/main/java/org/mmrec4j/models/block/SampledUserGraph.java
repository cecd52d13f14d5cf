package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.graph.UserUserGraph;

/**
 * The user-user graph DualGNN and DRAGON resample every epoch (spec/models.md §6), as one n_u×n_u CSR
 * S, so that {@code user ← user + S·user} is a single sparse product.
 *
 * <p>Each user fills {@link #SLOTS} slots from its co-interaction neighbours (best first):
 * <ul>
 *   <li>at least SLOTS neighbours: the first SLOTS;
 *   <li>1 to SLOTS−1: all of them, then padding draws, each a uniform pick among the entries filled
 *       so far (earlier padding included, as the reference appends to the list it samples from);
 *   <li>none: an empty row. The reference points 40 slots at user 0 with weight 0, which adds
 *       0·user[0] = 0; an empty row adds the same nothing without reading user 0.
 * </ul>
 * Slot weights are the softmax of the slots' shared-item counts (a padded slot repeats its entry's
 * count). The slots naming one neighbour make one entry of weight (their number)·e^{count}/Z, which
 * leaves S·user unchanged.
 */
public final class SampledUserGraph {
    /** Slots per user; the reference hard-codes 40 (its {@code self.k}). */
    public static final int SLOTS = 40;

    private final UserUserGraph coInteraction;
    private final CsrMatrix itemBlock;
    private final int numItems;
    private CsrMatrix current, nodeGraph;

    /**
     * The co-interaction graph of the training edges and a first sample from the model stream's
     * "user-graph" split, used only until the first {@link #resample} (tests call loss directly).
     *
     * @param itemBlock the item graph G beside S in {@link #nodeGraph()}, or null for none
     */
    public SampledUserGraph(UserItemGraph graph, Rng modelRng, CsrMatrix itemBlock) {
        this.coInteraction = UserUserGraph.build(graph, SLOTS);
        this.itemBlock = itemBlock;
        this.numItems = graph.numItems();
        use(sample(coInteraction, SLOTS, modelRng.split("user-graph")));
    }

    /** The epoch's S, from the epoch stream's "user-graph" split. */
    public void resample(Rng epochRng) {
        use(sample(coInteraction, SLOTS, epochRng.split("user-graph")));
    }

    private void use(CsrMatrix s) {
        current = s;
        nodeGraph = PreferenceGraphBranches.blockDiagonal(s, itemBlock, numItems);
    }

    /** The current S. */
    public CsrMatrix current() {
        return current;
    }

    /** diag(S, G) (or diag(S, 0)) over the stacked [users; items] table: one product updates both. */
    public CsrMatrix nodeGraph() {
        return nodeGraph;
    }

    /** Samples S from the co-interaction graph; only users with 1..slots−1 neighbours draw from rng, in user order. */
    public static CsrMatrix sample(UserUserGraph graph, int slots, Rng rng) {
        Checks.arg(slots >= 1, "slots must be >= 1, got %s", slots);
        int n = graph.numUsers();
        int[] ptr = new int[n + 1];
        for (int u = 0; u < n; u++) ptr[u + 1] = ptr[u] + Math.min(graph.degree(u), slots);
        int[] cols = new int[ptr[n]];
        float[] vals = new float[ptr[n]];
        int[] entryOfSlot = new int[slots], multiplicity = new int[slots];
        for (int u = 0; u < n; u++) {
            int have = ptr[u + 1] - ptr[u];
            if (have == 0) continue;
            for (int m = 0; m < have; m++) {
                entryOfSlot[m] = m;
                multiplicity[m] = 1;
            }
            for (int len = have; len < slots; len++) {
                int entry = entryOfSlot[rng.nextInt(len)];
                entryOfSlot[len] = entry;
                multiplicity[entry]++;
            }
            // Softmax over the slots, with the slots naming one neighbour gathered into one entry.
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int m = 0; m < have; m++) max = Math.max(max, graph.sharedItems(u, m));
            for (int m = 0; m < have; m++) z += multiplicity[m] * Math.exp(graph.sharedItems(u, m) - max);
            for (int m = 0; m < have; m++) {
                cols[ptr[u] + m] = graph.neighbour(u, m);
                vals[ptr[u] + m] = (float) (multiplicity[m] * Math.exp(graph.sharedItems(u, m) - max) / z);
            }
        }
        int[] rowOf = new int[ptr[n]];
        for (int u = 0; u < n; u++) java.util.Arrays.fill(rowOf, ptr[u], ptr[u + 1], u);
        // Neighbours come by count, not column: fromCoo orders each row's columns as CSR requires.
        return CsrMatrix.fromCoo(n, n, rowOf, cols, vals, false);
    }
}
