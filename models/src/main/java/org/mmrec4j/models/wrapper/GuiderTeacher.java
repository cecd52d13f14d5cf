package org.mmrec4j.models.wrapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.block.Embeddings;

/** A GUIDER teacher: trained by the wrapper on its own loader and optimizer, read as frozen embeddings for KD. */
interface GuiderTeacher {

    Params params();

    /** Per-epoch hook (graph resampling, AMSC refresh); runs before the teacher's epoch. */
    void beforeEpoch(EpochContext epoch);

    /** The teacher's loss on one (u, i⁺, i⁻) batch. */
    Tensor loss(Batch batch);

    /** Evaluation-mode user and item vectors (full graph, no dropout), computed with gradients off. */
    Embeddings evalEmbeddings();

    /** State outside {@link #params()} that a resumed run needs (e.g. the AMSC partition); none by default. */
    default void writeState(DataOutputStream out) throws IOException {}

    default void readState(DataInputStream in) throws IOException {}
}
