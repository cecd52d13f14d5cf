package org.mmrec4j.models.multimodal;

import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.block.BlockFusion;
import org.mmrec4j.models.block.PreferenceGraphModel;
import org.mmrec4j.models.block.PreferenceGraphBranches;
import org.mmrec4j.models.block.SampledUserGraph;

/**
 * DualGNN (spec/models.md §6), MMRec's version, over the M modalities present.
 * <pre>
 *   out_m  = x_m + Agg(x_m) + Agg²(x_m),  x_m = norm([pref_m ; MLP_m(X_m)])    ({@link PreferenceGraphBranches})
 *   item   = Σ_m out_m[i]
 *   user   = ω_{u,1}·Σ_m out_m[u] + Σ_{m≥2} ω_{u,m}·out_m[u]     (reference_user_fusion, the default; see below)
 *          = Σ_m ω_{u,m}·out_m[u]                                 (reference_user_fusion = false, the paper's)
 *   user  ← user + S·user                                         S: the epoch's 40-slot user graph ({@link SampledUserGraph})
 *   s(u,i) = user·item
 *   loss   = BPR-log2 + λ·[Σ_m mean(pref_m[u]²) + mean(ω²)]      u over the batch rows; ω over the whole table
 * </pre>
 * ω ∈ R^{n_u×M} is Xavier-normal, soft-maxed over modalities once at init, then trained raw.
 * Prediction uses the representation of the last training batch (computed before that batch's
 * optimizer step), as the reference's cached {@code result_embed}; before any batch it is computed.
 *
 * <p>Deliberate differences from the reference:
 * <ul>
 *   <li>User fusion: the reference sums items with {@code representation += t_rep}, where
 *       {@code representation} is the image output tensor itself, so the in-place add turns the first
 *       modality's output into the sum before the users read it. reference_user_fusion reproduces that
 *       (it shaped the published numbers); false gives the spec's Σ_m ω_{u,m}·out_m.
 *   <li>ω_i (an item weight table used only in the regulariser) is not created: it reaches no score and
 *       no other parameter's gradient, so dropping it changes only the reported loss value.
 *   <li>With one modality there is no ω: the reference then uses out_m[u] unweighted and regularises an
 *       ω that does nothing else.
 *   <li>The user graph comes from the training edges ({@link org.mmrec4j.graph.UserUserGraph}) instead of
 *       {@code user_graph_dict.npy}; equal counts rank the lower user index first (torch.topk leaves the
 *       order unspecified). The modality-dropped edge sets, never passed to the aggregation, and the
 *       unused layers (MLP_v, MLP_t, MLP_user) are not built.
 *   <li>n_layers sets the number of Agg layers and embedding_size sets d (hidden 4d); the reference
 *       hard-codes 2 and 64, which the defaults equal.
 * </ul>
 */
public final class DualGnn extends PreferenceGraphModel {

    public record Options(int dim, int layers, double regWeight, String aggrMode, boolean referenceUserFusion) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.nonNegative("n_layers", layers, "reg_weight", regWeight);
            Checks.arg("add".equals(aggrMode), "aggr_mode must be 'add' (the only mode MMRec searches), got '%s'", aggrMode);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("n_layers"), c.getDouble("reg_weight"),
                    c.getString("aggr_mode"), c.getBoolean("reference_user_fusion"));
        }
    }

    private final Options opt;

    public DualGnn(ModelContext ctx, Options opt) {
        super(ctx, "DualGNN", opt.dim(), opt.layers(), opt.regWeight(), null);
        this.opt = opt;
    }

    public static DualGnn create(ModelContext ctx) {
        return new DualGnn(ctx, Options.from(ctx.config()));
    }

    /** The final stacked [users; items] table: fusion of the branch outputs, then users ← users + S·users. */
    @Override
    protected Tensor forward() {
        Tensor e = BlockFusion.weightedSum(branches.propagate(), userWeights, numUsers, branches.count(),
                branches.layerSumFactor(), opt.referenceUserFusion());
        return e.add(userGraphs.nodeGraph().multiply(e));
    }
}
