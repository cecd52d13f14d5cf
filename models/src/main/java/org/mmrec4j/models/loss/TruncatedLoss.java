package org.mmrec4j.models.loss;

import java.util.Arrays;
import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.engine.Checks;

/**
 * T-CE, the truncated loss of Wang et al. (2021), "Denoising Implicit Feedback for Recommendation":
 * the ⌊ρ·B⌋ rows with the largest loss are dropped from the batch (weight 0) and the loss is the mean
 * over the kept rows (weight B / kept each), so large-loss rows, likely noisy interactions, stop pulling
 * the model. Ties are broken by row order (the later row is dropped first), so the choice is
 * deterministic. The drop rate ρ follows the trainer's schedule; with ρ = 0 every weight is exactly 1.
 *
 * <p>Adaptation to pairwise losses: Wang et al. truncate a pointwise BCE over positives and sampled
 * negatives; here one row is one (u, i⁺, i⁻) BPR triple (or BM3's (u, i⁺) row), whose loss stands for
 * the interaction (u, i⁺), so dropping the row drops the interaction from that step.
 */
public record TruncatedLoss(double dropRate) implements RowWeighting {
    public TruncatedLoss {
        Checks.arg(dropRate >= 0 && dropRate < 1, "T-CE drop rate must be in [0, 1), got %s", dropRate);
    }

    /** Rows dropped from a batch of {@code rows}: ⌊ρ·rows⌋, and never every row. */
    public int dropped(int rows) {
        return Math.min(Math.max(rows - 1, 0), (int) Math.floor(dropRate * rows + 1e-9));
    }

    @Override
    public float[] weights(float[] rowLosses, float[] probabilities) {
        int n = rowLosses.length, drop = dropped(n);
        float[] w = new float[n];
        if (drop == 0) {
            Arrays.fill(w, 1f);
            return w;
        }
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) order[r] = r;
        // largest loss first; NaN counts as largest, so a diverging row is dropped rather than kept
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(rowLosses[b], rowLosses[a]);
            return c != 0 ? c : Integer.compare(b, a);
        });
        float keep = (float) n / (n - drop);
        for (int k = drop; k < n; k++) w[order[k]] = keep;
        return w;
    }
}
