package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.train.MetricsFormat;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.Search;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search a model's grid (its YAML's grid:) by grid or random search, selecting on validation only; "
                + "writes search.csv (validation scores), best.yaml and one run folder per trial under trials/.",
                "Only the selected configuration's test metrics are reported. The same command continues a stopped search."})
public final class TuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model name, see `mmrec4j models`")
    String model;

    @Option(names = "--search", defaultValue = "grid", description = "grid (every point, MMRec's order) or random (a seeded sample); default ${DEFAULT-VALUE}")
    String search;

    @Option(names = "--trials", defaultValue = "0", description = "random: points to draw (default 10); grid: run only the first N (default all)")
    int trials;

    @Option(names = "--out", required = true, description = "search folder: search.csv, best.yaml, trials/<point>/")
    Path out;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        Search.Mode mode = switch (search.toLowerCase(Locale.ROOT)) {
            case "grid" -> Search.Mode.GRID;
            case "random" -> Search.Mode.RANDOM;
            default -> throw new IllegalArgumentException("--search must be grid or random, got " + search);
        };
        RunSetup setup = RunSetup.resolve(model, run.data(), run.config(), run.sets(), true); // wrapper=guider tunes the student inside GUIDER
        List<String> command = run.command("tune", "--model", model, "--search", search, "--trials", Integer.toString(trials));
        Search.Outcome o = Search.run(setup, mode, trials, out, run.log(), command);
        System.out.printf(Locale.ROOT, "%s on %s: %d trials, selected on validation %s = %.4f: %s (trial %s, best epoch %d)%n",
                setup.spec().name(), setup.datasetName(), o.trials().size(), o.validKey(), o.best().validScore(), o.best().combo(), o.best().name(),
                o.best().bestEpoch());
        System.out.print(MetricsFormat.table("test (selected only)", o.bestTest()));
        System.out.println("best config: " + o.bestConfig().toAbsolutePath().normalize());
        return 0;
    }
}
