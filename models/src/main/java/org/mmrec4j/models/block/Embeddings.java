package org.mmrec4j.models.block;

import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;
import org.mmrec4j.eval.Scorer;

/** Final user and item representations, and the dot-product scorer over them. */
public record Embeddings(Tensor users, Tensor items) {

    /**
     * The trainable [users; items] table as one parameter named {@code nodes} (graph propagation needs
     * the stacked form). Each block keeps its own Xavier-uniform bound, as MMRec's two separate tables
     * do, drawn from {@code rng.split("user")} and {@code rng.split("item")}.
     */
    public static Tensor stackedNodes(Params params, int numUsers, int numItems, int dim, Rng rng) {
        float[] u = Params.xavierUniformValues(numUsers, dim, rng.split("user"));
        float[] i = Params.xavierUniformValues(numItems, dim, rng.split("item"));
        float[] both = java.util.Arrays.copyOf(u, u.length + i.length);
        System.arraycopy(i, 0, both, u.length, i.length);
        return params.add("nodes", Tensor.parameter(numUsers + numItems, dim, both));
    }

    /**
     * Separate "user" (numUsers×dim) and "item" (numItems×dim) tables, Xavier-uniform from rng's "user"
     * and "item" splits, registered in that order.
     */
    public static Embeddings xavierUniformTables(Params params, int numUsers, int numItems, int dim, Rng rng) {
        Tensor users = params.xavierUniform("user", numUsers, dim, rng.split("user"));
        return new Embeddings(users, params.xavierUniform("item", numItems, dim, rng.split("item")));
    }

    /** Splits a stacked [users; items] node table. */
    public static Embeddings split(Tensor nodes, int numUsers) {
        return new Embeddings(nodes.sliceRows(0, numUsers), nodes.sliceRows(numUsers, nodes.rows()));
    }

    /** Differentiable scores of the given users against every item: users[rows] · itemsᵀ. */
    public Tensor scores(int[] userRows) {
        return users.gatherRows(userRows).matmulT(items);
    }

    /**
     * A frozen dot-product scorer: s(u, i) = users[u] · items[i], one GEMM per block of users.
     * The tensors are detached so scoring never records a graph.
     */
    public Scorer dotScorer() {
        float[] u = users.detach().data(), it = items.detach().data();
        int d = users.cols(), numItems = items.rows();
        return (userRows, out) -> {
            float[] block = new float[userRows.length * d];
            for (int r = 0; r < userRows.length; r++) System.arraycopy(u, userRows[r] * d, block, r * d, d);
            try (var off = Grad.off()) {
                Gemm.gemm(false, true, userRows.length, numItems, d, 1f, block, d, it, d, 0f, out, numItems);
            }
        };
    }
}
