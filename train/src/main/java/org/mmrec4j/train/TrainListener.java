package org.mmrec4j.train;

import java.util.List;

/** Receives training progress; {@link ConsoleLog} prints it, {@link RunFolder#liveTrainLog} records it. All methods are optional. */
public interface TrainListener {
    /**
     * What a run is about to do: its name, batches per epoch, the first epoch it trains (above 0 after a
     * resume), its epoch cap and stopping rule ({@code stoppingStep} is {@link Integer#MAX_VALUE} when it never stops).
     */
    record Start(String description, int numBatches, int firstEpoch, int maxEpochs, int evalStep, int stoppingStep, String validMetric) {
        public Start {
            if (firstEpoch < 0 || maxEpochs <= 0) throw new IllegalArgumentException("epochs: first " + firstEpoch + ", max " + maxEpochs);
        }
    }

    default void runStarted(Start start) {}

    default void batchDone(int epoch, int batch, int numBatches) {}

    default void epochTrained(int epoch, double seconds, double loss) {}

    default void evaluated(EpochRecord record, String validKey) {}

    /** After each epoch: every epoch's record so far, those restored from a checkpoint first (a read-only view). */
    default void epochDone(List<EpochRecord> logSoFar) {}

    default void runFinished(TrainResult result) {}

    default void message(String line) {}

    /** This listener, then {@code other}, for every call. */
    default TrainListener and(TrainListener other) {
        TrainListener first = this;
        return new TrainListener() {
            @Override
            public void runStarted(Start start) {
                first.runStarted(start);
                other.runStarted(start);
            }

            @Override
            public void batchDone(int epoch, int batch, int numBatches) {
                first.batchDone(epoch, batch, numBatches);
                other.batchDone(epoch, batch, numBatches);
            }

            @Override
            public void epochTrained(int epoch, double seconds, double loss) {
                first.epochTrained(epoch, seconds, loss);
                other.epochTrained(epoch, seconds, loss);
            }

            @Override
            public void evaluated(EpochRecord record, String validKey) {
                first.evaluated(record, validKey);
                other.evaluated(record, validKey);
            }

            @Override
            public void epochDone(List<EpochRecord> logSoFar) {
                first.epochDone(logSoFar);
                other.epochDone(logSoFar);
            }

            @Override
            public void runFinished(TrainResult result) {
                first.runFinished(result);
                other.runFinished(result);
            }

            @Override
            public void message(String line) {
                first.message(line);
                other.message(line);
            }
        };
    }

    TrainListener NONE = new TrainListener() {};
}
