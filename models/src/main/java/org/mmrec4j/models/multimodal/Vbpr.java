package org.mmrec4j.models.multimodal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ColdItemScoring;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.ModalityProjection.BiasInit;
import org.mmrec4j.models.block.ModalityProjection.WeightInit;
import org.mmrec4j.models.block.ModalityProjection;
import org.mmrec4j.models.general.Bpr;
import org.mmrec4j.models.loss.Losses;

/**
 * VBPR, MMRec's "recommended version" (He and McAuley, AAAI'16; spec/models.md §3).
 *
 * <pre>
 *   x_i = [x_i^m1; x_i^m2; …]                 all modalities, frozen, in FeatureSet order
 *   h_i = [q_i; W x_i + b] ∈ R^{2d}           q_i ∈ R^d, W ∈ R^{d × Σ d_m}
 *   s(u, i) = p_u · h_i                       p_u ∈ R^{2d}
 *   L = BPR-γ(s(u, i⁺), s(u, i⁻)) + λ·EmbReg(p_u, h_{i⁺}, h_{i⁻})
 * </pre>
 *
 * P and Q are Xavier-uniform; W is Xavier-normal with a zero bias (MMRec's xavier_normal_initialization).
 * A batch projects only the distinct items it touches, which is exact because the projection is row-wise.
 *
 * <p>Deviations: MMRec concatenates text first, then image; we concatenate in FeatureSet order (image,
 * text, then the rest). That permutes the columns of W only: with i.i.d. Xavier-normal entries the model
 * and its training are the same in distribution. Like MMRec (and unlike the paper), there are no biases
 * and no separate visual user factor.
 *
 * <p>Cold items (features only, no q_i) get h_i = [0; W x_i + b]: the content half of the score, the
 * paper's reading of VBPR for items without interactions.
 */
public final class Vbpr implements Recommender, ColdItemScoring {

    /** VBPR's keys are BPR's: embedding_size (d, the ID half; users are 2d wide) and reg_weight. */
    private final Bpr.Options opt;
    private final Params params = new Params();
    private final Tensor users, items;
    private final ModalityProjection content;

    public Vbpr(ModelContext ctx, Bpr.Options opt) {
        Checks.arg(!ctx.features().isEmpty(), "VBPR needs at least one item feature modality (e.g. image_feat.npy); the dataset has none");
        this.opt = opt;
        users = params.xavierUniform("user", ctx.numUsers(), 2 * opt.dim(), ctx.rng().split("user"));
        items = params.xavierUniform("item", ctx.numItems(), opt.dim(), ctx.rng().split("item"));
        content = new ModalityProjection(ctx.features(),
                ModalityProjection.Options.linear(opt.dim(), WeightInit.XAVIER_NORMAL, BiasInit.ZERO).withConcatenate(true),
                ctx.rng().split("content"));
        params.addAll("content.", content.params());
    }

    public static Vbpr create(ModelContext ctx) {
        return new Vbpr(ctx, Bpr.Options.from(ctx.config()));
    }

    @Override
    public Tensor loss(Batch b) {
        BatchRows touched = BatchRows.of(items.rows(), b.positives(), b.negatives());
        Tensor h = itemVectors(items.gatherRows(touched.rows()), content.projectRows(content.onlyName(), touched.rows()));
        Tensor u = users.gatherRows(b.users());
        Tensor pos = h.gatherRows(touched.local(b.positives()));
        Tensor neg = h.gatherRows(touched.local(b.negatives()));
        Tensor loss = Losses.bprGamma(u.rowDot(pos), u.rowDot(neg), b.weighting());
        return loss.add(Losses.embReg(u, pos, neg).scale((float) opt.regWeight()));
    }

    /** h_i = [q_i; W x_i + b]. */
    private static Tensor itemVectors(Tensor ids, Tensor projected) {
        return Tensor.concatCols(ids, projected);
    }

    /** p_u and h_i (MMRec's VBPR has no dropout in training, so the training scores are these too). */
    @Override
    public Embeddings scoringEmbeddings() {
        return new Embeddings(users, itemVectors(items, content.projectAll(content.onlyName())));
    }

    @Override
    public Map<String, Integer> coldFeatureDims() {
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (String m : content.inputModalities(content.onlyName())) dims.put(m, content.table(m).cols());
        return dims;
    }

    @Override
    public Tensor coldItemVectors(Map<String, Tensor> features) {
        try (var off = Grad.off()) {
            String name = content.onlyName();
            Tensor projected = content.projectFeatures(name, ColdItemScoring.ordered(features, content.inputModalities(name)));
            return itemVectors(Tensor.zeros(projected.rows(), opt.dim()), projected);
        }
    }

    @Override
    public Params params() {
        return params;
    }
}
