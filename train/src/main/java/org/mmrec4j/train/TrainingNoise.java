package org.mmrec4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.NoiseInjection;

/**
 * The run's synthetic training noise ({@link TrainSettings.Noise}), applied after loading and before
 * the trainer builds any graph from the training split; the seed used is recorded either way.
 */
final class TrainingNoise {
    private TrainingNoise() {}

    /** The noisy dataset and what was added, or null when noise_ratio is 0. */
    static NoiseInjection.Result apply(Dataset data, TrainSettings.Noise noise) {
        return noise.ratio() == 0 ? null : NoiseInjection.inject(data, noise.ratio(), noise.seed());
    }

    /** The "noise" block of manifest.json and metrics.json. */
    static Map<String, Object> describe(NoiseInjection.Result r, TrainSettings.Noise noise) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratio", r.ratio());
        m.put("seed", r.seed());
        m.put("seed_source", noise.seedSource());
        m.put("added", r.added());
        m.put("sha256", r.sha256());
        return m;
    }
}
