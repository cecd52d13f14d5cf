package org.mmrec4j.train;

/** Receives training progress; {@link ConsoleLog} prints it. All methods are optional. */
public interface TrainListener {
    /** A run begins: a one-line description (model, dataset, configuration) and its batches per epoch. */
    default void runStarted(String description, int numBatches) {}

    /** Batch {@code batch} of {@code numBatches} (1-based) of an epoch has been trained. */
    default void batchDone(int epoch, int batch, int numBatches) {}

    /** An epoch (0-based) finished training, with its wall time and the sum of its batch losses (MMRec's train loss). */
    default void epochTrained(int epoch, double seconds, double loss) {}

    /** An evaluation finished; {@code validKey} is the metric early stopping watches (valid_metric). */
    default void evaluated(EpochRecord record, String validKey) {}

    /** Anything else worth a line: dataset warnings and summary, resume notes. */
    default void message(String line) {}

    /** Receives nothing. */
    TrainListener NONE = new TrainListener() {};
}
