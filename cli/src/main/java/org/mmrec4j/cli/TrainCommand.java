package org.mmrec4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmrec4j.report.Report;
import org.mmrec4j.report.RunRecord;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.ExperimentLoop;
import org.mmrec4j.train.MetricsFormat;
import org.mmrec4j.train.Protocol;
import org.mmrec4j.train.RunSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model with early stopping on validation and report test metrics at the best epoch.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model name, see `mmrec4j models`")
    String model;

    @Option(names = "--out", description = "run folder (default: runs/<model>-<dataset>-<time>)")
    Path out;

    @Option(names = "--protocol", description = "mmrec (default: early stopping and selection on valid) or diffmm "
            + "(DiffMM's: test after every epoch, best test epoch reported, valid never read); same as --set protocol=...")
    String protocol;

    @Option(names = "--grid", description = "search the model's grid, selecting on validation")
    boolean grid;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint, with the same settings "
            + "(only epochs upward, checkpoint_every, graph_cache and cache_dir may change); a finished run is left as it is")
    boolean resume;

    @Option(names = "--overwrite", description = "replace the run that --out already holds (without it, train refuses)")
    boolean overwrite;

    @Option(names = "--inject-noise", paramLabel = "RATIO",
            description = "add RATIO x |train| random (user, item) pairs to the training split (same as --set noise_ratio=RATIO)")
    Double injectNoise;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        if (resume && out == null) throw new IllegalArgumentException("--resume needs --out RUN_DIR");
        if (resume && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other: continue the run, or replace it");
        List<String> sets = run.sets();
        if (injectNoise != null) sets.add("noise_ratio=" + injectNoise);
        if (protocol != null) {
            Protocol.parse(protocol); // a clear error before any data is read
            sets.add(0, "protocol=" + protocol);
        }
        RunSetup setup = RunSetup.resolve(model, run.data(), run.config(), sets, grid);
        Path dir = out != null ? out : Path.of("runs", setup.spec().name() + "-" + setup.datasetName() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<String> command = run.command("train", "--model", model);
        Experiment.Outcome o = Experiment.run(setup, dir, resume ? ExperimentLoop.Existing.RESUME
                : overwrite ? ExperimentLoop.Existing.OVERWRITE : ExperimentLoop.Existing.REFUSE, run.log(), command);
        var r = o.selected();
        System.out.printf("%s on %s: best epoch %d of %d%s%n", r.model(), r.dataset(), r.bestEpoch(), r.epochsRun(),
                o.all().size() > 1 ? ", selected " + r.combo() + " of " + o.all().size() + " configurations" : "");
        if (!r.bestValid().isEmpty()) System.out.print(MetricsFormat.table("valid", r.bestValid()));
        System.out.print(MetricsFormat.table("test", r.bestTest()));
        writePlots(dir);
        System.out.println("run folder: " + dir.toAbsolutePath().normalize());
        return 0;
    }

    /** The run's own report and plots; drawing must never fail a finished training, so errors become a warning. */
    static void writePlots(Path dir) {
        try {
            writePlots(List.of(RunRecord.read(dir)), dir);
        } catch (RuntimeException e) {
            System.err.println("warning: no plots for " + dir + ": " + e.getMessage());
        }
    }

    /** report.md and plots/ for finished runs; a drawing failure is a warning, the runs' results stand. */
    static void writePlots(List<RunRecord> runs, Path dir) {
        try {
            Report.write(runs, dir, System.err);
        } catch (Exception | LinkageError | java.awt.AWTError e) {
            System.err.println("warning: no report or plots in " + dir + ": " + e);
        }
    }
}
