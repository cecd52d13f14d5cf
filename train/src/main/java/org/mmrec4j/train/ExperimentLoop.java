package org.mmrec4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.NoiseInjection;
import org.mmrec4j.models.ModelSpec;

/**
 * The one experiment loop behind grid search ({@link Experiment}), tune ({@link Search}), compare
 * ({@link Comparison}) and sweep-noise ({@link NoiseSweep}). Each of those builds a plan of runs, one
 * configuration and one run folder each; this loop trains them in order, skips a run whose folder
 * already holds its metrics (when resuming), continues an interrupted one from its checkpoint, and
 * writes every run folder the same way through {@link RunFolder}. {@link #select} is the one
 * selection policy: validation by default, test only in a compatibility mode ({@link TrainSettings#selectsOnTest}).
 */
public final class ExperimentLoop {
    /**
     * One run: the model and its single configuration, its folder (created when the run starts, so a plan
     * that fails validation leaves nothing behind), a progress line (or null) and the command to record.
     */
    public record Planned(ModelSpec spec, Config config, Path dir, String label, List<String> command) {
        public Planned {
            if (config.expandGrid().size() != 1) throw new IllegalArgumentException("a planned run has one configuration, got a grid");
            config = config.expandGrid().get(0);
        }
    }

    /** A run of the plan and its result (read back from metrics.json when it had finished before). */
    public record Done(Planned run, TrainResult result, boolean skipped) {}

    /** What to do with a run folder that already holds a run. */
    public enum Existing {
        /** Refuse: the folder must not hold a run yet (a plain {@code train}). */
        REFUSE,
        /** Skip a finished run, continue an unfinished one from its checkpoint, with the same settings ({@code --resume}). */
        RESUME,
        /** Replace the run's files ({@code --overwrite}, and the demo). */
        OVERWRITE
    }

    private final Function<Config, Dataset> datasets;
    private final TrainListener log;
    private final Existing existing;
    private final Map<Dataset, Map<Protocol, Trainer.EvalSets>> evalSets = new IdentityHashMap<>();

    /**
     * @param datasets the dataset each configuration reads ({@link #datasetsOf} loads and keeps them)
     * @param resume   skip finished runs and continue interrupted ones; otherwise a folder holding a run is refused
     */
    public ExperimentLoop(Function<Config, Dataset> datasets, TrainListener log, boolean resume) {
        this(datasets, log, resume ? Existing.RESUME : Existing.REFUSE);
    }

    public ExperimentLoop(Function<Config, Dataset> datasets, TrainListener log, Existing existing) {
        this.datasets = datasets;
        this.log = log;
        this.existing = existing;
    }

    /**
     * Loads the folder of {@code setup} once per distinct {@link DatasetOptions} (a multimodal model and an
     * ID-only one read different options) and keeps each for the loop's lifetime.
     */
    public static Function<Config, Dataset> datasetsOf(RunSetup setup, TrainListener log) {
        Map<DatasetOptions, Dataset> loaded = new HashMap<>();
        return c -> loaded.computeIfAbsent(RunSetup.datasetOptions(c, setup.datasetName()), o -> setup.withConfig(c).load(log));
    }

    /**
     * Runs the plan in order; {@code afterEach} sees every run, skipped or trained, as soon as it is done.
     * Every run's settings and folder are checked first, so a bad value or a folder that may not be
     * written fails before any training and leaves nothing behind.
     */
    public List<Done> run(List<Planned> plan, Consumer<Done> afterEach) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Planned p : plan) changes.add(check(p));
        List<Done> done = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Done d;
            try (RunFolder.Lock lock = RunFolder.at(plan.get(i).dir()).lock()) {
                d = runOne(plan.get(i), changes.get(i));
            }
            done.add(d);
            afterEach.accept(d);
        }
        return done;
    }

    /** The run's settings parse and its folder may be written; returns the settings a resume changes. */
    private Map<String, Object> check(Planned p) {
        TrainSettings.from(p.config());
        RunFolder folder = RunFolder.at(p.dir());
        if (!folder.holdsRun()) return Map.of();
        try (RunFolder.Lock probe = folder.lock()) {
            // another process writing the folder is the first thing to report: its files are in flux
        }
        return switch (existing) {
            case OVERWRITE -> Map.of();
            case RESUME -> folder.resumeChanges(p.config(), folder.finished());
            case REFUSE -> throw new IllegalArgumentException(p.dir() + " already holds a " + (folder.finished() ? "finished" : "unfinished")
                    + " run; use --resume to " + (folder.finished() ? "leave it as it is" : "continue it") + ", --overwrite to replace it, or another --out");
        };
    }

    public List<Done> run(List<Planned> plan) {
        return run(plan, d -> {});
    }

    private Done runOne(Planned p, Map<String, Object> resumeChanges) {
        if (p.label() != null) log.message(p.label());
        Config c = p.config();
        RunFolder folder = RunFolder.at(p.dir());
        if (existing == Existing.RESUME && folder.finished()) {
            log.message("already finished: " + folder.dir());
            return new Done(p, folder.readMetrics().toResult(c.comboValues()), true);
        }
        if (existing == Existing.OVERWRITE && folder.holdsRun()) {
            log.message("overwriting the run in " + folder.dir());
            folder.clearForOverwrite();
        }
        TrainSettings settings = TrainSettings.from(c);
        Dataset data = datasets.apply(c);
        // Noise goes into the training split before the trainer builds any graph, sampler or evaluation mask.
        NoiseInjection.Result noise = TrainingNoise.apply(data, settings.noise());
        Map<String, Object> extra = new LinkedHashMap<>();
        if (noise != null) extra.put("noise", TrainingNoise.describe(noise, settings.noise()));
        if (noise != null) log.message(String.format(Locale.ROOT, "noise: %d random training pairs added (ratio %s, seed %d)",
                noise.added(), noise.ratio(), noise.seed()));
        Map<String, Object> manifestExtra = new LinkedHashMap<>(extra);
        // what loading noticed (duplicate rows, feature files whose values the model does not read) stays with the run
        if (!data.warnings().isEmpty()) manifestExtra.put("dataset_warnings", data.warnings());
        if (!resumeChanges.isEmpty()) {
            manifestExtra.put("resumed_with_changes", resumeChanges);
            log.message("resume changes " + resumeChanges.keySet() + " (none affects the results; recorded in manifest.json)");
        }
        Dataset trainOn = noise == null ? data : noise.dataset();
        Trainer.EvalSets sets = noise == null ? evalSetsOf(data, settings.protocol()) : Trainer.EvalSets.of(trainOn, settings.protocol());
        Trainer trainer = new Trainer(p.spec(), trainOn, c, sets, log.and(folder.liveTrainLog()));
        // The folder's config and manifest are written once the model is built, so a setting the model
        // refuses (or data it cannot use) leaves no half-made run folder behind.
        TrainResult r = trainer.run(folder.checkpoint(), folder.model(), existing == Existing.RESUME, () -> {
            RunFolder.create(p.dir()).writeConfig(c);
            folder.writeManifest(p.spec().name(), data.name(), settings.seed(), data.sourceFiles(), p.command(), manifestExtra);
        });
        if (r.bestEpoch() < 0) {
            // Nothing to select, serve or report: leave no run behind that looks like one (a resumed run keeps its checkpoint).
            if (existing != Existing.RESUME) folder.clearForOverwrite();
            throw new IllegalStateException(p.spec().name() + " on " + data.name() + " produced no result: no epoch was evaluated"
                    + (r.abortedOnNaN() ? " (the loss was NaN at epoch " + r.log().size() + "; lower learning_rate, now "
                    + settings.learningRate() + ")" : " (epochs " + settings.epochs() + " < eval_step " + settings.evalStep() + "?)")
                    + "; nothing was written");
        }
        folder.writeTrainLog(r.log());
        if (r.testPerUser() != null) folder.writePerUser(r.testPerUser(), trainDegrees(data));
        folder.writeMetrics(r, settings.protocol(), extra);
        return new Done(p, r, false);
    }

    /** The evaluation sets are built once per dataset and protocol and shared by its runs. */
    private Trainer.EvalSets evalSetsOf(Dataset d, Protocol protocol) {
        return evalSets.computeIfAbsent(d, k -> new HashMap<>()).computeIfAbsent(protocol, pr -> Trainer.EvalSets.of(d, pr));
    }

    /**
     * The index of the selected result: the highest {@code key} on validation, or on test when
     * {@code onTest} (MMRec quick-start compatibility, or the DiffMM protocol, which has no validation);
     * the first wins ties, and a run without the metric scores -1.
     */
    public static int select(List<TrainResult> results, boolean onTest, String key) {
        int best = 0;
        for (int i = 1; i < results.size(); i++) {
            if (score(results.get(i), onTest, key) > score(results.get(best), onTest, key)) best = i;
        }
        return best;
    }

    private static double score(TrainResult r, boolean onTest, String key) {
        return (onTest ? r.bestTest() : r.bestValid()).getOrDefault(key, -1.0);
    }

    /** Training interactions per user, the degree that per-user breakdowns bucket by. */
    static int[] trainDegrees(Dataset data) {
        int[] degree = new int[data.numUsers()];
        for (int u : data.train().users()) degree[u]++;
        return degree;
    }
}
