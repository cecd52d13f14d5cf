package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmrec4j.report.Report;
import org.mmrec4j.report.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.md and plots (PNG + SVG) for finished runs: loss and validation Recall@20 per epoch, "
                + "test Recall/NDCG@K, Recall@20 by user degree, seconds per epoch; with several runs also a leaderboard.",
                "Each RUN_DIR is a run folder or a folder holding run folders (a compare or tune output)."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run folders, or folders holding them")
    List<Path> runs;

    @Option(names = "--out", description = "where report.md and plots/ go (default: the RUN_DIR, when there is one)")
    Path out;

    @Override
    public Integer call() {
        if (out == null && runs.size() > 1) throw new IllegalArgumentException("several RUN_DIRs need --out DIR for the report");
        Path dir = out != null ? out : runs.get(0);
        List<RunRecord> records = RunRecord.discover(runs);
        Report.write(records, dir, System.err);
        System.out.println(records.size() + " run(s); report: " + dir.resolve("report.md").toAbsolutePath().normalize());
        return 0;
    }
}
