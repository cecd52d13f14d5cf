package org.mmrec4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

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
     * Resolves every model's configuration first (so a typo fails before hours of training), then
     * trains the missing runs.
     */
    public static List<Run> run(List<String> models, Path dataDir, Path userConfig, List<String> sets, int seedCount,
                                Path out, TrainListener log, List<String> command) {
        if (models.isEmpty()) throw new IllegalArgumentException("--models needs at least one model name");
        String dataset = RunConfig.datasetName(dataDir);
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        Map<String, Config> configs = new LinkedHashMap<>();
        for (String name : models) {
            ModelSpec catalogued = ModelCatalog.get(name.trim());
            Config c = RunConfig.resolve(catalogued, dataset, userConfig, sets, false);
            ModelSpec spec = Wrappers.apply(catalogued, c); // labelled BM3+GUIDER when --set wrapper=guider
            if (specs.containsKey(spec.name())) throw new IllegalArgumentException("model " + spec.name() + " is listed twice in --models");
            specs.put(spec.name(), spec);
            configs.put(spec.name(), c);
        }
        long base = baseSeed(configs.values().iterator().next());
        List<Long> seeds = seeds(base, seedCount);
        for (var e : configs.entrySet()) {
            Config one = e.getValue().with(Config.SEED, seeds.get(0), "compare");
            if (one.expandGrid().size() != 1) {
                throw new IllegalArgumentException("compare runs one configuration per model, but " + e.getKey()
                        + " has a grid over " + one.expandGrid().get(0).comboValues().keySet()
                        + ". Fix: give single values (run `mmrec4j tune` to pick them) or drop hyper_parameters");
            }
        }
        writePlan(out, dataDir, dataset, specs.keySet(), seeds, command);

        Map<DatasetOptions, Dataset> loaded = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
            long seed = seeds.get(s);
            for (var e : configs.entrySet()) {
                String model = e.getKey();
                Config c = e.getValue().with(Config.SEED, seed, String.format(Locale.ROOT,
                        "compare: seed %d of %d, derived from base seed %d", s + 1, seeds.size(), base));
                Dataset d = loaded.computeIfAbsent(RunConfig.datasetOptions(c, dataset), o -> load(dataDir, o, log));
                Path dir = runDir(out, model, seed);
                requireSameConfig(dir, c);
                log.message(String.format(Locale.ROOT, "compare: %s, seed %d (%d of %d)", model, seed, s + 1, seeds.size()));
                TrainResult r = Experiment.run(specs.get(model), d, c, dir, true, log, command).selected();
                runs.add(new Run(model, s, seed, dir, r));
            }
        }
        return runs;
    }

    /**
     * A restarted comparison must not mix runs of different settings under one leaderboard: a run
     * folder written with other values (comments, which name sources, aside) is an error.
     */
    static void requireSameConfig(Path dir, Config c) {
        Path f = dir.resolve("config.resolved.yaml");
        if (!Files.exists(f)) return;
        List<String> before, now = values(c.expandGrid().get(0).toYaml().lines().toList());
        try {
            before = values(Files.readAllLines(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        if (before.equals(now)) return;
        String diff = before.stream().filter(l -> !now.contains(l)).findFirst().orElse("(a key was added)");
        String want = now.stream().filter(l -> !before.contains(l)).findFirst().orElse("(a key was removed)");
        throw new IllegalArgumentException(f + ": this run was made with other settings (it has '" + diff + "', now '" + want
                + "'). Fix: use another --out, or delete " + dir + " to rerun it");
    }

    private static List<String> values(List<String> yaml) {
        return yaml.stream().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\s+# from .*$", "")).toList();
    }

    private static Dataset load(Path dir, DatasetOptions o, TrainListener log) {
        Dataset d = Dataset.load(dir, o);
        d.warnings().forEach(w -> log.message("warning: " + w));
        log.message(d.summary());
        return d;
    }

    private static long baseSeed(Config c) {
        Object v = c.get(Config.SEED);
        Object first = v instanceof List<?> l ? (l.isEmpty() ? null : l.get(0)) : v;
        if (!(first instanceof Number n)) throw new IllegalArgumentException("seed must be an integer, got " + v);
        return n.longValue();
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
        new RunDirectory(out).writeJson("compare.json", plan);
    }
}
