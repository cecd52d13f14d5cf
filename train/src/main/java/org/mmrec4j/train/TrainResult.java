package org.mmrec4j.train;

import java.util.List;
import java.util.Map;

/**
 * What a run reports: the validation metrics at the best validation evaluation and the test metrics
 * recorded at that same evaluation (MMRec's best_test_upon_valid), plus timings and, when the run
 * evaluated test at all, the per-user test values behind those averages. Under the DiffMM protocol
 * bestValid is empty and bestTest is the best test evaluation.
 */
public record TrainResult(String model, String dataset, Map<String, Object> combo, int bestEpoch, int epochsRun,
                          Map<String, Double> bestValid, Map<String, Double> bestTest, List<EpochRecord> log,
                          boolean abortedOnNaN, UserMetrics testPerUser) {

    /** A result without per-user values (read back from metrics.json, or from code that needs none). */
    public TrainResult(String model, String dataset, Map<String, Object> combo, int bestEpoch, int epochsRun,
                       Map<String, Double> bestValid, Map<String, Double> bestTest, List<EpochRecord> log,
                       boolean abortedOnNaN) {
        this(model, dataset, combo, bestEpoch, epochsRun, bestValid, bestTest, log, abortedOnNaN, null);
    }

    public double medianTrainSeconds() {
        return median(log.stream().mapToDouble(EpochRecord::trainSeconds).toArray());
    }

    public double medianEvalSeconds() {
        return median(log.stream().filter(r -> !r.valid().isEmpty() || !r.test().isEmpty()).mapToDouble(EpochRecord::evalSeconds).toArray());
    }

    public static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
