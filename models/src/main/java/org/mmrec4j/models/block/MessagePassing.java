package org.mmrec4j.models.block;

import java.util.Arrays;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.EdgeOps;
import org.mmrec4j.engine.EdgePattern;
import org.mmrec4j.engine.SparseOps;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.UserItemGraph;

/**
 * N6 (spec/models.md §0.1): PyG-style message passing over the training edges in both directions,
 * on the stacked [users; items] node table. Every edge is one entry of a CSR pattern whose row is the
 * receiving node and whose column is the sender, so "aggregate the messages of a node's incoming
 * edges" is one sparse product and "softmax over incoming edges" is a per-row softmax.
 *
 * <p>Example: user 0 rated items 0 and 1 (node rows 1 and 2 with one user); row 0 of the pattern is
 * {1, 2}, rows 1 and 2 are {0}. A mean aggregation gives node 0 the average of nodes 1 and 2.
 *
 * <p>Edges are the distinct training pairs (as {@link UserItemGraph} keeps them); nodes without edges
 * receive zero, as PyG's scatter does.
 */
public final class MessagePassing {
    private final EdgePattern pattern, intoItems, intoUsers;
    private final CsrMatrix mean;

    private MessagePassing(int numUsers, CsrMatrix pattern) {
        this.pattern = EdgePattern.of(pattern);
        int[] ptr = pattern.rowPtr();
        float[] inv = new float[pattern.nnz()];
        for (int r = 0; r < pattern.rows(); r++) {
            int deg = ptr[r + 1] - ptr[r];
            for (int e = ptr[r]; e < ptr[r + 1]; e++) inv[e] = 1f / deg;
        }
        this.mean = pattern.withValues(inv);
        // Item rows only (users receive nothing): a user→item edge list in PyG's source→target flow.
        int[] itemPtr = ptr.clone();
        Arrays.fill(itemPtr, 0, numUsers + 1, 0);
        int userEntries = ptr[numUsers];
        for (int r = numUsers + 1; r < itemPtr.length; r++) itemPtr[r] -= userEntries;
        int[] cols = Arrays.copyOfRange(pattern.colIdx(), userEntries, pattern.nnz());
        float[] ones = new float[cols.length];
        Arrays.fill(ones, 1f);
        this.intoItems = EdgePattern.of(new CsrMatrix(pattern.rows(), pattern.cols(), itemPtr, cols, ones));
        // User rows only: each user receives from its items.
        int[] userPtr = ptr.clone();
        Arrays.fill(userPtr, numUsers + 1, userPtr.length, userEntries);
        float[] userOnes = new float[userEntries];
        Arrays.fill(userOnes, 1f);
        this.intoUsers = EdgePattern.of(new CsrMatrix(pattern.rows(), pattern.cols(), userPtr,
                Arrays.copyOf(pattern.colIdx(), userEntries), userOnes));
    }

    /** Both directions of every training edge. */
    public static MessagePassing bothDirections(UserItemGraph graph) {
        CsrMatrix norm = graph.symmetricNorm();
        float[] ones = new float[norm.nnz()];
        Arrays.fill(ones, 1f);
        return new MessagePassing(graph.numUsers(), norm.withValues(ones));
    }

    /** The pattern, all values 1: row = receiving node, columns = its senders. */
    public EdgePattern pattern() {
        return pattern;
    }

    /** The user→item half only: item rows receive from their users, user rows are empty. */
    public EdgePattern userToItem() {
        return intoItems;
    }

    /** The item→user half only: user rows receive from their items, item rows are empty. */
    public EdgePattern itemToUser() {
        return intoUsers;
    }

    public int numNodes() {
        return pattern.rows();
    }

    /** PyG aggr='mean': each node gets the mean of its neighbours' rows, 1/deg per edge. */
    public Tensor mean(Tensor x) {
        return Tensor.spmm(mean, x);
    }

    /** {@link #mean} at the given nodes only: row p is the mean over the neighbours of node rows[p]. */
    public Tensor mean(Tensor x, int[] rows) {
        int[] ptr = mean.rowPtr(), sub = new int[rows.length + 1];
        for (int p = 0; p < rows.length; p++) sub[p + 1] = sub[p] + ptr[rows[p] + 1] - ptr[rows[p]];
        int[] cols = new int[sub[rows.length]];
        float[] vals = new float[cols.length];
        for (int p = 0; p < rows.length; p++) {
            System.arraycopy(mean.colIdx(), ptr[rows[p]], cols, sub[p], sub[p + 1] - sub[p]);
            System.arraycopy(mean.values(), ptr[rows[p]], vals, sub[p], sub[p + 1] - sub[p]);
        }
        return Tensor.spmm(new CsrMatrix(rows.length, mean.cols(), sub, cols, vals), x);
    }

    /**
     * Dot-product attention over incoming edges on the given pattern (this one's, or {@link #userToItem}):
     * α_e = softmax over the receiver's edges of x[receiver]·x[sender]. nnz×1 in CSR order.
     */
    public static Tensor attention(EdgePattern edges, Tensor x) {
        return SparseOps.rowSoftmax(edges.csr(), EdgeOps.dot(edges, x, x));
    }

    /** Σ over incoming edges of value_e · x[sender] (PyG aggr='add' with per-edge weights). */
    public static Tensor weightedSum(EdgePattern edges, Tensor edgeValues, Tensor x) {
        return EdgeOps.spmm(edges, edgeValues, x);
    }
}
