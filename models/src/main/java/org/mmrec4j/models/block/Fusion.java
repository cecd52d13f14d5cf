package org.mmrec4j.models.block;

import java.util.List;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/**
 * Combines per-modality views (each n×d, rows aligned) into one (taxonomy §3). Element-wise or
 * concatenation, with fixed, global learned or input-dependent weights. Early fusion applies it before
 * propagation, late fusion after; the block is the same.
 */
@FunctionalInterface
public interface Fusion {

    Tensor fuse(List<Tensor> views);

    /** Element-wise mean of the views (no model calls it: MMGCN averages its branches in Mmgcn.representation). */
    static Fusion mean() {
        return views -> sumOf(views).scale(1f / views.size());
    }

    /** Element-wise sum (DualGNN's items). */
    static Fusion sum() {
        return Fusion::sumOf;
    }

    /** Σ_m w_m·view_m with constant weights (FREEDOM's graph mixture, in embedding form). */
    static Fusion fixedWeights(double... weights) {
        return views -> {
            Checks.arg(weights.length == views.size(), "%s weights for %s views", weights.length, views.size());
            Tensor out = views.get(0).scale((float) weights[0]);
            for (int m = 1; m < views.size(); m++) out = out.add(views.get(m).scale((float) weights[m]));
            return out;
        };
    }

    /** Concatenation along the embedding axis: n×Σd_m (GRCN, DRAGON, SLMRec before its Linear). */
    static Fusion concat() {
        return views -> Tensor.concatCols(views.toArray(new Tensor[0]));
    }

    /** Σ_m softmax(θ)_m·view_m with one learned logit per modality (LATTICE, DiffMM). */
    static Fusion globalSoftmax(Params params, String name, int modalities, float initialLogit) {
        float[] init = new float[modalities];
        java.util.Arrays.fill(init, initialLogit);
        Tensor logits = params.add(name, Tensor.parameter(1, modalities, init));
        return views -> weighted(views, logits.softmaxRows());
    }

    /**
     * Σ_m ω_{r,m}·view_m with a learned weight per row and modality (DualGNN's users), initialised
     * Xavier-normal and soft-maxed once at construction, then trained raw as the reference does.
     */
    static Fusion perRow(Params params, String name, int rows, int modalities, Rng rng) {
        Tensor raw = Tensor.parameter(rows, modalities, new float[rows * modalities]);
        Tensor init = new Params().xavierNormal("init", rows, modalities, rng).softmaxRows();
        System.arraycopy(init.data(), 0, raw.data(), 0, raw.size());
        Tensor w = params.add(name, raw);
        return views -> weighted(views, w);
    }

    /**
     * Query attention (MGCN): a_{r,m} = q(view_m)_r with q = Lin(d→h) → tanh → Lin(h→1, no bias),
     * β_r = softmax_m(a_r), output Σ_m β_{r,m}·view_m. The query is shared across modalities.
     */
    static Fusion queryAttention(Params params, String name, int dim, int hidden, Rng rng) {
        Tensor w1 = params.xavierUniform(name + ".w1", dim, hidden, rng.split("w1"));
        Tensor b1 = params.zeros(name + ".b1", 1, hidden);
        Tensor w2 = params.xavierUniform(name + ".w2", hidden, 1, rng.split("w2"));
        return views -> {
            Tensor[] scores = new Tensor[views.size()];
            for (int m = 0; m < scores.length; m++) scores[m] = views.get(m).matmul(w1).add(b1).tanh().matmul(w2);
            return weighted(views, Tensor.concatCols(scores).softmaxRows());
        };
    }

    /** Σ_m weights[:, m]·view_m, weights 1×M (global) or n×M (per row). */
    static Tensor weighted(List<Tensor> views, Tensor weights) {
        Checks.arg(weights.cols() == views.size(), "%s weight columns for %s views", weights.cols(), views.size());
        Tensor out = views.get(0).mul(weights.sliceCols(0, 1));
        for (int m = 1; m < views.size(); m++) out = out.add(views.get(m).mul(weights.sliceCols(m, m + 1)));
        return out;
    }

    private static Tensor sumOf(List<Tensor> views) {
        Checks.arg(!views.isEmpty(), "fusion needs at least one view");
        Tensor out = views.get(0);
        for (int m = 1; m < views.size(); m++) out = out.add(views.get(m));
        return out;
    }
}
