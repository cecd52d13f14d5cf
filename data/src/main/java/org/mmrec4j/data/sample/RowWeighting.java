package org.mmrec4j.data.sample;

/**
 * Per-row weights for a batch's recommendation loss, the hook behind sample-level denoising (T-CE,
 * R-CE): a loss that supports it computes one value per batch row, asks for weights, and returns
 * {@code mean_b(w_b · ℓ_b)}. The weights are constants (no gradient flows through them).
 *
 * <p>{@link #NONE} leaves the loss as it is; losses recognise it and skip the per-row work entirely.
 */
@FunctionalInterface
public interface RowWeighting {

    /** The identity: every row has weight 1 and losses take their plain, unweighted path. */
    RowWeighting NONE = (losses, probabilities) -> {
        float[] w = new float[losses.length];
        java.util.Arrays.fill(w, 1f);
        return w;
    };

    /**
     * @param rowLosses     each row's loss value ℓ_b (larger = the model disagrees more with the row)
     * @param probabilities each row's model probability of its observed outcome, in [0, 1]: σ(s⁺ − s⁻)
     *                      for a BPR row (see the loss's documentation for the others)
     * @return one multiplier per row; the loss is mean_b(w_b · ℓ_b)
     */
    float[] weights(float[] rowLosses, float[] probabilities);
}
