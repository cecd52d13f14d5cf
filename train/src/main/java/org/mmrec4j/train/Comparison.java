package org.mmrec4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Rng;

/**
 * Trains several models, each under several seeds, on one dataset: one run folder per model and seed
 * ({@code <out>/runs/<Model>/seed-<seed>}), each through {@link Experiment} so it writes the usual
 * files. Runs go seed by seed (every model's first seed, then every model's second), so a partial
 * comparison already covers every model. A restarted comparison skips finished runs and resumes an
 * interrupted one from its checkpoint.
 *
 * <p>Seeds: the first is the configured {@code seed} (999 by default), so seed 1 reproduces a plain
 * {@code train} run; the others derive from it through {@link Rng}, and all are recorded in
 * {@code compare.json}.
 */
public final class Comparison {
    /** One finished run of the comparison. */
    public record Run(String model, int seedIndex, long seed, Path dir, TrainResult result) {}

    private Comparison() {}

    /** The first seed is {@code base}; seed i > 0 is drawn from the stream "compare-seed"/i of base. */
    public static List<Long> seeds(long base, int count) {
        if (count < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + count);
        List<Long> seeds = new ArrayList<>(List.of(base));
        Rng root = new Rng(base).split("compare-seed");
        for (int i = 1; i < count; i++) {
            // Positive and below 2^31, like MMRec's seeds, so they read well and fit any int field.
            seeds.add(root.split(i).nextLong() >>> 33);
        }
        return seeds;
    }

    /** The run folder of one model and seed. */
    public static Path runDir(Path out, String model, long seed) {
        return out.resolve("runs").resolve(model).resolve("seed-" + seed);
    }

    /**
     * Resolves every model's configuration and checks every existing run folder first (so a typo or a
     * changed setting fails before hours of training), then trains the missing runs.
     */
    public static List<Run> run(List<String> models, Path dataDir, Path userConfig, List<String> sets, int seedCount,
                                Path out, TrainListener log, List<String> command) {
        if (models.isEmpty()) throw new IllegalArgumentException("--models needs at least one model name");
        Map<String, RunSetup> setups = new LinkedHashMap<>();
        for (String name : models) {
            RunSetup setup = RunSetup.resolve(name, dataDir, userConfig, sets, false); // labelled BM3+GUIDER when --set wrapper=guider
            if (setups.containsKey(setup.spec().name())) throw new IllegalArgumentException("model " + setup.spec().name() + " is listed twice in --models");
            setups.put(setup.spec().name(), setup);
        }
        RunSetup any = setups.values().iterator().next();
        long base = any.firstSeed();
        List<Long> seeds = seeds(base, seedCount);
        for (var e : setups.entrySet()) {
            Config one = e.getValue().config().with(Config.SEED, seeds.get(0), "compare");
            if (one.expandGrid().size() != 1) {
                throw new IllegalArgumentException("compare runs one configuration per model, but " + e.getKey()
                        + " has a grid over " + one.expandGrid().get(0).comboValues().keySet()
                        + ". Fix: give single values (run `mmrec4j tune` to pick them) or drop hyper_parameters");
            }
        }
        List<ExperimentLoop.Planned> plan = new ArrayList<>();
        List<Integer> seedIndex = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
            long seed = seeds.get(s);
            for (var e : setups.entrySet()) {
                String model = e.getKey();
                Config c = e.getValue().config().with(Config.SEED, seed, String.format(Locale.ROOT,
                        "compare: seed %d of %d, derived from base seed %d", s + 1, seeds.size(), base));
                Path dir = runDir(out, model, seed);
                RunFolder.at(dir).requireSameConfig(c);
                plan.add(new ExperimentLoop.Planned(e.getValue().spec(), c, dir,
                        String.format(Locale.ROOT, "compare: %s, seed %d (%d of %d)", model, seed, s + 1, seeds.size()), command));
                seedIndex.add(s);
            }
        }
        writePlan(out, dataDir, any.datasetName(), setups.keySet(), seeds, command);
        List<ExperimentLoop.Done> done = new ExperimentLoop(ExperimentLoop.datasetsOf(any, log), log, true).run(plan);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            ExperimentLoop.Planned p = done.get(i).run();
            runs.add(new Run(p.spec().name(), seedIndex.get(i), p.config().getLong(Config.SEED), p.dir(), done.get(i).result()));
        }
        return runs;
    }

    private static void writePlan(Path out, Path dataDir, String dataset, Iterable<String> models, List<Long> seeds,
                                  List<String> command) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("dataset", dataset);
        plan.put("data", dataDir.toAbsolutePath().normalize().toString());
        List<String> names = new ArrayList<>();
        models.forEach(names::add);
        plan.put("models", names);
        plan.put("seeds", seeds);
        plan.put("seed_rule", "seed 1 is the configured seed; seed i > 0 is new Rng(seed 1).split(\"compare-seed\").split(i).nextLong() >>> 33");
        plan.put("command", command);
        RunFolder.create(out).writeJson("compare.json", plan);
    }
}
