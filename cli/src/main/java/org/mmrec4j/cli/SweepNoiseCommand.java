package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmrec4j.report.SweepReport;
import org.mmrec4j.train.NoiseSweep;
import org.mmrec4j.train.SweepVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep-noise", mixinStandardHelpOptions = true,
        description = {"Noise-robustness sweep: train every variant at every injected-noise ratio and report test Recall@20 / NDCG@20",
                "against ratio 0 (sweep.csv, sweep.md, sweep_recall.png/.svg). Re-running the same command continues it."})
public final class SweepNoiseCommand implements Callable<Integer> {
    @Option(names = "--ratios", split = ",", defaultValue = "0,0.1,0.2,0.3",
            description = "noise ratios: random training pairs added per training pair (default: ${DEFAULT-VALUE})")
    List<Double> ratios;

    @Option(names = "--variants", required = true,
            description = "';'-separated label=model:key=value,key=value (label and overrides optional), "
                    + "e.g. 'BM3;BM3+T-CE=BM3:denoise=tce;BM3+R-CE=BM3:denoise=rce'")
    String variants;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds per run, counting up from the config's seed (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", required = true, description = "sweep folder: one sub-folder per variant, ratio and seed, plus the reports")
    Path out;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        NoiseSweep sweep = new NoiseSweep(run.data(), ratios, SweepVariant.parseAll(variants), run.config(), run.sets(), seeds, out);
        sweep.run(run.log(), done -> SweepReport.write(sweep));
        SweepReport.write(sweep);
        System.out.println("sweep folder: " + out.toAbsolutePath().normalize() + " (sweep.md, sweep.csv, sweep_recall.png)");
        return 0;
    }
}
