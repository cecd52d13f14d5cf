package org.mmrec4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.cli.CommonOptions;
import org.mmrec4j.cli.Main;
import org.mmrec4j.cli.RunOptions;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.kernel.Gemm;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.train.ConsoleLog;
import org.mmrec4j.train.EpochRecord;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainListener;
import org.mmrec4j.train.TrainResult;
import org.mmrec4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks that report medians and ratios; never timed unit tests. */
@Command(name = "mmrec4j bench", mixinStandardHelpOptions = true,
        subcommands = {BenchMain.Epoch.class, KnnBench.class, SynthCommand.class, TextFeaturesBench.class, LoadCommand.class})
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(Main.commandLine(new BenchMain()).execute(args));
    }

    @Command(name = "epoch", mixinStandardHelpOptions = true,
            description = "Median seconds per training epoch and per full-ranking validation pass, and peak memory.")
    static final class Epoch implements Callable<Integer> {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--epochs", description = "epochs to time; the first is warm-up (default 6)") int epochs = 6;
        @Mixin RunOptions run;

        @Override
        public Integer call() {
            run.apply();
            List<String> all = new ArrayList<>(run.sets());
            all.addAll(List.of("epochs=" + epochs, "stopping_step=" + (epochs + 1), "checkpoint_every=null"));
            RunSetup resolved = RunSetup.resolve(model, run.data(), run.config(), all, false); // --set wrapper=guider times the wrapped model
            RunSetup setup = resolved.withConfig(resolved.config().expandGrid().get(0));
            ModelSpec spec = setup.spec();
            Dataset d = setup.load(TrainListener.NONE);
            TrainResult r = new Trainer(spec, d, setup.config(), Trainer.EvalSets.of(d), ConsoleLog.stderr()).run(null, false);
            List<EpochRecord> timed = r.log().subList(Math.min(1, r.log().size() - 1), r.log().size());
            double train = TrainResult.median(timed.stream().mapToDouble(EpochRecord::trainSeconds).toArray());
            double eval = TrainResult.median(timed.stream().mapToDouble(EpochRecord::evalSeconds).toArray());
            System.out.printf(Locale.ROOT, "model %s, dataset %s (%s), threads %d, blas %s%n", spec.name(), d.name(),
                    d.summary(), Parallel.threads(), Gemm.backend());
            System.out.printf(Locale.ROOT, "epochs timed: %d (after 1 warm-up)%n", timed.size());
            System.out.printf(Locale.ROOT, "train s/epoch (median): %.3f%n", train);
            System.out.printf(Locale.ROOT, "validation eval s (median): %.3f%n", eval);
            System.out.printf(Locale.ROOT, "peak RSS: %s%n", peakRss());
            return 0;
        }
    }

    /** VmHWM from /proc (Linux): the resident-set high-water mark of this JVM. */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.2f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown (no /proc/self/status)";
    }
}
