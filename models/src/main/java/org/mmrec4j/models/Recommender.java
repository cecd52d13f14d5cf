package org.mmrec4j.models;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.block.Embeddings;

/**
 * A trainable recommender. Per epoch the trainer calls {@link #beforeEpoch} once, then for each batch
 * {@link #loss} followed by backward and an optimizer step. For evaluation it calls {@link #scorer()}
 * once with gradients off and uses the returned frozen view for every evaluation user.
 */
public interface Recommender {

    /** A differentiable 1×1 loss for one batch. */
    Tensor loss(Batch batch);

    /**
     * A frozen view of the current parameters that scores users against all items. By default the dot
     * product of {@link #finalEmbeddings()}; models that score otherwise override it.
     */
    default Scorer scorer() {
        Embeddings e = finalEmbeddings();
        if (e == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no final embeddings, so it must override scorer()");
        }
        return e.dotScorer();
    }

    Params params();

    /** Per-epoch hook: resample pruned graphs, rebuild learned graphs, and the like. */
    default void beforeEpoch(EpochContext epoch) {}

    /** Whether batches need a sampled negative per row (MMRec's use_neg_sampling). */
    default boolean usesNegatives() {
        return true;
    }

    /**
     * The scoring forward pass on the current parameters: the user and item vectors whose dot product is
     * the score, recording a graph unless gradients are off; null when the model does not score by a dot
     * product. A model writes its scoring pass here once; {@link #finalEmbeddings} and
     * {@link #trainingScores} derive from it.
     */
    default Embeddings scoringEmbeddings() {
        return null;
    }

    /**
     * The final user and item vectors whose dot product is the score, computed with gradients off, or
     * null when the model does not score by a dot product. Serving, similar items and export use it.
     */
    default Embeddings finalEmbeddings() {
        try (var off = Grad.off()) {
            return scoringEmbeddings();
        }
    }

    /**
     * Differentiable scores of the given users against every item (users.length × numItems), computed
     * in training mode; distillation wrappers (GUIDER) need it. Models that cannot provide it say so.
     */
    default Tensor trainingScores(int[] users) {
        Embeddings e = scoringEmbeddings();
        if (e == null) {
            throw new UnsupportedOperationException(getClass().getSimpleName()
                    + " does not expose differentiable full scores, so it cannot be a distillation student");
        }
        return e.scores(users);
    }

    /**
     * Saves what training changes outside {@link #params()} and the trainer's optimizer (auxiliary
     * networks with their own optimizers, data partitions), so a run resumed from a checkpoint continues
     * exactly. Anything a model rebuilds from the seed and the epoch number needs no saving.
     */
    default void writeTrainingState(DataOutputStream out) throws IOException {}

    /** Restores what {@link #writeTrainingState} saved, on a model built from the same config and data. */
    default void readTrainingState(DataInputStream in) throws IOException {}
}
