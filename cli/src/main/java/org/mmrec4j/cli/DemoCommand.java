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
import org.mmrec4j.train.MetricsFormat;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the embedded demo dataset, train BPR and LightGCN on it and print the metrics.")
public final class DemoCommand implements Callable<Integer> {
    /** The seed of the published demo files; README.md in the generated folder documents the process. */
    static final long DEMO_SEED = 2024;

    @Option(names = "--dir", description = "where the demo dataset is written (default: demo-data)")
    Path dir = Path.of("demo-data");

    @Option(names = "--out", description = "parent folder of the run folders (default: runs/demo)")
    Path out = Path.of("runs", "demo");

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        if (!Files.exists(dir.resolve("demo.inter"))) {
            DemoDataset.generate(dir, DEMO_SEED);
            System.err.println("generated the demo dataset in " + dir + " (seed " + DEMO_SEED + ")");
        }
        List<TrainResult> results = new ArrayList<>();
        for (String name : List.of("BPR", "LightGCN")) {
            RunSetup setup = RunSetup.resolve(name, dir, null, List.of(), false);
            // the demo replaces its own earlier runs
            results.add(Experiment.run(setup, out.resolve(name), ExperimentLoop.Existing.OVERWRITE, ConsoleLog.stderr(), List.of("demo")).selected());
        }
        System.out.printf("%n%-10s %6s %6s %10s %10s %10s %10s%n", "model", "best", "epochs", "valid R@20", "test R@20", "test N@20", "test P@20");
        for (TrainResult r : results) {
            System.out.printf(Locale.ROOT, "%-10s %6d %6d %10.4f %10.4f %10.4f %10.4f%n", r.model(), r.bestEpoch(), r.epochsRun(),
                    r.bestValid().get("recall@20"), r.bestTest().get("recall@20"), r.bestTest().get("ndcg@20"), r.bestTest().get("precision@20"));
        }
        TrainResult best = results.get(results.size() - 1);
        System.out.println();
        System.out.print(MetricsFormat.table(best.model() + " test", best.bestTest()));
        System.out.println("run folders: " + out.toAbsolutePath().normalize());
        return 0;
    }
}
