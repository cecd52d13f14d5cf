package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.block.ViewRows;
import org.mmrec4j.models.loss.MultiViewLoss;

/**
 * MGCN, multi-view graph convolution (ACM MM'23; spec/models.md §13), over any number M of modalities.
 *
 * <pre>
 * purifier   Ĩ_m = Q ⊙ σ(Lin_m(proj_m(F_m)))          F_m trainable copy of the features, proj_m = Lin(d_m→d)
 * content    C   = mean(E⁰, N2·E⁰, …, N2^L·E⁰)          E⁰ = [P; Q], L = n_ui_layers, N2 = D^{-1/2}AD^{-1/2}, no ε
 * views      H_m = G_m^{n_layers}·Ĩ_m,  V_m = [R̂·H_m ; H_m]   G_m = K3(X_m, knn_k) from raw features, frozen
 * fuser      a_m = q(V_m), q = Lin(d→d) → tanh → Lin(d→1, no bias);  β = softmax_m(a)
 *            V_c = Σ_m β_m V_m,  S'_m = σ(Lin'_m(C)) ⊙ (V_m − V_c)
 *            side = (Σ_m S'_m + V_c) / (M + 1)
 * final      E = C + side,  s(u, i) = E_u · E_i
 * loss       BPR-ls(E_u, E_i⁺, E_i⁻) + reg_weight·BatchSq(E_u, E_i⁺, E_i⁻)
 *            + cl_loss·[NCE-batch(side_i⁺, C_i⁺) + NCE-batch(side_u, C_u)],  τ = 0.2
 * </pre>
 *
 * BatchSq is taken on the final rows E (MMRec's {@code bpr_loss} receives {@code ua_embeddings[users]}
 * and the item rows), divided by the nominal {@code train_batch_size}. Trained with
 * {@code learning_rate_scheduler: [0.96, 50]} from MGCN.yaml.
 *
 * <p>Deviations from MMRec's mgcn.py, all deliberate:
 * <ul>
 *   <li>M modalities: the reference hard-codes two and divides by 3; this divides by M + 1, which is 3
 *       for two. With one modality β = 1, the specific part is 0 and side = V_1 / 2.</li>
 *   <li>Per batch, C, the views' user rows and everything after them are evaluated at the batch's
 *       users, positives and negatives only (exact: those steps are row-wise or a LightGCN layer mean).
 *       The purified item tables are computed in full, because a user's R̂·H_m reads all of the user's
 *       items and their G_m neighbours (about 98% of TikTok's items for a batch of 2048): projecting
 *       only the batch's own item rows would NOT be exact, and the exact 2-hop support saves nothing.</li>
 *   <li>The InfoNCE terms run over the distinct users / positives of the batch with multiplicities
 *       ({@link org.mmrec4j.models.loss.InBatchInfoNce#ofDistinct}): the same value as the reference's
 *       B×B logits with repeated rows, up to float summation order.</li>
 *   <li>knn_k is capped at the item count (the reference's topk would fail on tiny data).</li>
 *   <li>N2 and K3 values are computed in double and rounded once (the reference uses float32 throughout).</li>
 * </ul>
 */
public final class Mgcn implements Recommender {
    static final float TEMPERATURE = 0.2f;

    public record Options(int dim, int uiLayers, int itemLayers, int knnK, double regWeight, double clWeight, int batchSize) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.nonNegative("n_ui_layers", uiLayers, "n_layers", itemLayers);
            Checks.arg(knnK >= 1, "knn_k must be >= 1, got %s", knnK);
            Checks.nonNegative("reg_weight", regWeight, "cl_loss", clWeight);
            Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("n_ui_layers"), c.getInt("n_layers"), c.getInt("knn_k"),
                    c.getDouble("reg_weight"), c.getDouble("cl_loss"), c.getInt("train_batch_size"));
        }
    }

    /** One modality's trainable table, maps and frozen item graph. */
    private record Modality(Tensor features, Linear projection, Linear purifier, Linear preference, CsrMatrix graph) {}

    private final Options opt;
    private final Params params = new Params();
    private final int numUsers, numItems;
    /** [P; Q] in one table: the content propagation needs the stacked form. */
    private final Tensor nodes;
    private final CsrMatrix adjacency, userItemBlock;
    private final List<Modality> modalities = new ArrayList<>();
    private final Linear query, queryScore;

    public Mgcn(ModelContext ctx, Options opt) {
        ModalityInputs.require(ctx, "MGCN");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        Rng rng = ctx.rng();
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, opt.dim(), rng);
        adjacency = ctx.userItemGraph().symmetricNormNoEps();
        userItemBlock = ctx.userItemGraph().userItemBlockNoEps();
        for (String name : ctx.features().names()) {
            FeatureMatrix raw = ctx.features().get(name);
            modalities.add(new Modality(
                    ModalityInputs.trainableTable(params, "features." + name, raw),
                    Linear.create(params, "projection." + name, raw.cols(), opt.dim(), true, rng),
                    Linear.create(params, "purifier." + name, opt.dim(), opt.dim(), true, rng),
                    Linear.create(params, "preference." + name, opt.dim(), opt.dim(), true, rng),
                    ItemGraphs.k3(raw, opt.knnK())));
        }
        query = Linear.create(params, "query", opt.dim(), opt.dim(), true, rng);
        queryScore = Linear.create(params, "query.score", opt.dim(), 1, false, rng);
    }

    public static Mgcn create(ModelContext ctx) {
        return new Mgcn(ctx, Options.from(ctx.config()));
    }

    MultiViewLoss.Views forward(ViewRows rows) {
        Tensor items = nodes.sliceRows(numUsers, numUsers + numItems);
        Tensor content = rows.content(adjacency, nodes, opt.uiLayers());
        int m = modalities.size();
        Tensor[] views = new Tensor[m], scores = new Tensor[m];
        for (int k = 0; k < m; k++) {
            Modality mod = modalities.get(k);
            Tensor purified = items.mul(mod.purifier().apply(mod.projection().apply(mod.features())).sigmoid());
            views[k] = rows.view(ViewRows.propagate(mod.graph(), purified, opt.itemLayers()));
            scores[k] = queryScore.apply(query.apply(views[k]).tanh());
        }
        Tensor beta = Tensor.concatCols(scores).softmaxRows();
        Tensor common = views[0].mul(beta.sliceCols(0, 1));
        for (int k = 1; k < m; k++) common = common.add(views[k].mul(beta.sliceCols(k, k + 1)));
        Tensor side = common;
        for (int k = 0; k < m; k++) {
            Tensor gate = modalities.get(k).preference().apply(content).sigmoid();
            side = side.add(gate.mul(views[k].sub(common)));
        }
        side = side.scale(1f / (m + 1));
        return new MultiViewLoss.Views(content.add(side), side, content);
    }

    @Override
    public Tensor loss(Batch b) {
        ViewRows rows = ViewRows.of(b, userItemBlock);
        return MultiViewLoss.of(forward(rows), rows, b, opt.regWeight(), opt.clWeight(), opt.batchSize(), TEMPERATURE);
    }

    /** The reference's computation: every row evaluated, then the batch's rows picked. For exactness tests. */
    Tensor lossOverAllRows(Batch b) {
        ViewRows all = ViewRows.all(userItemBlock);
        return MultiViewLoss.of(forward(all), all, b, opt.regWeight(), opt.clWeight(), opt.batchSize(), TEMPERATURE);
    }

    @Override
    public Embeddings scoringEmbeddings() {
        return Embeddings.split(forward(ViewRows.all(userItemBlock)).all(), numUsers);
    }

    @Override
    public Params params() {
        return params;
    }
}
