package org.mmrec4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mmrec4j.engine.kernel.SparseRows;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.ExperimentLoop;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainListener;

/**
 * One training run described in code, the library form of {@code mmrec4j train}: a catalogue model, a
 * dataset folder, optional settings, then {@link #run(Path)}. The run goes the one way every command
 * goes: {@link RunSetup#resolve} layers the configuration (defaults, dataset, model, the settings given
 * here) and checks it before any data is read, {@link Experiment#run} trains with early stopping on
 * validation and writes the run folder, and the result is loaded back as a {@link Run}.
 *
 * <pre>{@code
 * Run run = Training.of("VBPR", Path.of("demo-data")).set("epochs", 20).run(Path.of("runs/vbpr"));
 * }</pre>
 *
 * <p>A {@code Training} is a mutable builder for one thread; each setter returns it.
 */
public final class Training {
    /** Said once per training when the JVM lacks the Vector API module, which costs speed, never results. */
    static final String SCALAR_KERNELS_NOTE = "note: sparse kernels run scalar (about 5x slower on graph models); "
            + "start the JVM with --add-modules jdk.incubator.vector to use the Vector API";

    private final String model;
    private final Path dataDir;
    private final List<String> sets = new ArrayList<>();
    private Path configFile;
    private TrainListener log = TrainListener.NONE;
    private ExperimentLoop.Existing existing = ExperimentLoop.Existing.REFUSE;

    private Training(String model, Path dataDir) {
        this.model = Objects.requireNonNull(model, "model");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /**
     * A run of a catalogue model on a dataset folder.
     *
     * @param model   a name from {@code mmrec4j models} (case-insensitive), for example {@code "LightGCN"}
     * @param dataDir a folder holding one {@code .inter} file and, for multimodal models, its feature files
     * @return the builder, with no settings beyond the layered defaults
     */
    public static Training of(String model, Path dataDir) {
        return new Training(model, dataDir);
    }

    /**
     * Sets one configuration key, as {@code --set key=value} does; later calls win.
     *
     * @param key   a key of defaults.yaml or of the model's YAML ({@code mmrec4j models NAME} lists them)
     * @param value its value; its text is read as YAML, so a {@link List} becomes a list (a grid axis when the key
     *              is a hyper-parameter)
     * @return this builder
     */
    public Training set(String key, Object value) {
        sets.add(Objects.requireNonNull(key, "key") + "=" + value);
        return this;
    }

    /**
     * Adds a YAML file of settings, as {@code --config} does; {@link #set} values override it.
     *
     * @param yaml the file
     * @return this builder
     */
    public Training config(Path yaml) {
        this.configFile = Objects.requireNonNull(yaml, "yaml");
        return this;
    }

    /**
     * Receives the progress of training (default: none). {@code org.mmrec4j.train.ConsoleLog.stderr()} prints
     * the command line's epoch lines.
     *
     * @param listener the receiver of dataset warnings, epoch and evaluation events
     * @return this builder
     */
    public Training log(TrainListener listener) {
        this.log = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * What to do when the run folder already holds a run (default {@link ExperimentLoop.Existing#REFUSE}, as
     * a plain {@code train}): {@code RESUME} continues it as {@code --resume} does, {@code OVERWRITE} replaces it.
     *
     * @param policy the policy
     * @return this builder
     */
    public Training ifExists(ExperimentLoop.Existing policy) {
        this.existing = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Trains, writes the run folder and loads the selected run (for hyper-parameter lists, the configuration
     * selected on validation). Mistakes fail with a one-line message in an unchecked exception, as the
     * command line reports them: bad settings ({@link IllegalArgumentException} or
     * {@code org.mmrec4j.config.ConfigException}) before any data is read or file written, bad data
     * ({@code org.mmrec4j.data.DataException}) before training starts.
     *
     * @param runDir the run folder to write: config.resolved.yaml, manifest.json, metrics.json, model.bin, ...
     * @return the trained run, ready to recommend
     */
    public Run run(Path runDir) {
        Objects.requireNonNull(runDir, "runDir");
        RunSetup setup = RunSetup.resolve(model, dataDir, configFile, sets, false);
        if (SparseRows.backend().equals("scalar")) log.message(SCALAR_KERNELS_NOTE);
        List<String> command = new ArrayList<>(List.of(Training.class.getName(), model, dataDir.toString()));
        sets.forEach(s -> command.addAll(List.of("--set", s)));
        if (configFile != null) command.addAll(List.of("--config", configFile.toString()));
        Experiment.Outcome outcome = Experiment.run(setup, runDir, existing, log, command);
        return Run.load(outcome.selectedDir(), dataDir);
    }
}
