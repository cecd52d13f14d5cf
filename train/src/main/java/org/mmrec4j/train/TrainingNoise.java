package org.mmrec4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.NoiseInjection;
import org.mmrec4j.engine.Rng;

/**
 * The run's synthetic training noise (config {@code noise_ratio}, {@code noise_seed}), applied by
 * {@link Experiment} after loading and before the trainer builds any graph from the training split.
 * Without noise_seed the seed derives from the run seed, so each seed of a grid gets its own noise and
 * the same seed always the same noise; the seed used is recorded either way.
 */
final class TrainingNoise {
    private TrainingNoise() {}

    static double ratio(Config c) {
        return c.has("noise_ratio") ? c.getDouble("noise_ratio") : 0;
    }

    static long seed(Config c) {
        return c.has("noise_seed") ? c.getLong("noise_seed") : new Rng(c.getLong("seed")).split("noise").nextLong();
    }

    /** The noisy dataset and what was added, or null when noise_ratio is 0. */
    static NoiseInjection.Result apply(Dataset data, Config c) {
        double ratio = ratio(c);
        return ratio == 0 ? null : NoiseInjection.inject(data, ratio, seed(c));
    }

    /** The "noise" block of manifest.json and metrics.json. */
    static Map<String, Object> describe(NoiseInjection.Result r, Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratio", r.ratio());
        m.put("seed", r.seed());
        m.put("seed_source", c.has("noise_seed") ? "noise_seed" : "derived from run seed " + c.getLong("seed"));
        m.put("added", r.added());
        m.put("sha256", r.sha256());
        return m;
    }
}
