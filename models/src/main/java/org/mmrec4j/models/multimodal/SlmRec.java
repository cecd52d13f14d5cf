package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.loss.SoftmaxCrossEntropy;

/**
 * SLMRec (Tao et al., TMM'22; MMRec version, spec/models.md §8) over M ≥ 1 modalities.
 *
 * <p>Features X_m are L2-normalised once; f_m = X_m W_m + b_m (Xavier W). Views, each a LightGCN
 * layer mean over N5 with {@code layer_num} layers, sharing the user table P: (U_0, I_0) from [P; Q]
 * and (U_m, I_m) from [P; f_m]. Fusion: user = Lin(d(1+M)→d)([U_0 … U_M]), item likewise (concat).
 * Loss over a batch of (u, i⁺):
 * CE of the B×B logits norm(user_b)·norm(item_b)/temp with the diagonal as target (negatives unused)
 * + ssl_alpha · FAC, where FAC is a chain of in-batch CE terms on the positives' view outputs:
 * x_0 = I_0[i⁺], x_m = h_m(x_{m−1}), L_m = CE(x_m · k_m(I_m[i⁺])ᵀ / ssl_temp), no normalisation.
 * Score: user·item.
 *
 * <p>The FAC chain for M modalities (MMRec only has M = 2: image, then text):
 * <ul>
 *   <li>M = 1: h_1, k_1 = Lin(d→d) — MMRec's image-only ("kwai") branch;</li>
 *   <li>M ≥ 2: levels 1..M−1 use h_m, k_m = Lin(d→d); the last level works at d/2 with
 *       h_M = Lin(d→d/2)∘Lin(d→d) and k_M = Lin(d→d/2). For M = 2 this is exactly MMRec's g₁, g₂ (image)
 *       and g₅∘g₃, g₆ (text): g₃ is the projector of the original SLMRec's audio level, whose
 *       contrast term MMRec dropped but whose map it kept in the chain.</li>
 * </ul>
 * Modalities enter the chain in {@link org.mmrec4j.data.FeatureSet#names()} order (image, text, rest),
 * so TikTok's audio takes the reference's second ("text") slot, as in the reference run.
 *
 * <p>Deviations: MMRec predicts σ(user·item) with the embeddings cached in the last training batch,
 * i.e. before that batch's optimizer step; we score user·item from the current parameters (σ is
 * monotone, so rankings are those of the dot product). MMRec also creates the unused audio map g₄,
 * which only weight decay ever touches; we do not create it. The {@code reg} key is accepted and
 * ignored, as in MMRec, whose loss never reads it.
 *
 * <p>Speed, all exact up to float rounding: everything after the views is row-wise, so a batch
 * propagates to its own rows only; the views are one wide propagation; by linearity the modality
 * views are LM([P; 0]) + LM([0; X̂_m]) W_m + LM([0; 1]) b_m with the last two propagated once at
 * construction (when they fit {@link #PRECOMPUTE_LIMIT}); the in-batch CE terms use the fused
 * {@link SoftmaxCrossEntropy}.
 */
public final class SlmRec implements Recommender {

    public record Options(int dim, int layers, double temp, double sslTemp, double sslAlpha) {
        public Options {
            Checks.arg(dim > 1 && dim % 2 == 0, "recdim must be an even number > 1 (FAC's last level is recdim/2), got %s", dim);
            Checks.arg(layers >= 0, "layer_num must be >= 0, got %s", layers);
            Checks.arg(temp > 0, "temp must be > 0, got %s", temp);
            Checks.arg(sslTemp > 0, "ssl_temp must be > 0, got %s", sslTemp);
            Checks.arg(sslAlpha >= 0, "ssl_alpha must be >= 0, got %s", sslAlpha);
        }

        public static Options from(Config c) {
            String task = c.getString("ssl_task");
            Checks.arg(task.equals("FAC"), "ssl_task '%s' is not implemented; only FAC (MMRec's default) is", task);
            String fusion = c.getString("mm_fusion_mode");
            // MMRec's "mean" mode feeds a d-wide mean into its d(1+M)-wide fusion layer and fails.
            Checks.arg(fusion.equals("concat"), "mm_fusion_mode '%s' is not supported; only concat (MMRec's default) is", fusion);
            return new Options(c.getInt("recdim"), c.getInt("layer_num"), c.getDouble("temp"), c.getDouble("ssl_temp"),
                    c.getDouble("ssl_alpha"));
        }
    }

    /** One FAC level: the anchor map(s) applied to the previous level and the key map of its modality. */
    private record FacLevel(List<Linear> anchor, Linear key) {
        Tensor advance(Tensor previous) {
            Tensor x = previous;
            for (Linear l : anchor) x = l.apply(x);
            return x;
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final int numUsers, numNodes;
    private final Tensor users, items;
    private final List<Tensor> features = new ArrayList<>();   // L2-normalised X_m, constant
    private final List<Linear> projections = new ArrayList<>();
    private final Linear fuseUsers, fuseItems;
    private final List<FacLevel> fac = new ArrayList<>();
    private final CsrMatrix adjacency;
    /** LM(N5, [0; X̂_m]) per modality and LM(N5, [0; 1]), or null when they would exceed the float budget. */
    private final List<Tensor> propagatedFeatures;
    private final Tensor propagatedOnes;

    /** Above this many floats ((n_u + n_i)·Σ d_m), features are projected and propagated every batch instead. */
    public static final long PRECOMPUTE_LIMIT = 1L << 27;

    public SlmRec(ModelContext ctx, Options opt) {
        this(ctx, opt, PRECOMPUTE_LIMIT);
    }

    /** @param precomputeLimit float budget for the propagated features; 0 always takes the per-batch path */
    public SlmRec(ModelContext ctx, Options opt, long precomputeLimit) {
        ModalityInputs.require(ctx, "SLMRec");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numNodes = ctx.numUsers() + ctx.numItems();
        Rng rng = ctx.rng();
        int d = opt.dim();
        Embeddings ids = Embeddings.xavierUniformTables(params, ctx.numUsers(), ctx.numItems(), opt.dim(), rng);
        users = ids.users();
        items = ids.items();
        List<String> names = ctx.features().names();
        for (String m : names) {
            FeatureMatrix x = ctx.features().get(m);
            features.add(Tensor.wrap(x.rows(), x.cols(), x.data()).normalizeRows());
            projections.add(Linear.xavier(params, "proj." + m, x.cols(), d, rng));
        }
        int fusedWidth = d * (1 + names.size());
        fuseUsers = Linear.xavier(params, "fuse.user", fusedWidth, d, rng);
        fuseItems = Linear.xavier(params, "fuse.item", fusedWidth, d, rng);
        for (int k = 0; k < names.size(); k++) {
            String p = "fac." + names.get(k);
            boolean last = k == names.size() - 1 && names.size() > 1;
            List<Linear> anchor = last
                    ? List.of(Linear.xavier(params, p + ".anchor_mid", d, d, rng), Linear.xavier(params, p + ".anchor", d, d / 2, rng))
                    : List.of(Linear.xavier(params, p + ".anchor", d, d, rng));
            fac.add(new FacLevel(anchor, Linear.xavier(params, p + ".key", d, last ? d / 2 : d, rng)));
        }
        adjacency = ctx.userItemGraph().symmetricNormRowSums();
        long size = 0;
        for (Tensor x : features) size += (long) numNodes * x.cols();
        if (size > 0 && size <= precomputeLimit) {
            propagatedFeatures = new ArrayList<>();
            for (Tensor x : features) propagatedFeatures.add(propagateItemColumns(x));
            float[] ones = new float[ctx.numItems()];
            Arrays.fill(ones, 1f);
            propagatedOnes = propagateItemColumns(Tensor.wrap(ctx.numItems(), 1, ones));
        } else {
            propagatedFeatures = null;
            propagatedOnes = null;
        }
    }

    /** LM(N5, [0; x]) for an item-row table x: a constant. */
    private Tensor propagateItemColumns(Tensor x) {
        try (var off = Grad.off()) {
            return Propagation.layerMean(adjacency, Tensor.concatRows(Tensor.zeros(numUsers, x.cols()), x), opt.layers());
        }
    }

    public static SlmRec create(ModelContext ctx) {
        return new SlmRec(ctx, Options.from(ctx.config()));
    }

    /**
     * The 1+M views at the given sorted node rows (all rows when null), side by side: row r is
     * [U_0 | U_1 | … | U_M] or [I_0 | … | I_M], the concat fusion's input. Propagation acts on columns
     * independently, so the views are one wide product.
     */
    private Tensor views(int[] rows) {
        int nu = numUsers, ni = numNodes - numUsers;
        if (propagatedFeatures == null) {
            Tensor[] userCols = new Tensor[1 + features.size()], itemCols = new Tensor[userCols.length];
            Arrays.fill(userCols, users);
            itemCols[0] = items;
            for (int k = 0; k < features.size(); k++) itemCols[k + 1] = projections.get(k).apply(features.get(k));
            return propagate(Tensor.concatRows(Tensor.concatCols(userCols), Tensor.concatCols(itemCols)), rows);
        }
        // Linearity: view_m = LM([P; X̂_m W_m + b_m]) = LM([P; 0]) + LM([0; X̂_m]) W_m + LM([0; 1]) b_m, the
        // last two propagated once at construction. Only [P | P ; Q | 0] (2d wide) is propagated per call.
        Tensor base = propagate(Tensor.concatRows(Tensor.concatCols(users, users), Tensor.concatCols(items, Tensor.zeros(ni, opt.dim()))), rows);
        Tensor shared = base.sliceCols(opt.dim(), 2 * opt.dim());
        Tensor ones = rows == null ? propagatedOnes : propagatedOnes.gatherRows(rows);
        Tensor[] parts = new Tensor[1 + features.size()];
        parts[0] = base.sliceCols(0, opt.dim());
        for (int k = 0; k < features.size(); k++) {
            Tensor x = rows == null ? propagatedFeatures.get(k) : propagatedFeatures.get(k).gatherRows(rows);
            Linear proj = projections.get(k);
            parts[k + 1] = shared.add(x.matmul(proj.weight())).add(ones.matmul(proj.bias()));
        }
        return Tensor.concatCols(parts);
    }

    private Tensor propagate(Tensor table, int[] rows) {
        return rows == null ? Propagation.layerMean(adjacency, table, opt.layers()) : Propagation.layerMeanAt(adjacency, table, opt.layers(), rows);
    }

    @Override
    public Tensor loss(Batch b) {
        int[] pos = new int[b.size()];
        for (int k = 0; k < pos.length; k++) pos[k] = b.positives()[k] + numUsers;
        // Everything downstream of the views is row-wise, so the views are needed at the batch's rows only.
        BatchRows touched = BatchRows.of(numNodes, b.users(), pos);
        Tensor views = views(touched.rows());
        Tensor user = fuseUsers.apply(views.gatherRows(touched.local(b.users())));
        Tensor itemViews = views.gatherRows(touched.local(pos));
        Tensor item = fuseItems.apply(itemViews);
        Tensor main = SoftmaxCrossEntropy.diagonalMean(user.normalizeRows().matmulT(item.normalizeRows()), (float) (1 / opt.temp()), b.weighting());
        return main.add(fac(itemViews).scale((float) opt.sslAlpha()));
    }

    /** The fine-and-coarse chain over the positives' views (columns [0, d) are the ID view). */
    private Tensor fac(Tensor itemViews) {
        int d = opt.dim();
        Tensor x = itemViews.sliceCols(0, d), total = null;
        for (int k = 0; k < fac.size(); k++) {
            FacLevel level = fac.get(k);
            x = level.advance(x);
            Tensor key = level.key().apply(itemViews.sliceCols((k + 1) * d, (k + 2) * d));
            Tensor term = SoftmaxCrossEntropy.diagonalMean(x.matmulT(key), (float) (1 / opt.sslTemp()));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public Embeddings scoringEmbeddings() {
        Embeddings views = Embeddings.split(views(null), numUsers);
        return new Embeddings(fuseUsers.apply(views.users()), fuseItems.apply(views.items()));
    }

    @Override
    public Params params() {
        return params;
    }

    /** The loss reads (u, i⁺) only: in-batch items are the negatives. */
    @Override
    public boolean usesNegatives() {
        return false;
    }
}
