package org.mmrec4j.models.general;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.loss.Losses;

/**
 * BPR-MF (spec/models.md §1): s(u, i) = p_u · q_i with Xavier-normal tables and no biases.
 * Loss: BPR-γ + λ·EmbReg(p_u, q_{i⁺}, q_{i⁻}).
 */
public final class Bpr implements Recommender {

    public record Options(int dim, double regWeight) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getDouble("reg_weight"));
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final Tensor users, items;

    public Bpr(ModelContext ctx, Options opt) {
        this.opt = opt;
        users = params.xavierNormal("user", ctx.numUsers(), opt.dim(), ctx.rng().split("user"));
        items = params.xavierNormal("item", ctx.numItems(), opt.dim(), ctx.rng().split("item"));
    }

    public static Bpr create(ModelContext ctx) {
        return new Bpr(ctx, Options.from(ctx.config()));
    }

    @Override
    public Tensor loss(Batch b) {
        Tensor u = users.gatherRows(b.users());
        Tensor pos = items.gatherRows(b.positives());
        Tensor neg = items.gatherRows(b.negatives());
        Tensor loss = Losses.bprGamma(u.rowDot(pos), u.rowDot(neg), b.weighting());
        return loss.add(Losses.embReg(u, pos, neg).scale((float) opt.regWeight()));
    }

    /** p_u · q_i for every item, with gradients. */
    @Override
    public Tensor trainingScores(int[] userRows) {
        return users.gatherRows(userRows).matmulT(items);
    }

    /** The vectors whose dot product is the score, with gradients off. */
    @Override
    public Embeddings finalEmbeddings() {
        return new Embeddings(users.detach(), items.detach());
    }

    @Override
    public Params params() {
        return params;
    }
}
