package org.mmrec4j.models.block;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Tensor;

/**
 * The rows of the stacked [users; items] node table at which MGCN and SMORE evaluate their
 * representations: a batch's users, positives and negatives during training, every row for scoring.
 *
 * <p>Everything after the item-item propagation is row-wise (attention, gates, sums), and the content
 * view is LightGCN's layer mean, which {@link Propagation#layerMeanAt} evaluates exactly at chosen rows.
 * So evaluating at the touched rows only is exact. The item-side inputs are not: a user's modality
 * view R̂·(G_m·Ĩ_m) reads every training item of that user and each of their k neighbours, so the
 * purified item tables are computed in full (see the models' Javadoc).
 */
public final class ViewRows {
    private final int numUsers;
    private final BatchRows batch; // null: all rows
    private final int[] stacked, users, items;
    private final CsrMatrix userBlock; // R̂ restricted to `users`

    private ViewRows(int numUsers, BatchRows batch, int[] stacked, int[] users, int[] items, CsrMatrix userBlock) {
        this.numUsers = numUsers;
        this.batch = batch;
        this.stacked = stacked;
        this.users = users;
        this.items = items;
        this.userBlock = userBlock;
    }

    /** Every user and item, in node order. */
    public static ViewRows all(CsrMatrix userItemBlock) {
        return new ViewRows(userItemBlock.rows(), null, null, null, null, userItemBlock);
    }

    /** The distinct rows a batch touches, users first (node order). */
    public static ViewRows of(Batch b, CsrMatrix userItemBlock) {
        int numUsers = userItemBlock.rows(), numItems = userItemBlock.cols();
        BatchRows touched = BatchRows.of(numUsers + numItems, b.users(), BatchRows.shifted(b.positives(), numUsers), BatchRows.shifted(b.negatives(), numUsers));
        BatchRows.UsersAndItems split = touched.split(numUsers);
        return new ViewRows(numUsers, touched, touched.rows(), split.users(), split.items(), selectRows(userItemBlock, split.users()));
    }

    /** Positions of these users in the evaluated rows. */
    public int[] userPositions(int[] userIds) {
        return batch == null ? userIds : batch.local(userIds);
    }

    /** Positions of these items in the evaluated rows. */
    public int[] itemPositions(int[] itemIds) {
        return batch == null ? BatchRows.shifted(itemIds, numUsers) : batch.local(BatchRows.shifted(itemIds, numUsers));
    }

    /** LightGCN's layer mean over the given normalised graph at these rows. */
    public Tensor content(CsrMatrix adjacency, Tensor nodes, int layers) {
        return batch == null ? Propagation.layerMean(adjacency, nodes, layers)
                : Propagation.layerMeanAt(adjacency, nodes, layers, stacked);
    }

    /** A modality view at these rows: [R̂·H ; H] for a propagated item table H (numItems×d). */
    public Tensor view(Tensor itemTable) {
        Tensor userPart = Tensor.spmm(userBlock, itemTable);
        return Tensor.concatRows(userPart, batch == null ? itemTable : itemTable.gatherRows(items));
    }

    /** G^layers·x, the item-item propagation (MMRec's n_layers). */
    public static Tensor propagate(CsrMatrix itemGraph, Tensor x, int layers) {
        for (int l = 0; l < layers; l++) x = Tensor.spmm(itemGraph, x);
        return x;
    }

    /** The listed rows of m (sorted, distinct) as a smaller CSR with the same columns. */
    public static CsrMatrix selectRows(CsrMatrix m, int[] rows) {
        int[] ptr = m.rowPtr(), col = m.colIdx();
        float[] val = m.values();
        int[] p = new int[rows.length + 1];
        for (int k = 0; k < rows.length; k++) p[k + 1] = p[k] + ptr[rows[k] + 1] - ptr[rows[k]];
        int[] c = new int[p[rows.length]];
        float[] v = new float[c.length];
        for (int k = 0; k < rows.length; k++) {
            int from = ptr[rows[k]], len = ptr[rows[k] + 1] - from;
            System.arraycopy(col, from, c, p[k], len);
            System.arraycopy(val, from, v, p[k], len);
        }
        return new CsrMatrix(rows.length, m.cols(), p, c, v);
    }
}
