package org.mmrec4j.train;

import java.util.Map;

/** One line of train_log.csv; the metric maps are empty on epochs without evaluation. */
public record EpochRecord(int epoch, double trainLoss, double trainSeconds, double learningRate,
                         double evalSeconds, Map<String, Double> valid, Map<String, Double> test, boolean improved) {}
