package org.mmrec4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.models.ModelSpec;

/**
 * A grid: every configuration of a config's hyper-parameter lists (protocol §8: seed first,
 * last-named parameter fastest), each in its own run folder under {@code grid/} (a single
 * configuration uses the folder itself), trained by the {@link ExperimentLoop} and one selected.
 * Selection is on the validation score by default; {@code select_on: test} reproduces MMRec's
 * quick-start, which picks by the test score and so leaks test information into model selection. A
 * grid resumed after a crash skips finished configurations.
 */
public final class Experiment {
    /**
     * The selected run and every run of the grid, in grid order.
     *
     * @param dir         the run's folder as given (for a grid, the folder holding grid/ and grid.csv)
     * @param selectedDir the selected configuration's own run folder, the one to load or serve ({@code dir}
     *                    itself for a single configuration)
     */
    public record Outcome(TrainResult selected, List<TrainResult> all, Path dir, Path selectedDir) {}

    private Experiment() {}

    /** The grid of {@code setup}'s configuration on its dataset, loaded here. */
    public static Outcome run(RunSetup setup, Path outDir, boolean resume, TrainListener log, List<String> command) {
        return run(setup, outDir, resume ? ExperimentLoop.Existing.RESUME : ExperimentLoop.Existing.REFUSE, log, command);
    }

    /** As {@link #run(RunSetup, Path, boolean, TrainListener, List)}, with what to do about a folder that holds a run. */
    public static Outcome run(RunSetup setup, Path outDir, ExperimentLoop.Existing existing, TrainListener log, List<String> command) {
        return run(setup.spec(), ExperimentLoop.datasetsOf(setup, log), setup.config(), outDir, existing, log, command);
    }

    /** The grid on a dataset already in memory; {@code spec} is the model to train (wrapped, if the config wraps it). */
    public static Outcome run(ModelSpec spec, Dataset data, Config base, Path outDir, boolean resume,
                              TrainListener log, List<String> command) {
        return run(spec, c -> data, base, outDir, resume ? ExperimentLoop.Existing.RESUME : ExperimentLoop.Existing.REFUSE, log, command);
    }

    private static Outcome run(ModelSpec spec, java.util.function.Function<Config, Dataset> data, Config base, Path outDir,
                               ExperimentLoop.Existing existing, TrainListener log, List<String> command) {
        if (base.expandGrid().size() == 1) return grid(spec, data, base, outDir, existing, log, command);
        RunFolder top = RunFolder.at(outDir);
        if (existing == ExperimentLoop.Existing.REFUSE && top.holdsRun()) {
            throw new IllegalArgumentException(outDir + " already holds a grid search; use --resume to continue it, --overwrite to "
                    + "replace it, or another --out");
        }
        try (RunFolder.Lock lock = top.lock()) {
            if (existing == ExperimentLoop.Existing.OVERWRITE) top.clearForOverwrite();
            return grid(spec, data, base, outDir, existing, log, command);
        }
    }

    private static Outcome grid(ModelSpec spec, java.util.function.Function<Config, Dataset> data, Config base, Path outDir,
                                ExperimentLoop.Existing existing, TrainListener log, List<String> command) {
        List<Config> combos = base.expandGrid();
        List<ExperimentLoop.Planned> plan = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            Config c = combos.get(i);
            boolean grid = combos.size() > 1;
            plan.add(new ExperimentLoop.Planned(spec, c, grid ? outDir.resolve("grid").resolve(comboName(i, c)) : outDir,
                    grid ? String.format(Locale.ROOT, "configuration %d/%d: %s", i + 1, combos.size(), c.comboValues()) : null, command));
        }
        List<ExperimentLoop.Done> done = new ExperimentLoop(data, log, existing).run(plan);
        List<TrainResult> results = done.stream().map(ExperimentLoop.Done::result).toList();
        TrainSettings first = TrainSettings.from(combos.get(0));
        boolean onTest = first.selectsOnTest();
        String key = first.validMetric();
        int bestIndex = ExperimentLoop.select(results, onTest, key);
        TrainResult best = results.get(bestIndex);
        if (combos.size() > 1) {
            RunFolder top = RunFolder.create(outDir);
            top.writeConfig(base);
            top.writeText("grid.csv", gridCsv(results, key));
            Map<String, Object> m = RunFolder.metricsJson(best, first.protocol());
            m.put("selected_on", !onTest ? "valid" : first.protocol() == Protocol.DIFFMM ? "test (DiffMM protocol)" : "test (MMRec quick-start compatibility)");
            m.put("configurations", results.size());
            top.writeMetrics(best, first.protocol());
            top.writeJson(RunFolder.METRICS, m);
            top.writeTrainLog(best.log());
            top.copyPerUserFrom(RunFolder.at(plan.get(bestIndex).dir()));
        }
        return new Outcome(best, results, outDir, plan.get(bestIndex).dir());
    }

    private static String comboName(int i, Config c) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%03d", i));
        c.comboValues().forEach((k, v) -> sb.append('_').append(k).append('=').append(v));
        return sb.toString().replaceAll("[^A-Za-z0-9_.=-]", "");
    }

    private static String gridCsv(List<TrainResult> results, String key) {
        List<String> params = new ArrayList<>(results.get(0).combo().keySet());
        StringBuilder sb = new StringBuilder(String.join(",", params));
        sb.append(",best_epoch,epochs_run,valid_").append(key).append(",test_recall@20,test_ndcg@20\n");
        for (TrainResult r : results) {
            for (String p : params) sb.append(r.combo().get(p)).append(',');
            sb.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f%n", r.bestEpoch(), r.epochsRun(),
                    r.bestValid().getOrDefault(key, Double.NaN), r.bestTest().getOrDefault("recall@20", Double.NaN),
                    r.bestTest().getOrDefault("ndcg@20", Double.NaN)));
        }
        return sb.toString();
    }
}
