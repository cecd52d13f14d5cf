package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmrec4j.report.Leaderboard;
import org.mmrec4j.report.Report;
import org.mmrec4j.report.RunRecord;
import org.mmrec4j.train.Comparison;
import org.mmrec4j.train.ConsoleLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train several models under several seeds and write a leaderboard (mean ± std, paired "
                + "significance tests against the best model) with report.md and plots.",
                "Finished runs are skipped and interrupted ones resumed, so the same command continues a stopped comparison."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "dataset folder holding <name>.inter and optional *_feat.npy")
    Path data;

    @Option(names = "--models", required = true, split = ",", description = "comma-separated model names, e.g. LightGCN,VBPR,FREEDOM")
    List<String> models;

    @Option(names = "--seeds", defaultValue = "3", description = "runs per model; seed 1 is the configured seed, the others derive from it (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--config", description = "YAML file layered over every model's defaults")
    Path config;

    @Option(names = "--set", description = "key=value override for every model, repeatable (e.g. --set epochs=100)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", required = true, description = "comparison folder: runs/<Model>/seed-<seed>/, leaderboard.md, leaderboard.csv, report.md, plots/")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        List<String> command = new ArrayList<>(List.of("compare", "--data", data.toString(), "--models", String.join(",", models),
                "--seeds", Integer.toString(seeds)));
        sets.forEach(s -> command.addAll(List.of("--set", s)));
        var runs = Comparison.run(models, data, config, sets, seeds, out, ConsoleLog.stderr(), command);
        List<RunRecord> records = runs.stream().map(r -> RunRecord.read(r.dir())).toList();
        Leaderboard board = Leaderboard.of(records);
        board.write(out);
        System.out.print(board.markdown());
        TrainCommand.writePlots(records, out);
        System.out.println("comparison folder: " + out.toAbsolutePath().normalize());
        return 0;
    }
}
