package org.mmrec4j.train;

/** Receives training progress; {@link ConsoleLog} prints it. All methods are optional. */
public interface TrainListener {
    default void runStarted(String description, int numBatches) {}

    default void batchDone(int epoch, int batch, int numBatches) {}

    default void epochTrained(int epoch, double seconds, double loss) {}

    default void evaluated(EpochRecord record, String validKey) {}

    default void message(String line) {}

    TrainListener NONE = new TrainListener() {};
}
