package org.mmrec4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.train.ConsoleLog;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.ExperimentLoop;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate the embedded demo dataset, train an ID model (LightGCN) and two multimodal ones (VBPR, FREEDOM) on it, "
                + "write each run's report.md and plots, and print one table and the command that serves the best run.",
                "On a terminal each model is one progress line; redirected output gets three lines per model (--quiet or --verbose for more)."})
public final class DemoCommand implements Callable<Integer> {
    /** The seed of the published demo files; README.md in the generated folder documents the process. */
    static final long DEMO_SEED = 2024;

    /**
     * A demo model and the settings it trains with, layered over its own YAML like `train --set`. The
     * learning rates were picked on the demo data's validation split so each model is near its best within
     * the epoch cap, which keeps the whole demo under two minutes on two cores.
     */
    record DemoModel(String name, List<String> settings) {}

    static final List<DemoModel> MODELS = List.of(
            new DemoModel("LightGCN", List.of("learning_rate=0.01")),
            new DemoModel("VBPR", List.of("learning_rate=0.003")),
            new DemoModel("FREEDOM", List.of("learning_rate=0.01", "dropout=0.5", "mm_image_weight=0.5")));

    @Option(names = "--dir", description = "where the demo dataset is written (default: demo-data)")
    Path dir = Path.of("demo-data");

    @Option(names = "--out", description = "parent folder of the run folders (default: runs/demo)")
    Path out = Path.of("runs", "demo");

    @Option(names = "--epochs", description = "epoch cap per model, >= 1 (default: 50; early stopping after 10 evaluations without improvement)")
    int epochs = 50;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (!Files.exists(dir.resolve("demo.inter"))) {
            DemoDataset.generate(dir, DEMO_SEED);
            System.err.println("generated the demo dataset in " + dir + " (seed " + DEMO_SEED + ")");
        }
        // a progress bar per model on a terminal; otherwise a few lines per model, the epochs staying in each run's train_log.csv
        ConsoleLog log = common.log(System.console() != null ? ConsoleLog.Detail.NORMAL : ConsoleLog.Detail.SUMMARY);
        List<Row> rows = new ArrayList<>();
        for (DemoModel m : MODELS) {
            List<String> sets = new ArrayList<>(List.of("epochs=" + epochs, "stopping_step=10"));
            sets.addAll(m.settings());
            long t0 = System.nanoTime();
            RunSetup setup = RunSetup.resolve(m.name(), dir, null, sets, false);
            Path runDir = out.resolve(m.name());
            List<String> command = new ArrayList<>(List.of("demo", "--model", m.name(), "--data", dir.toString()));
            sets.forEach(s -> command.addAll(List.of("--set", s)));
            // the demo replaces its own earlier runs
            TrainResult r = Experiment.run(setup, runDir, ExperimentLoop.Existing.OVERWRITE, log, command).selected();
            TrainCommand.writePlots(runDir);
            rows.add(new Row(r, setup.config().getBoolean("is_multimodal_model"), runDir, (System.nanoTime() - t0) / 1e9));
        }
        System.out.print(table(rows));
        Row best = rows.get(0);
        for (Row r : rows) if (r.result().bestValid().get("recall@20") > best.result().bestValid().get("recall@20")) best = r;
        System.out.println("run folders (each with report.md and plots/): " + out.toAbsolutePath().normalize());
        System.out.println("serve the best run (" + best.result().model() + ", by valid R@20): ./mmrec4j serve --run " + best.dir() + " --port 8080");
        System.out.println("then open http://localhost:8080/ in a browser to explore its recommendations");
        return 0;
    }

    /** One trained demo model: its result, whether it reads the item features, its folder and wall seconds (training, evaluation, plots). */
    record Row(TrainResult result, boolean multimodal, Path dir, double seconds) {}

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-10s %-11s %10s %6s %10s %9s %9s %7s%n",
                "model", "multimodal", "best epoch", "epochs", "valid R@20", "test R@20", "test N@20", "seconds"));
        for (Row row : rows) {
            TrainResult r = row.result();
            sb.append(String.format(Locale.ROOT, "%-10s %-11s %10d %6d %10.4f %9.4f %9.4f %7.1f%n", r.model(), row.multimodal() ? "yes" : "no",
                    r.bestEpoch(), r.epochsRun(), r.bestValid().get("recall@20"), r.bestTest().get("recall@20"), r.bestTest().get("ndcg@20"), row.seconds()));
        }
        return sb.append('\n').toString();
    }
}
