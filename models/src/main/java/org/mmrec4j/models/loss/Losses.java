package org.mmrec4j.models.loss;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Tensor;

/**
 * Losses and regularisers as compositions of engine ops (no hand-written backward), with the exact
 * numerics of spec/models.md §0.3. Score arguments are r×1 columns.
 */
public final class Losses {
    private Losses() {}

    /** BPR-γ: −mean log(1e-10 + σ(s⁺ − s⁻)), MMRec's BPRLoss (BPR-MF, LightGCN, VBPR). */
    public static Tensor bprGamma(Tensor pos, Tensor neg) {
        return pos.sub(neg).sigmoid().addScalar(1e-10f).log().mean().neg();
    }

    /** BPR-ls: −mean lnσ(s⁺ − s⁻), the log-sigmoid form (FREEDOM, LATTICE, ...). */
    public static Tensor bpr(Tensor pos, Tensor neg) {
        return pos.sub(neg).logSigmoid().mean().neg();
    }

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
}
