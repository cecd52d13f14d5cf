package org.mmrec4j.models.wrapper;

import java.util.List;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.FreedomForward;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.Linear;

/**
 * GUIDER's teacher as the released code has it (code_compat; spec/models.md §20.2): FREEDOM's forward
 * ({@link FreedomForward}: a frozen K1 feature graph G_mm on the item IDs plus LightGCN over a degree-pruned user-item graph;
 * N1 for prediction) trained with a weighted BPR-ls, −mean_b w_b lnσ(s⁺_b − s⁻_b), no regulariser.
 *
 * <p>The weights come from {@link CleanWeights}: τ_m = proj_m(X_m) per modality and the sign hashes
 * sgn(H_m τ_m), sgn(H_u ū) are fixed random functions, since sgn stops every gradient and the
 * reference's projections and hash layers therefore never train; they are computed once here (PyTorch's
 * default Linear init) instead of per batch. δ_i is ‖τ_1,i − τ_2,i‖ with two modalities (the mean over
 * pairs with more); with fewer than two modalities every weight is 1. Modality order is FeatureSet
 * order: the first plays the reference's vision slot, the second its text slot.
 */
final class HashWeightedTeacher implements GuiderTeacher {
    private final GuiderOptions opt;
    private final Params params = new Params();
    private final FreedomForward forward;
    private final int numItems, bits;
    /** Per modality n_i×bits signs of H_m τ_m; null below two modalities. */
    private final float[][] itemSigns;
    private final double[] itemDisagreement;
    private final Linear userHash;

    HashWeightedTeacher(ModelContext ctx, GuiderOptions opt, Rng rng) {
        ItemGraphs.requireFeatures(ctx.features(), "GUIDER's code_compat teacher");
        this.opt = opt;
        this.numItems = ctx.numItems();
        this.bits = opt.hashBits();
        int dim = opt.teacherDim();
        forward = new FreedomForward(ctx, params, rng, dim, opt.teacherUiLayers(), opt.teacherMmLayers(), opt.teacherKnnK(),
                opt.teacherImageWeight(), opt.teacherDropout());

        FeatureSet fs = ctx.features();
        List<String> names = fs.names();
        Params fixed = new Params(); // never stepped: the reference's sgn stops their gradients
        userHash = Linear.create(fixed, "hash.user", dim, bits, true, rng.split("hash.user"));
        if (names.size() < 2) {
            itemSigns = null;
            itemDisagreement = null;
            return;
        }
        float[][] projected = new float[names.size()][];
        itemSigns = new float[names.size()][];
        try (var off = Grad.off()) {
            for (int m = 0; m < names.size(); m++) {
                FeatureMatrix x = fs.get(names.get(m));
                Linear proj = Linear.create(fixed, "proj." + names.get(m), x.cols(), dim, true, rng.split("proj." + names.get(m)));
                Tensor tau = proj.apply(Tensor.wrap(x.rows(), x.cols(), x.data()));
                Linear hash = Linear.create(fixed, "hash." + names.get(m), dim, bits, true, rng.split("hash." + names.get(m)));
                projected[m] = tau.data();
                itemSigns[m] = signs(hash.apply(tau).data());
            }
        }
        itemDisagreement = new double[numItems];
        int pairs = 0;
        for (int a = 0; a < projected.length; a++) {
            for (int b = a + 1; b < projected.length; b++, pairs++) {
                for (int it = 0; it < numItems; it++) {
                    double s = 0;
                    for (int k = 0; k < dim; k++) {
                        double d = projected[a][it * dim + k] - projected[b][it * dim + k];
                        s += d * d;
                    }
                    itemDisagreement[it] += Math.sqrt(s);
                }
            }
        }
        for (int it = 0; it < numItems; it++) itemDisagreement[it] /= pairs;
    }

    private static float[] signs(float[] x) {
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) out[k] = Math.signum(x[k]);
        return out;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public Tensor loss(Batch b) {
        FreedomForward.BatchPass pass = forward.batch(b);
        Tensor ell = pass.positiveScores().sub(pass.negativeScores()).logSigmoid();
        if (itemSigns == null) return ell.mean().neg();
        float[] w = rowWeights(pass.users(), b.positives());
        return ell.mul(Tensor.wrap(w.length, 1, w)).mean().neg();
    }

    /** The batch's cleanliness weights from the (detached) propagated user rows and the positive items. */
    float[] rowWeights(Tensor users, int[] positives) {
        int rowsB = positives.length;
        float[] userSigns;
        try (var off = Grad.off()) {
            userSigns = signs(userHash.apply(users.detach()).data());
        }
        double[] delta = new double[rowsB];
        float[][] batchSigns = new float[itemSigns.length][rowsB * bits];
        for (int r = 0; r < rowsB; r++) {
            int item = positives[r];
            delta[r] = itemDisagreement[item];
            for (int m = 0; m < itemSigns.length; m++) System.arraycopy(itemSigns[m], item * bits, batchSigns[m], r * bits, bits);
        }
        return CleanWeights.weights(delta, userSigns, batchSigns, bits, opt.cleanThreshold());
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        forward.resample(epoch.rng());
    }

    @Override
    public Embeddings evalEmbeddings() {
        try (var off = Grad.off()) {
            Embeddings e = forward.scoring();
            return new Embeddings(e.users().copy(), e.items());
        }
    }
}
