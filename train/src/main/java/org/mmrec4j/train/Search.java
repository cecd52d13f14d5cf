package org.mmrec4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.models.ModelSpec;

/**
 * Hyper-parameter search over a model's {@code grid:} (the MMRec grid that {@code train --grid} also
 * runs): every point in MMRec's order, or a seeded random sample of the points. Each trial is a run
 * folder under {@code trials/}. Selection looks at validation only: {@code search.csv} holds
 * validation scores, never test ones, and only the selected trial's test metrics are read, once, at
 * the end.
 *
 * <p>Resumable: after each finished trial {@code search.csv} is rewritten atomically with one more
 * row, so it always holds whole rows; a restarted search skips the trials it lists and resumes an
 * interrupted trial from its checkpoint.
 */
public final class Search {
    public static final String LOG = "search.csv";
    public static final String BEST = "best.yaml";
    
    /** How the points are chosen. */
    public enum Mode { GRID, RANDOM }

    /** One trial: its grid point, folder, and validation scores at its best epoch. */
    public record Trial(String name, Map<String, Object> combo, Path dir, int bestEpoch, int epochsRun, double validScore,
                        double validNdcg20) {}

    /** The trials in run order, the selected one, and its test metrics (the only test numbers a search reads). */
    public record Outcome(List<Trial> trials, Trial best, Map<String, Double> bestTest, String validKey, Path bestConfig) {}

    private Search() {}

    /** Searches the grid of {@code setup} (resolved with grid = true) on its dataset, loaded here. */
    public static Outcome run(RunSetup setup, Mode mode, int trials, Path out, TrainListener log, List<String> command) {
        return run(setup.spec(), ExperimentLoop.datasetsOf(setup, log), setup.config(), mode, trials, out, log, command);
    }

    /**
     * @param grid   a configuration whose hyper-parameters hold lists ({@link RunSetup#resolve} with grid = true)
     * @param trials for RANDOM the number of points drawn (without replacement); for GRID a cap, 0 = all
     */
    public static Outcome run(ModelSpec spec, Dataset data, Config grid, Mode mode, int trials, Path out,
                              TrainListener log, List<String> command) {
        return run(spec, c -> data, grid, mode, trials, out, log, command);
    }

    private static Outcome run(ModelSpec spec, Function<Config, Dataset> data, Config grid, Mode mode, int trials, Path out,
                               TrainListener log, List<String> command) {
        List<Config> points = grid.expandGrid();
        List<Integer> order = choose(points.size(), mode, trials, points.get(0).getLong(Config.SEED));
        List<String> params = new ArrayList<>(points.get(0).comboValues().keySet());
        TrainSettings first = TrainSettings.from(points.get(0));
        if (first.selectsOnTest()) {
            throw new IllegalArgumentException("tune selects on validation only; drop select_on: test (and protocol: diffmm, "
                    + "which has no validation) or use `train --grid` for MMRec's test-selected grid");
        }
        String validKey = first.validMetric();
        String header = header(params, validKey);
        Path logFile = out.resolve(LOG);
        int already = readLog(logFile, header).size();
        log.message(String.format(Locale.ROOT, "tune %s: %s search, %d of %d grid points, %d already done", spec.name(),
                mode.name().toLowerCase(Locale.ROOT), order.size(), points.size(), already));

        List<ExperimentLoop.Planned> plan = new ArrayList<>();
        for (int t = 0; t < order.size(); t++) {
            int i = order.get(t);
            Config c = points.get(i);
            plan.add(new ExperimentLoop.Planned(spec, c, out.resolve("trials").resolve(trialName(i)),
                    String.format(Locale.ROOT, "trial %d/%d (grid point %d): %s", t + 1, order.size(), i, c.comboValues()), command));
        }
        List<Trial> results = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<ExperimentLoop.Done> done = new ExperimentLoop(data, log, true).run(plan, d -> {
            TrainResult r = d.result();
            String name = d.run().dir().getFileName().toString();
            Trial trial = new Trial(name, d.run().config().comboValues(), d.run().dir(), r.bestEpoch(), r.epochsRun(),
                    r.bestValid().getOrDefault(validKey, Double.NaN), r.bestValid().getOrDefault("ndcg@20", Double.NaN));
            results.add(trial);
            rows.add(row(trial, params));
            AtomicFiles.writeString(logFile, header + "\n" + String.join("\n", rows) + "\n");
        });

        Trial best = results.get(ExperimentLoop.select(done.stream().map(ExperimentLoop.Done::result).toList(), false, validKey));
        Path bestConfig = out.resolve(BEST);
        writeBest(bestConfig, spec.name(), best, results.size(), validKey, command);
        return new Outcome(results, best, RunFolder.open(best.dir()).readMetrics().test(), validKey, bestConfig);
    }

    private static String trialName(int gridPoint) {
        return String.format(Locale.ROOT, "%03d", gridPoint);
    }

    /**
     * Grid order, or a seeded draw without replacement (10 points when {@code trials} is 0); a grid
     * capped at {@code trials} keeps its first points.
     */
    static List<Integer> choose(int n, Mode mode, int trials, long seed) {
        if (trials < 0) throw new IllegalArgumentException("--trials must be >= 0, got " + trials);
        List<Integer> all = new ArrayList<>();
        if (mode == Mode.GRID) {
            for (int i = 0; i < n; i++) all.add(i);
        } else {
            for (int i : new Rng(seed).split("tune-random").permutation(n)) all.add(i);
        }
        int count = trials == 0 ? n : Math.min(trials, n);
        if (mode == Mode.RANDOM && trials == 0) count = Math.min(n, 10);
        return all.subList(0, count);
    }

    private static String header(List<String> params, String validKey) {
        return "trial," + String.join(",", params) + ",best_epoch,epochs_run,valid_" + validKey + ",valid_ndcg@20";
    }

    private static String row(Trial t, List<String> params) {
        StringBuilder sb = new StringBuilder(t.name());
        for (String p : params) sb.append(',').append(t.combo().get(p));
        sb.append(String.format(Locale.ROOT, ",%d,%d,%.4f,%.4f", t.bestEpoch(), t.epochsRun(), t.validScore(), t.validNdcg20()));
        return sb.toString();
    }

    /** The rows of an earlier search into the same folder; it must have searched the same space. */
    private static List<String> readLog(Path file, String header) {
        if (!Files.exists(file)) return new ArrayList<>();
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            if (lines.isEmpty() || !lines.get(0).equals(header)) {
                throw new IllegalArgumentException(file + " line 1: written by a different search (header "
                        + (lines.isEmpty() ? "missing" : lines.get(0)) + ", expected " + header + "). Fix: use another --out");
            }
            lines.remove(0);
            lines.removeIf(String::isBlank);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeBest(Path file, String model, Trial best, int trials, String validKey, List<String> command) {
        Map<String, Object> values = new LinkedHashMap<>(best.combo());
        try {
            String yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(values);
            String head = String.format(Locale.ROOT, "# %s: best of %d trials by validation %s = %.4f (trial %s, best epoch %d).%n"
                    + "# Use it with: mmrec4j train --model %s --config %s%n# Search: %s%n", model, trials, validKey,
                    best.validScore(), best.name(), best.bestEpoch(), model, file.getFileName(), String.join(" ", command));
            AtomicFiles.writeString(file, head + yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
