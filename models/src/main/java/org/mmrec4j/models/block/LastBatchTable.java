package org.mmrec4j.models.block;

import java.util.function.Supplier;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.Recommender;

/**
 * MMRec's cached {@code result_embed}, which DualGNN, DRAGON and GRCN score with: the stacked
 * [users; items] table of the last training batch, computed before that batch's optimizer step. Before
 * any batch (and after a checkpoint resume) scoring runs the forward pass on the current parameters.
 */
public final class LastBatchTable {

    /** A model that scores with its last training batch's table: the two scoring overrides, written once. */
    public interface Scoring extends Recommender {
        LastBatchTable lastBatch();

        /** The last training batch's table, as MMRec scores; before any batch, the forward pass. */
        @Override
        default Embeddings finalEmbeddings() {
            return lastBatch().finalEmbeddings();
        }

        /** The forward pass on the current parameters (what trainingScores reads). */
        @Override
        default Embeddings scoringEmbeddings() {
            return lastBatch().scoringEmbeddings();
        }
    }

    private final int numUsers;
    private final Supplier<Tensor> forward;
    private Tensor last;

    /** @param forward the model's forward pass: the stacked [users; items] table on the current parameters */
    public LastBatchTable(int numUsers, Supplier<Tensor> forward) {
        this.numUsers = numUsers;
        this.forward = forward;
    }

    /** A training batch's forward pass; a detached copy of its table is kept for scoring. */
    public Tensor forTraining() {
        Tensor e = forward.get();
        last = e.detach();
        return e;
    }

    private Embeddings finalEmbeddings() {
        if (last != null) return Embeddings.split(last.detach(), numUsers);
        try (var off = Grad.off()) {
            return scoringEmbeddings();
        }
    }

    private Embeddings scoringEmbeddings() {
        return Embeddings.split(forward.get(), numUsers);
    }
}
