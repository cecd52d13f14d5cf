package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmrec4j.report.Leaderboard;
import org.mmrec4j.report.RunRecord;
import org.mmrec4j.train.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train several models under several seeds and write a leaderboard (mean ± std, paired "
                + "significance tests against the best model) with report.md and plots.",
                "Finished runs are skipped and interrupted ones resumed, so the same command continues a stopped comparison."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--models", required = true, split = ",", description = "comma-separated model names, e.g. LightGCN,VBPR,FREEDOM")
    List<String> models;

    @Option(names = "--seeds", defaultValue = "3", description = "runs per model; seed 1 is the configured seed, the others derive from it (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", required = true, description = "comparison folder: runs/<Model>/seed-<seed>/, leaderboard.md, leaderboard.csv, report.md, plots/")
    Path out;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.apply();
        List<String> command = run.command("compare", "--models", String.join(",", models), "--seeds", Integer.toString(seeds));
        var runs = Comparison.run(models, run.data(), run.config(), run.sets(), seeds, out, run.log(), command);
        List<RunRecord> records = runs.stream().map(r -> RunRecord.read(r.dir())).toList();
        Leaderboard board = Leaderboard.of(records);
        board.write(out);
        System.out.print(board.markdown());
        TrainCommand.writePlots(records, out);
        System.out.println("comparison folder: " + out.toAbsolutePath().normalize());
        return 0;
    }
}
