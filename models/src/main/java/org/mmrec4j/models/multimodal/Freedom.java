package org.mmrec4j.models.multimodal;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.FreedomForward;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.TrainableFeatures;
import org.mmrec4j.models.loss.Losses;

/**
 * FREEDOM (spec/models.md §10): a frozen item-item graph plus a user-item graph denoised every epoch.
 *
 * <ul>
 *   <li>G_mm = Σ_m w_m·K1(X_m, knn_k) from the raw features, built once (through the graph cache):
 *       w = mm_image_weight for the modality named "image", the rest shared equally by the others; one
 *       modality gives its own graph. Edges present in several modalities' graphs sum.
 *   <li>Each epoch, degree-sensitive pruning keeps floor(|E|(1 − dropout)) training edges drawn ∝
 *       1/sqrt(d_u d_i) and re-normalises them with the kept degrees: Â_train. Inference uses N1.
 *   <li>h = G_mm^{L_mm} Q; (P̄, Q̄) = mean(E⁰, Â E⁰, …, Â^{L_ui} E⁰); users P̄, items Q̄ + h.
 *   <li>Loss: BPR-ls(P̄, Q̄ + h) + λ Σ_m BPR-ls(P̄_u, M_m[i⁺], M_m[i⁻]) with M_m = proj_m(F_m) over
 *       trainable feature tables F_m. λ is reg_weight; there is no L2 term. M_m never enters scoring.
 * </ul>
 *
 * <p>Exact shortcuts, not deviations: the batch propagates only the rows it touches (users, positives,
 * negatives); M_m is projected only for the batch's items (the projection is row-wise); with λ = 0 the
 * feature tables and projections are not created at all, since MMRec gives them zero gradients (Adam
 * then never moves them) and they never reach a score.
 *
 * <p>Deviations: duplicate training rows count once in the pruning edge list (MMRec's COO list keeps
 * them; the MMRec datasets have none). Feature-graph modality weights generalise MMRec's two slots
 * (image weight, text 1 − weight) to any number of modalities as above.
 */
public final class Freedom implements Recommender {

    public record Options(int dim, int featDim, int knnK, double mmImageWeight, int mmLayers, int uiLayers,
                          double dropout, double regWeight) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(featDim == dim, "feat_embed_dim (%s) must equal embedding_size (%s): the modality BPR terms "
                    + "score users against projected features", featDim, dim);
            Checks.arg(knnK >= 1, "knn_k must be >= 1, got %s", knnK);
            Checks.arg(mmLayers >= 0, "n_mm_layers must be >= 0, got %s", mmLayers);
            Checks.arg(uiLayers >= 0, "n_ui_layers must be >= 0, got %s", uiLayers);
            Checks.arg(dropout < 1, "dropout must be < 1 (it is the pruned fraction of edges), got %s", dropout);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("feat_embed_dim"), c.getInt("knn_k"),
                    c.getDouble("mm_image_weight"), c.getInt("n_mm_layers"), c.getInt("n_ui_layers"),
                    c.getDouble("dropout"), c.getDouble("reg_weight"));
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final FreedomForward forward;
    /** Null when λ = 0 (see the class comment). */
    private final TrainableFeatures features;

    public Freedom(ModelContext ctx, Options opt) {
        ItemGraphs.requireFeatures(ctx.features(), "FREEDOM");
        this.opt = opt;
        forward = new FreedomForward(ctx, params, ctx.rng(), opt.dim(), opt.uiLayers(), opt.mmLayers(), opt.knnK(),
                opt.mmImageWeight(), opt.dropout());
        features = opt.regWeight() > 0 ? new TrainableFeatures(ctx.features(), opt.featDim(), params, ctx.rng().split("features")) : null;
    }

    public static Freedom create(ModelContext ctx) {
        return new Freedom(ctx, Options.from(ctx.config()));
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        forward.resample(epoch.rng());
    }

    @Override
    public Tensor loss(Batch b) {
        FreedomForward.BatchPass pass = forward.batch(b);
        Tensor loss = Losses.bpr(pass.positiveScores(), pass.negativeScores(), b.weighting());
        if (features == null) return loss;
        int[] pos = pass.pos(), neg = pass.neg(), positionOf = pass.touched().positionOf();
        int firstItem = pass.split().firstItem();
        int[] posLocal = new int[pos.length], negLocal = new int[neg.length];
        for (int k = 0; k < pos.length; k++) {
            posLocal[k] = positionOf[pos[k]] - firstItem;
            negLocal[k] = positionOf[neg[k]] - firstItem;
        }
        Tensor u = pass.users(), modal = null;
        for (int m = 0; m < features.size(); m++) {
            Tensor proj = features.projectRows(m, pass.split().items());
            Tensor term = Losses.bpr(u.rowDot(proj.gatherRows(posLocal)), u.rowDot(proj.gatherRows(negLocal)));
            modal = modal == null ? term : modal.add(term);
        }
        return loss.add(modal.scale((float) opt.regWeight()));
    }

    /**
     * Scores over the full N1 graph, as MMRec's full_sort_predict: a distillation student's KD logits use
     * N1 while its own loss uses the epoch's pruned graph (spec §20.2).
     */
    @Override
    public Embeddings scoringEmbeddings() {
        return forward.scoring();
    }

    @Override
    public Params params() {
        return params;
    }

    /** The frozen item graph (tests). */
    CsrMatrix itemGraph() {
        return forward.itemGraph();
    }

    /** The adjacency the current epoch trains on (tests). */
    CsrMatrix trainAdjacency() {
        return forward.trainAdjacency();
    }
}
