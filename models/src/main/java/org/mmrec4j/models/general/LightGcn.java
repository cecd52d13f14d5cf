package org.mmrec4j.models.general;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
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
    private final Tensor users, items;
    private final CsrMatrix adjacency;
    private final int numUsers;

    public LightGcn(ModelContext ctx, Options opt) {
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        users = params.xavierUniform("user", ctx.numUsers(), opt.dim(), ctx.rng().split("user"));
        items = params.xavierUniform("item", ctx.numItems(), opt.dim(), ctx.rng().split("item"));
        adjacency = ctx.userItemGraph().symmetricNorm();
    }

    public static LightGcn create(ModelContext ctx) {
        return new LightGcn(ctx, Options.from(ctx.config()));
    }

    private Embeddings propagate() {
        Tensor nodes = Propagation.layerMean(adjacency, Tensor.concatRows(users, items), opt.layers());
        return Embeddings.split(nodes, numUsers);
    }

    @Override
    public Tensor loss(Batch b) {
        Embeddings e = propagate();
        Tensor u = e.users().gatherRows(b.users());
        Tensor loss = Losses.bprGamma(u.rowDot(e.items().gatherRows(b.positives())),
                u.rowDot(e.items().gatherRows(b.negatives())));
        Tensor reg = Losses.embReg(users.gatherRows(b.users()), items.gatherRows(b.positives()), items.gatherRows(b.negatives()));
        return loss.add(reg.scale((float) opt.regWeight()));
    }

    @Override
    public Scorer scorer() {
        try (var off = Grad.off()) {
            return propagate().dotScorer();
        }
    }

    @Override
    public Params params() {
        return params;
    }
}
