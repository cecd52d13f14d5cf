package org.mmrec4j.train;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.mmrec4j.config.Config;

/**
 * A noise-robustness sweep (spec/models.md §20.4): every variant at every injected-noise ratio and
 * seed, each a normal training run in {@code out/<variant>/ratio-<ρ>/seed-<s>}, trained by the
 * {@link ExperimentLoop}. Every configuration is resolved and checked before the first run, so an
 * unknown key or model fails at once and leaves nothing behind. Finished runs are skipped and an
 * interrupted one resumes from its checkpoint, so the same command continues a sweep. Runs go ratio by
 * ratio, so an interrupted sweep has compared every variant at the lower ratios. Its tables and plot
 * are report's (SweepReport), rewritten after every run by the caller.
 */
public final class NoiseSweep {
    /** One training run of the sweep, its setup resolved. */
    public record Run(SweepVariant variant, double ratio, long seed, RunSetup setup, Path dir) {}

    private final Path data, out, userConfig;
    private final String datasetName;
    private final List<Double> ratios;
    private final List<SweepVariant> variants;
    private final List<String> sets;
    private final List<Long> seeds = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();

    /** Resolves every run's configuration; throws on any bad key, value or model name before anything runs. */
    public NoiseSweep(Path data, List<Double> ratios, List<SweepVariant> variants, Path userConfig, List<String> sets, int numSeeds,
                      Path out) {
        if (ratios.isEmpty()) throw new IllegalArgumentException("--ratios is empty; write e.g. 0,0.1,0.2,0.3");
        for (double r : ratios) {
            if (!(r >= 0) || !Double.isFinite(r)) throw new IllegalArgumentException("noise ratio " + r + " must be >= 0");
        }
        if (ratios.stream().distinct().count() != ratios.size()) throw new IllegalArgumentException("--ratios lists a ratio twice: " + ratios);
        if (numSeeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + numSeeds);
        for (String s : sets) rejectReserved(s, "--set");
        for (SweepVariant v : variants) for (String s : v.sets()) rejectReserved(s, "variant " + v.label());
        this.data = data;
        this.out = out;
        this.userConfig = userConfig;
        this.ratios = List.copyOf(ratios);
        this.variants = List.copyOf(variants);
        this.sets = List.copyOf(sets);
        String name = null;
        for (double ratio : ratios) {
            for (SweepVariant v : variants) {
                if (seeds.isEmpty()) {
                    long first = RunSetup.resolve(v.model(), data, userConfig, overrides(v, ratio, null), false).firstSeed();
                    for (int k = 0; k < numSeeds; k++) seeds.add(first + k);
                }
                for (long seed : seeds) {
                    RunSetup setup = RunSetup.resolve(v.model(), data, userConfig, overrides(v, ratio, seed), false);
                    try {
                        List<Config> combos = setup.config().expandGrid();
                        if (combos.size() != 1) {
                            throw new IllegalArgumentException("a sweep run has one configuration, but this one has a grid over "
                                    + combos.get(0).comboValues().keySet() + ". Fix: give single values (run `mmrec4j tune` to pick them)");
                        }
                        TrainSettings.from(combos.get(0));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("variant " + v.label() + ": " + e.getMessage(), e);
                    }
                    name = setup.datasetName();
                    runs.add(new Run(v, ratio, seed, setup, runDir(v, ratio, seed)));
                }
            }
        }
        this.datasetName = name;
    }

    private static void rejectReserved(String set, String where) {
        String key = set.contains("=") ? set.substring(0, set.indexOf('=')).trim() : set.trim();
        if (key.equals("noise_ratio")) throw new IllegalArgumentException(where + " sets noise_ratio; the sweep sets it from --ratios");
    }

    private List<String> overrides(SweepVariant v, double ratio, Long seed) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(v.sets());
        all.add("noise_ratio=" + ratio);
        if (seed != null) all.add("seed=" + seed);
        return all;
    }

    /** A ratio as its folder and tables write it: the shortest plain decimal (0.2, not 0.20). */
    public static String ratioName(double r) {
        return BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    /** The run folder of one variant, ratio and seed. */
    public Path runDir(SweepVariant v, double ratio, long seed) {
        return out.resolve(v.folderName()).resolve("ratio-" + ratioName(ratio)).resolve("seed-" + seed);
    }

    public List<Run> runs() {
        return List.copyOf(runs);
    }

    public List<SweepVariant> variants() {
        return variants;
    }

    public List<Double> ratios() {
        return ratios;
    }

    public List<Long> seeds() {
        return List.copyOf(seeds);
    }

    /** The overrides every run shares (--set). */
    public List<String> sets() {
        return sets;
    }

    /** The user's --config file, or null. */
    public Path userConfig() {
        return userConfig;
    }

    public String datasetName() {
        return datasetName;
    }

    public Path out() {
        return out;
    }

    /** Runs (or skips, or resumes) every run in order; {@code afterEach} runs after each, e.g. to rewrite the reports. */
    public void run(TrainListener log, Consumer<ExperimentLoop.Done> afterEach) {
        List<ExperimentLoop.Planned> plan = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            List<String> command = new ArrayList<>(List.of("sweep-noise", "--model", r.variant().model(), "--data", data.toString()));
            overrides(r.variant(), r.ratio(), r.seed()).forEach(s -> command.addAll(List.of("--set", s)));
            plan.add(new ExperimentLoop.Planned(r.setup().spec(), r.setup().config(), r.dir(), String.format(Locale.ROOT,
                    "sweep [%d/%d] %s, noise ratio %s, seed %d -> %s", k + 1, runs.size(), r.variant().label(), ratioName(r.ratio()),
                    r.seed(), r.dir()), command));
        }
        new ExperimentLoop(ExperimentLoop.datasetsOf(runs.get(0).setup(), log), log, true).run(plan, afterEach);
    }
}
