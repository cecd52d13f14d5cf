package org.mmrec4j.models.loss;

import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.engine.Checks;

/**
 * R-CE, the reweighted loss of Wang et al. (2021): each row's loss is multiplied by a detached
 * {@code p^β}, where p is the model's current probability of the row's observed outcome, so rows the
 * model finds implausible (likely noise, small p) count less. As in the original, the weighted losses
 * are averaged over all rows without renormalising. β = 0 gives weight exactly 1.
 *
 * <p>Adaptation to pairwise losses: Wang et al. weight a positive's BCE by σ(ŷ_ui)^β. A BPR row's
 * observed outcome is "i⁺ ranks above i⁻", with probability σ(s⁺ − s⁻), so that is p here (the loss
 * functions pass it; for BPR-ls the weight is exp(−β·ℓ_b)). The positive's absolute score σ(s⁺) is
 * not used because BPR never anchors score levels: adding a constant to all of a user's scores leaves
 * every BPR loss unchanged but would change σ(s⁺).
 */
public record ReweightedLoss(double beta) implements RowWeighting {
    public ReweightedLoss {
        Checks.arg(beta >= 0 && Double.isFinite(beta), "R-CE beta must be >= 0, got %s", beta);
    }

    @Override
    public float[] weights(float[] rowLosses, float[] probabilities) {
        Checks.arg(probabilities.length == rowLosses.length, "R-CE: %s probabilities for %s rows", probabilities.length,
                rowLosses.length);
        float[] w = new float[probabilities.length];
        for (int r = 0; r < w.length; r++) {
            double p = Math.min(1, Math.max(0, probabilities[r]));
            w[r] = (float) Math.pow(p, beta);
        }
        return w;
    }
}
