package org.mmrec4j.models.general;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.loss.Losses;

/**
 * LightGCN (spec/models.md §2): E = mean(E⁰, N1·E⁰, …, N1^L·E⁰) over the symmetric-normalised
 * training graph, s(u, i) = ē_u · ē_i. Loss: BPR-γ on the propagated rows + λ·EmbReg on the layer-0
 * rows of the batch (MMRec's non-squared form, not the paper's squared norm).
 */
public final class LightGcn implements Recommender {

    public record Options(int dim, int layers, double regWeight) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(layers >= 0, "n_layers must be >= 0, got %s", layers);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("n_layers"), c.getDouble("reg_weight"));
        }
    }

    private final Options opt;
    private final Params params = new Params();
    /** [users; items] in one table: propagation needs the stacked form, so no per-batch concat or split. */
    private final Tensor nodes;
    private final CsrMatrix adjacency;
    private final int numUsers;

    public LightGcn(ModelContext ctx, Options opt) {
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        nodes = Embeddings.stackedNodes(params, ctx.numUsers(), ctx.numItems(), opt.dim(), ctx.rng());
        adjacency = ctx.userItemGraph().symmetricNorm();
    }

    public static LightGcn create(ModelContext ctx) {
        return new LightGcn(ctx, Options.from(ctx.config()));
    }

    @Override
    public Tensor loss(Batch b) {
        int[] pos = BatchRows.shifted(b.positives(), numUsers), neg = BatchRows.shifted(b.negatives(), numUsers);
        // Propagate only the rows the batch touches: exact, and it skips most of the last layer's work.
        BatchRows touched = BatchRows.of(nodes.rows(), b.users(), pos, neg);
        Tensor e = Propagation.layerMeanAt(adjacency, nodes, opt.layers(), touched.rows());
        Tensor u = e.gatherRows(touched.local(b.users()));
        Tensor loss = Losses.bprGamma(u.rowDot(e.gatherRows(touched.local(pos))), u.rowDot(e.gatherRows(touched.local(neg))), b.weighting());
        Tensor reg = Losses.embReg(nodes.gatherRows(b.users()), nodes.gatherRows(pos), nodes.gatherRows(neg));
        return loss.add(reg.scale((float) opt.regWeight()));
    }

    /** ē_u and ē_i: the layer mean of the propagated table. */
    @Override
    public Embeddings scoringEmbeddings() {
        return Embeddings.split(Propagation.layerMean(adjacency, nodes, opt.layers()), numUsers);
    }

    @Override
    public Params params() {
        return params;
    }
}
