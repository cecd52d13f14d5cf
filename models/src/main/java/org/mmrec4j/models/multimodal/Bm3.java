package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.ModalityProjection.BiasInit;
import org.mmrec4j.models.block.ModalityProjection.WeightInit;
import org.mmrec4j.models.block.ModalityProjection;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.block.TableNorms;
import org.mmrec4j.models.loss.Losses;

/**
 * BM3, Bootstrap latent representations for Multi-modal recommendation (Zhou et al., WWW'23;
 * spec/models.md §9), as in MMRec.
 *
 * <pre>
 *   Ē = mean(E⁰, N1·E⁰, …, N1^L·E⁰),  E⁰ = [P; Q]       (H_u, H_i') = Ē,  H_i = H_i' + Q
 *   M_m = F_m W_m + b_m                                  F_m trainable, initialised with the features
 *   targets (no gradient):  Z = Drop_p(H_u), Drop_p(H_i), Drop_p(M_m)
 *   online: Ŷ = φ(H_u), φ(H_i), φ(M_m)                    one predictor φ = Lin(d→d) shared by all
 *   c(a, z) = 1 − mean_b cos(a_b, z_b)
 *   L = c(Ŷ_u, Z_i) + c(Ŷ_i, Z_u) + λ_reg (‖H_u‖_F + ‖H_i‖_F) / n_i
 *       + λ_cl Σ_m [c(Ŷ_m, Z_i) + c(Ŷ_m, Z_m)]            over the batch's (u, i⁺) rows, no negatives
 *   s(u, i) = φ(H_u)[u] · φ(H_i)[i]
 * </pre>
 *
 * P and Q are Xavier-uniform, W_m and φ's weight Xavier-normal, their biases PyTorch's default.
 *
 * <p>Cost. The regulariser covers every propagated row, so each batch propagates the whole graph
 * (forward and backward), as the reference does; the fused layer-mean op and one fused norm op keep
 * that to a few passes over the node table. Everything else touches the batch's distinct users and
 * items only: the predictor, the dropout targets and the modality projections, which gather the
 * batch items' feature rows before projecting. That is exact, because every map is row-wise and only
 * those rows reach the loss; the reference projects all n_i feature rows per batch.
 *
 * <p>Deviations: dropout masks are drawn for the batch's distinct rows only (the reference draws them
 * for whole tables and gathers; rows outside the batch never reach the loss, and a row repeated in a
 * batch shares its mask in both). The masks come from a per-batch stream split from the epoch
 * stream, so the numbers differ from PyTorch's while the distribution is the same.
 *
 * <p>Parity: given the reference's parameters, batch and dropout targets at its first TikTok batch, the loss,
 * every gradient and the Adam step match the reference to float rounding (bench/RESULTS.md, "BM3 against the
 * reference code").
 */
public final class Bm3 implements Recommender {

    public record Options(int dim, int layers, double regWeight, double clWeight, double dropout) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.nonNegative("n_layers", layers, "reg_weight", regWeight, "cl_weight", clWeight);
            Checks.arg(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got %s", dropout);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("n_layers"), c.getDouble("reg_weight"),
                    c.getDouble("cl_weight"), c.getDouble("dropout"));
        }
    }

    /** The batch's rows of the online representations, before the predictor; distinct users and items. */
    private record Online(BatchRows users, BatchRows items, Tensor hu, Tensor hi, List<Tensor> modalities, Tensor reg) {}

    /**
     * The dropped-out targets of one batch (constants), at the batch's distinct users and items. Exposed
     * with {@link #loss(Batch, Targets)} so tests can hold them fixed while checking the online gradient.
     */
    public record Targets(Tensor users, Tensor items, List<Tensor> modalities) {}

    private final Options opt;
    private final Params params = new Params();
    /** [P; Q] in one table: propagation needs the stacked form, so no per-batch concat or split. */
    private final Tensor nodes;
    private final Tensor predictorWeight, predictorBias;
    private final ModalityProjection modalities;
    private final CsrMatrix adjacency;
    private final int numUsers, numItems;
    private Rng targetStream;
    private long batchIndex;

    public Bm3(ModelContext ctx, Options opt) {
        Checks.arg(!ctx.features().isEmpty(), "BM3 needs at least one item feature modality (e.g. image_feat.npy); the dataset has none");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, opt.dim(), ctx.rng());
        predictorWeight = params.xavierNormal("predictor.weight", opt.dim(), opt.dim(), ctx.rng().split("predictor.weight"));
        float bound = (float) (1 / Math.sqrt(opt.dim()));
        predictorBias = params.uniform("predictor.bias", 1, opt.dim(), -bound, bound, ctx.rng().split("predictor.bias"));
        modalities = new ModalityProjection(ctx.features(),
                ModalityProjection.Options.linear(opt.dim(), WeightInit.XAVIER_NORMAL, BiasInit.PYTORCH_DEFAULT).withTrainableFeatures(true),
                ctx.rng().split("modalities"));
        params.addAll("modality.", modalities.params());
        adjacency = ctx.userItemGraph().symmetricNorm();
        targetStream = ctx.rng().split("targets");
    }

    public static Bm3 create(ModelContext ctx) {
        return new Bm3(ctx, Options.from(ctx.config()));
    }

    @Override
    public boolean usesNegatives() {
        return false;
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        targetStream = epoch.rng().split("targets");
        batchIndex = 0;
    }

    @Override
    public Tensor loss(Batch b) {
        Online o = online(b);
        return loss(b, o, targets(o, targetStream.split(batchIndex++)));
    }

    /** Draws the dropped-out targets for a batch from the next per-batch stream. */
    public Targets targets(Batch b) {
        try (var off = Grad.off()) {
            return targets(online(b), targetStream.split(batchIndex++));
        }
    }

    /** The loss with the given targets: gradient flows through the online side only. */
    public Tensor loss(Batch b, Targets t) {
        return loss(b, online(b), t);
    }

    private Online online(Batch b) {
        Tensor e = Propagation.layerMean(adjacency, nodes, opt.layers());
        BatchRows users = BatchRows.of(numUsers, b.users());
        BatchRows items = BatchRows.of(numItems, b.positives());
        int[] itemNodes = BatchRows.shifted(items.rows(), numUsers);
        Tensor hu = e.gatherRows(users.rows());
        Tensor hi = e.gatherRows(itemNodes).add(nodes.gatherRows(itemNodes));
        List<Tensor> m = new ArrayList<>();
        for (String name : modalities.names()) m.add(modalities.projectRows(name, items.rows()));
        Tensor reg = TableNorms.userAndResidualItem(e, nodes, numUsers).scale(1f / numItems);
        return new Online(users, items, hu, hi, m, reg);
    }

    private Targets targets(Online o, Rng rng) {
        float p = (float) opt.dropout();
        Tensor zu = o.hu().detach().dropout(p, rng);
        Tensor zi = o.hi().detach().dropout(p, rng);
        List<Tensor> zm = new ArrayList<>();
        for (Tensor m : o.modalities()) zm.add(m.detach().dropout(p, rng));
        return new Targets(zu, zi, zm);
    }

    private Tensor loss(Batch b, Online o, Targets t) {
        int[] u = o.users().local(b.users()), i = o.items().local(b.positives());
        Tensor zu = t.users().gatherRows(u), zi = t.items().gatherRows(i);
        Tensor rec = Losses.negCosineSgPair(predict(o.hu()).gatherRows(u), zi, predict(o.hi()).gatherRows(i), zu, b.weighting());
        Tensor cl = null;
        for (int k = 0; k < o.modalities().size(); k++) {
            Tensor ym = predict(o.modalities().get(k)).gatherRows(i);
            Tensor term = Losses.negCosineSg(ym, zi).add(Losses.negCosineSg(ym, t.modalities().get(k).gatherRows(i)));
            cl = cl == null ? term : cl.add(term);
        }
        return rec.add(o.reg().scale((float) opt.regWeight())).add(cl.scale((float) opt.clWeight()));
    }

    /** φ(x) = x·W + b, row-wise. */
    private Tensor predict(Tensor x) {
        return x.matmul(predictorWeight).add(predictorBias);
    }

    /** φ(H_u)[users] · φ(H_i)ᵀ with gradients: the scorer's scores (no dropout reaches them) on the current parameters. */
    @Override
    public Tensor trainingScores(int[] users) {
        Tensor e = Propagation.layerMean(adjacency, nodes, opt.layers());
        return predict(e.gatherRows(users)).matmulT(predict(itemRows(e))); // φ on the batch's users only
    }

    /** φ(H_u) and φ(H_i). */
    @Override
    public Embeddings scoringEmbeddings() {
        Tensor e = Propagation.layerMean(adjacency, nodes, opt.layers());
        return new Embeddings(predict(e.sliceRows(0, numUsers)), predict(itemRows(e)));
    }

    /** H_i = propagated item rows + their ID rows. */
    private Tensor itemRows(Tensor e) {
        return e.sliceRows(numUsers, numUsers + numItems).add(nodes.sliceRows(numUsers, numUsers + numItems));
    }

    @Override
    public Params params() {
        return params;
    }
}
