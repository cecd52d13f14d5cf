package org.mmrec4j.models.loss;

import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Select;
import org.mmrec4j.engine.Tensor;

/**
 * Losses and regularisers as compositions of engine ops (no hand-written backward), with the exact
 * numerics of spec/models.md §0.3 and taxonomy §4. Score arguments are r×1 columns; embedding
 * arguments are r×d row blocks.
 */
public final class Losses {
    private Losses() {}

    // ------------------------------------------------------------ supervised, pairwise

    /** BPR-γ: −mean log(1e-10 + σ(s⁺ − s⁻)), MMRec's BPRLoss (BPR-MF, LightGCN, VBPR). */
    public static Tensor bprGamma(Tensor pos, Tensor neg) {
        return pos.sub(neg).sigmoid().addScalar(1e-10f).log().mean().neg();
    }

    /** BPR-ls: −mean lnσ(s⁺ − s⁻), the log-sigmoid form (FREEDOM, LATTICE, MGCN, ...). */
    public static Tensor bpr(Tensor pos, Tensor neg) {
        return pos.sub(neg).logSigmoid().mean().neg();
    }

    /** BPR-log2: BPR-ls / ln 2 (DualGNN, DRAGON). */
    public static Tensor bprLog2(Tensor pos, Tensor neg) {
        return bpr(pos, neg).scale((float) (1 / Math.log(2)));
    }

    /** BPR-sumB: −Σ lnσ(s⁺ − s⁻) / nominalBatch, also for a short last batch (DiffMM). */
    public static Tensor bprSum(Tensor pos, Tensor neg, int nominalBatch) {
        return pos.sub(neg).logSigmoid().sum().scale(-1f / nominalBatch);
    }

    /** Hinge: mean max(0, margin − s⁺ + s⁻). */
    public static Tensor hinge(Tensor pos, Tensor neg, float margin) {
        return neg.sub(pos).addScalar(margin).relu().mean();
    }

    // ------------------------------------------------------------ row-weighted (sample denoising: T-CE, R-CE)
    //
    // Each overload computes the same per-row terms as its plain form, asks the batch's RowWeighting for
    // constant multipliers w_b and returns mean_b(w_b·ℓ_b). With RowWeighting.NONE it is the plain loss;
    // with all weights exactly 1 (T-CE at drop rate 0, R-CE at β = 0) it runs the plain form's ops with
    // one extra multiplication by 1, so value and gradient are bit-for-bit the plain ones.

    /** BPR-ls with row weights; each row's probability is σ(s⁺ − s⁻). */
    public static Tensor bpr(Tensor pos, Tensor neg, RowWeighting w) {
        if (w == RowWeighting.NONE) return bpr(pos, neg);
        Tensor diff = pos.sub(neg);
        Tensor logLikelihood = diff.logSigmoid();
        return logLikelihood.mul(weights(w, negated(logLikelihood), sigmoidValues(diff))).mean().neg();
    }

    /** BPR-γ with row weights; each row's probability is σ(s⁺ − s⁻). */
    public static Tensor bprGamma(Tensor pos, Tensor neg, RowWeighting w) {
        if (w == RowWeighting.NONE) return bprGamma(pos, neg);
        Tensor probability = pos.sub(neg).sigmoid();
        Tensor logLikelihood = probability.addScalar(1e-10f).log();
        return logLikelihood.mul(weights(w, negated(logLikelihood), probability.data())).mean().neg();
    }

    /** BPR-log2 with row weights (BPR-ls's rows and weights, scaled by 1/ln 2). */
    public static Tensor bprLog2(Tensor pos, Tensor neg, RowWeighting w) {
        return bpr(pos, neg, w).scale((float) (1 / Math.log(2)));
    }

    /** BPR-sumB with row weights: Σ_b w_b·(−lnσ(s⁺_b − s⁻_b)) / nominalBatch; probabilities σ(s⁺ − s⁻). */
    public static Tensor bprSum(Tensor pos, Tensor neg, int nominalBatch, RowWeighting w) {
        if (w == RowWeighting.NONE) return bprSum(pos, neg, nominalBatch);
        Tensor diff = pos.sub(neg);
        Tensor logLikelihood = diff.logSigmoid();
        return logLikelihood.mul(weights(w, negated(logLikelihood), sigmoidValues(diff))).sum().scale(-1f / nominalBatch);
    }

    /**
     * BM3's symmetric reconstruction loss c(a₁, z₁) + c(a₂, z₂), c = {@link #negCosineSg}, with row
     * weights. Row b's loss is ℓ_b = 2 − cos(a₁_b, z₁_b) − cos(a₂_b, z₂_b) (so the plain loss is
     * mean_b ℓ_b) and its probability is 1 − ℓ_b/4, the row's mean cosine mapped from [−1, 1] to [0, 1].
     */
    public static Tensor negCosineSgPair(Tensor a1, Tensor z1, Tensor a2, Tensor z2, RowWeighting w) {
        if (w == RowWeighting.NONE) return negCosineSg(a1, z1).add(negCosineSg(a2, z2));
        checkPair(a1, z1);
        checkPair(a2, z2);
        Tensor cos1 = a1.normalizeRows().rowDot(z1.detach().normalizeRows());
        Tensor cos2 = a2.normalizeRows().rowDot(z2.detach().normalizeRows());
        Tensor rows = cos1.add(cos2).neg().addScalar(2f);
        float[] probability = new float[rows.rows()];
        for (int r = 0; r < probability.length; r++) probability[r] = 1f - rows.data()[r] / 4f;
        return weightedMean(rows, probability, w);
    }

    /**
     * mean_b(w_b·ℓ_b) for an r×1 column of per-row losses, with w from {@code weighting} given the row
     * losses and each row's probability of its observed outcome (in [0, 1]).
     */
    public static Tensor weightedMean(Tensor rowLosses, float[] probabilities, RowWeighting weighting) {
        Checks.arg(rowLosses.cols() == 1 && probabilities.length == rowLosses.rows(),
                "weighted mean needs an r×1 loss column and r probabilities, got %s and %s", rowLosses.shape(), probabilities.length);
        if (weighting == RowWeighting.NONE) return rowLosses.mean();
        return rowLosses.mul(weights(weighting, rowLosses.data().clone(), probabilities)).mean();
    }

    private static Tensor weights(RowWeighting w, float[] rowLosses, float[] probabilities) {
        float[] weights = w.weights(rowLosses, probabilities.clone());
        Checks.state(weights.length == rowLosses.length, "row weighting returned %s weights for %s rows", weights.length,
                rowLosses.length);
        return Tensor.wrap(weights.length, 1, weights);
    }

    /** σ of each element, outside the autograd graph (the probabilities only feed constant weights). */
    private static float[] sigmoidValues(Tensor t) {
        float[] d = t.data(), out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) (1 / (1 + Math.exp(-d[i])));
        return out;
    }

    private static float[] negated(Tensor t) {
        float[] d = t.data(), out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = -d[i];
        return out;
    }

    // ------------------------------------------------------------ supervised, pointwise

    /** Mean squared error between same-shaped tensors. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return prediction.sub(target).square().mean();
    }

    /** Binary cross-entropy on logits: mean softplus(x) − r·x, the stable form of −[r log σ + (1−r) log(1−σ)]. */
    public static Tensor bce(Tensor logits, Tensor labels) {
        return logits.softplus().sub(logits.mul(labels)).mean();
    }

    /** Cross-entropy of each row's logits against a target column: mean −log softmax(row)[target]. */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        return Select.pick(logits.logSoftmaxRows(), targets).mean().neg();
    }

    /** In-batch softmax: cross-entropy over the B×B logits a·bᵀ/τ with the diagonal as target (SLMRec, no normalisation). */
    public static Tensor inBatchSoftmax(Tensor a, Tensor b, float tau) {
        checkPair(a, b);
        return Select.diagonal(a.matmulT(b).scale(1f / tau).logSoftmaxRows()).mean().neg();
    }

    // ------------------------------------------------------------ self-supervised

    /** NCE-batch: InfoNCE on cosine critics with in-batch negatives, mean over anchors (MGCN, SMORE). */
    public static Tensor infoNceBatch(Tensor anchors, Tensor positives, float tau) {
        return inBatchSoftmax(anchors.normalizeRows(), positives.normalizeRows(), tau);
    }

    /**
     * NCE-full, one term per anchor (r×1): −log(exp(cos(a_b, p_b)/τ) / Σ_{n ∈ all} exp(cos(a_b, n)/τ)),
     * the denominator over every row of {@code all} (all users or all items). DiffMM averages the
     * terms, LGMRec sums them.
     */
    public static Tensor infoNceFullTerms(Tensor anchors, Tensor positives, Tensor all, float tau) {
        checkPair(anchors, positives);
        Tensor a = anchors.normalizeRows();
        Tensor pos = a.rowDot(positives.normalizeRows()).scale(1f / tau);
        Tensor logDenominator = logSumExpRows(a.matmulT(all.normalizeRows()).scale(1f / tau));
        return logDenominator.sub(pos);
    }

    /** Jensen–Shannon MI bound as a loss: mean softplus(−f(a,p)) + mean softplus(f(a,n)). */
    public static Tensor jensenShannon(Tensor positiveCritics, Tensor negativeCritics) {
        return positiveCritics.neg().softplus().mean().add(negativeCritics.softplus().mean());
    }

    /** Negative cosine with stop-gradient: 1 − mean cos(p, sg(z)) (BM3's C; SelfCF uses the −cos/2 form). */
    public static Tensor negCosineSg(Tensor online, Tensor target) {
        checkPair(online, target);
        return online.normalizeRows().rowDot(target.detach().normalizeRows()).mean().neg().addScalar(1f);
    }

    // ------------------------------------------------------------ regularisers

    /**
     * EmbReg: (Σ_j ‖X_j‖_F) / rows(X_last). Not squared, and divided by the row count of the last
     * argument, exactly as MMRec's EmbLoss.
     */
    public static Tensor embReg(Tensor... xs) {
        Checks.arg(xs.length > 0, "embReg needs at least one tensor");
        Tensor total = xs[0].norm();
        for (int k = 1; k < xs.length; k++) total = total.add(xs[k].norm());
        return total.scale(1f / xs[xs.length - 1].rows());
    }

    /** HalfSq: ½ Σ_j ‖X_j‖²_F, no batch division (SelfCF, LayerGCN). */
    public static Tensor halfSq(Tensor... xs) {
        return sumSquares(xs).scale(0.5f);
    }

    /** BatchSq: ½ Σ_j ‖X_j‖²_F / batchSize (LATTICE, MGCN, SMORE pass the nominal 2048). */
    public static Tensor batchSq(int batchSize, Tensor... xs) {
        return sumSquares(xs).scale(0.5f / batchSize);
    }

    /** FullSq: Σ_j ‖X_j‖²_F over whole tables (DiffMM). */
    public static Tensor fullSq(Tensor... xs) {
        return sumSquares(xs);
    }

    private static Tensor sumSquares(Tensor... xs) {
        Checks.arg(xs.length > 0, "needs at least one tensor");
        Tensor total = xs[0].square().sum();
        for (int k = 1; k < xs.length; k++) total = total.add(xs[k].square().sum());
        return total;
    }

    /** log Σ_j exp(x_rj) per row, r×1, stable through the log-softmax: lse = x_r0 − logsoftmax(x)_r0. */
    static Tensor logSumExpRows(Tensor x) {
        return x.sliceCols(0, 1).sub(x.logSoftmaxRows().sliceCols(0, 1));
    }

    private static void checkPair(Tensor a, Tensor b) {
        Checks.arg(a.rows() == b.rows() && a.cols() == b.cols(), "paired views must have the same shape, got %s and %s",
                a.shape(), b.shape());
    }
}
