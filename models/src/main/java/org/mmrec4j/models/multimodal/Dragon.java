package org.mmrec4j.models.multimodal;

import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.block.BlockFusion;
import org.mmrec4j.models.block.PreferenceGraphModel;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.block.PreferenceGraphBranches;
import org.mmrec4j.models.block.SampledUserGraph;

/**
 * DRAGON (spec/models.md §12), MMRec's version, over the M modalities present.
 * <pre>
 *   out_m  = x_m + Agg(x_m) + Agg²(x_m),  x_m = norm([pref_m ; MLP_m(X_m)])    ({@link PreferenceGraphBranches})
 *   item   = [out_1[i] ; … ; out_M[i]]                         M·d wide
 *   user   = [ω_{u,1}·out_1[u] ; … ; ω_{u,M}·out_M[u]]
 *   item  ← item + G·item   (n_mm_layers times: item + G^L·item)   G = Σ_m w_m·K1(X_m, knn_k), frozen
 *   user  ← user + S·user                                       S: the epoch's 40-slot user graph ({@link SampledUserGraph})
 *   s(u,i) = user·item
 *   loss   = BPR-log2 + λ·[Σ_m mean(pref_m[u]²) + mean(ω²)]    u over the batch rows; ω over the whole table
 * </pre>
 * K1 is the binary top-k cosine graph of the raw features, self included, with entries 1/k (MMRec adds
 * 1e-7 to the degree k, below float32 resolution). Graph weights: mm_image_weight to the modality named
 * "image" and the rest shared equally by the others, MMRec's two-modality 0.1/0.9; without an "image"
 * modality equal weights; one modality uses its own graph. Overlapping entries add, as a torch sparse sum.
 * ω is Xavier-normal, soft-maxed over modalities once at init, then trained raw. Prediction uses the
 * representation of the last training batch, as the reference's cached {@code result_embed}.
 *
 * <p>Deliberate differences from the reference:
 * <ul>
 *   <li>With one modality there is no ω: the reference then uses out_m[u] unweighted and regularises an
 *       ω that does nothing else.
 *   <li>The user graph comes from the training edges ({@link org.mmrec4j.graph.UserUserGraph}), not
 *       {@code user_graph_dict.npy}; equal counts rank the lower user index first. kNN ties go to the lower
 *       item index (torch.topk leaves both unspecified).
 *   <li>Parameters the reference registers but never uses (the trainable feature copies, image_trs,
 *       text_trs, MLP_v, MLP_t, MLP_user, weight_i) and the modality-dropped edge sets are not built, so
 *       feat_embed_dim (read only by image_trs/text_trs) is not a key.
 *   <li>n_layers sets the number of Agg layers (the reference ignores the key and hard-codes 2, the
 *       default) and embedding_size sets d (hidden 4d; the reference hard-codes 64).
 * </ul>
 */
public final class Dragon extends PreferenceGraphModel {

    public record Options(int dim, int layers, int mmLayers, int knnK, double imageWeight, double regWeight, String aggrMode) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.nonNegative("n_layers", layers, "n_mm_layers", mmLayers);
            Checks.arg(knnK >= 1, "knn_k must be >= 1, got %s", knnK);
            Checks.arg(imageWeight >= 0 && imageWeight <= 1, "mm_image_weight must be in [0, 1], got %s", imageWeight);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
            Checks.arg("add".equals(aggrMode), "aggr_mode must be 'add' (the only mode MMRec searches), got '%s'", aggrMode);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("n_layers"), c.getInt("n_mm_layers"), c.getInt("knn_k"),
                    c.getDouble("mm_image_weight"), c.getDouble("reg_weight"), c.getString("aggr_mode"));
        }
    }

    private final Options opt;
    private final CsrMatrix itemGraph;
    /** diag(0, G), for n_mm_layers ≥ 2 only. */
    private final CsrMatrix itemOnlyGraph;

    public Dragon(ModelContext ctx, Options opt) {
        // The frozen kNN graph draws no random numbers, so building it first leaves every stream as it was.
        this(ctx, opt, ItemGraphs.imageWeightedKnn(ItemGraphs.cache(ctx.config()), ModalityInputs.require(ctx, "DRAGON"), opt.knnK(),
                opt.imageWeight()));
    }

    private Dragon(ModelContext ctx, Options opt, CsrMatrix itemGraph) {
        super(ctx, "DRAGON", opt.dim(), opt.layers(), opt.regWeight(), opt.mmLayers() == 1 ? itemGraph : null);
        this.opt = opt;
        this.itemGraph = itemGraph;
        int numItems = ctx.numItems();
        this.itemOnlyGraph = opt.mmLayers() <= 1 ? null
                : PreferenceGraphBranches.blockDiagonal(new CsrMatrix(numUsers, numUsers, new int[numUsers + 1], new int[0], new float[0]),
                        itemGraph, numItems);
    }

    public static Dragon create(ModelContext ctx) {
        return new Dragon(ctx, Options.from(ctx.config()));
    }

    CsrMatrix itemGraph() {
        return itemGraph;
    }

    /**
     * The final stacked [users; items] table: concatenation fusion, then items ← items + G^L·items and
     * users ← users + S·users, both from the fused table.
     */
    @Override
    protected Tensor forward() {
        Tensor e = BlockFusion.weightedConcat(branches.propagate(), userWeights, numUsers, branches.count(), branches.layerSumFactor());
        Tensor out = e.add(userGraphs.nodeGraph().multiply(e));
        if (opt.mmLayers() <= 1) return out; // diag(S, G) or diag(S, 0) did both updates
        Tensor h = e;
        for (int l = 0; l < opt.mmLayers(); l++) h = itemOnlyGraph.multiply(h);
        return out.add(h);
    }
}
