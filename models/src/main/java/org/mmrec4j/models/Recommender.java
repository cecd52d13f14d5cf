package org.mmrec4j.models;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;

/**
 * A trainable recommender. Per epoch the trainer calls {@link #beforeEpoch} once, then for each batch
 * {@link #loss} followed by backward and an optimizer step. For evaluation it calls {@link #scorer()}
 * once with gradients off and uses the returned frozen view for every evaluation user.
 */
public interface Recommender {

    /** A differentiable 1×1 loss for one batch. */
    Tensor loss(Batch batch);

    /** A frozen view of the current parameters that scores users against all items. */
    Scorer scorer();

    Params params();

    /** Per-epoch hook: resample pruned graphs, rebuild learned graphs, and the like. */
    default void beforeEpoch(EpochContext epoch) {}

    /** Whether batches need a sampled negative per row (MMRec's use_neg_sampling). */
    default boolean usesNegatives() {
        return true;
    }
}
