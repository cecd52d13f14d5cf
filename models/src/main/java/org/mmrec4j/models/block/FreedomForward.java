package org.mmrec4j.models.block;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.DegreeSensitivePruning;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.models.ModelContext;

/**
 * FREEDOM's forward pass (spec/models.md §10), shared by FREEDOM and GUIDER's code_compat teacher: a
 * frozen item-item graph G_mm = Σ_m w_m·K1(X_m, knn_k) on the item IDs plus LightGCN over a user-item
 * graph degree-pruned every epoch; scoring uses the full N1 graph.
 * <pre>
 *   h = G_mm^{L_mm} Q;   (P̄, Q̄) = mean(E⁰, Â E⁰, …, Â^{L_ui} E⁰);   users P̄, items Q̄ + h
 * </pre>
 * A training batch propagates only the rows it touches (users, positives, negatives), and the last
 * item-graph layer runs on the batch's items alone: exact, as every later step is row-wise.
 */
public final class FreedomForward {

    /** One batch's forward pass at the rows it touches: {@code all} is Q̄ + h (items) or P̄ (users) there. */
    public record BatchPass(BatchRows touched, BatchRows.UsersAndItems split, int[] pos, int[] neg, Tensor all, Tensor users) {
        /** s(u, i⁺) per batch row. */
        public Tensor positiveScores() {
            return users.rowDot(all.gatherRows(touched.local(pos)));
        }

        /** s(u, i⁻) per batch row. */
        public Tensor negativeScores() {
            return users.rowDot(all.gatherRows(touched.local(neg)));
        }
    }

    /** [users; items], as in LightGCN: propagation needs the stacked form. */
    private final Tensor nodes;
    private final int numUsers, numItems, uiLayers, mmLayers;
    private final double dropout;
    private final UserItemGraph userItem;
    private final CsrMatrix fullAdjacency, itemGraph;
    private CsrMatrix trainAdjacency;

    /**
     * Registers the "nodes" table in params, drawn from {@code rng}'s "user" and "item" splits; the first
     * pruned graph (used until the first {@link #resample}, e.g. by tests that call loss directly) comes
     * from its "prune" split.
     */
    public FreedomForward(ModelContext ctx, Params params, Rng rng, int dim, int uiLayers, int mmLayers, int knnK,
                          double imageWeight, double dropout) {
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        this.uiLayers = uiLayers;
        this.mmLayers = mmLayers;
        this.dropout = dropout;
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, dim, rng);
        userItem = ctx.userItemGraph();
        fullAdjacency = userItem.symmetricNorm();
        itemGraph = ItemGraphs.imageWeightedKnn(ItemGraphs.cache(ctx.config()), ctx.features(), knnK, imageWeight);
        trainAdjacency = DegreeSensitivePruning.sample(userItem, dropout, rng.split("prune"));
    }

    /** The epoch's pruned graph, from the epoch stream's "prune" split. */
    public void resample(Rng epochRng) {
        trainAdjacency = DegreeSensitivePruning.sample(userItem, dropout, epochRng.split("prune"));
    }

    /** The batch's rows through the pruned graph, plus h at its items. */
    public BatchPass batch(Batch b) {
        int[] pos = BatchRows.shifted(b.positives(), numUsers), neg = BatchRows.shifted(b.negatives(), numUsers);
        BatchRows touched = BatchRows.of(nodes.rows(), b.users(), pos, neg);
        int[] rows = touched.rows();
        Tensor e = Propagation.layerMeanAt(trainAdjacency, nodes, uiLayers, rows);
        BatchRows.UsersAndItems split = touched.split(numUsers);
        Tensor all = e.add(itemGraphAt(split.items()).scatterAddRows(split.itemPositions(), rows.length));
        Tensor u = all.gatherRows(touched.local(b.users()));
        return new BatchPass(touched, split, pos, neg, all, u);
    }

    /** h = G_mm^{L_mm} Q at the given items only; the last layer runs on those rows alone. */
    private Tensor itemGraphAt(int[] items) {
        if (mmLayers == 0) return nodes.gatherRows(BatchRows.shifted(items, numUsers));
        if (mmLayers == 1) return Tensor.spmm(GraphRows.of(itemGraph, items, numUsers, nodes.rows()).matrix(), nodes);
        Tensor h = nodes.sliceRows(numUsers, nodes.rows());
        for (int l = 0; l < mmLayers - 1; l++) h = Tensor.spmm(itemGraph, h);
        return Tensor.spmm(GraphRows.of(itemGraph, items, 0, numItems).matrix(), h);
    }

    /** Users P̄ and items Q̄ + h over the full N1 graph, as MMRec's full_sort_predict. */
    public Embeddings scoring() {
        Tensor e = Propagation.layerMean(fullAdjacency, nodes, uiLayers);
        Tensor h = nodes.sliceRows(numUsers, nodes.rows());
        for (int l = 0; l < mmLayers; l++) h = Tensor.spmm(itemGraph, h);
        return new Embeddings(e.sliceRows(0, numUsers), e.sliceRows(numUsers, e.rows()).add(h));
    }

    /** The frozen item graph (tests). */
    public CsrMatrix itemGraph() {
        return itemGraph;
    }

    /** The adjacency the current epoch trains on (tests). */
    public CsrMatrix trainAdjacency() {
        return trainAdjacency;
    }
}
