package org.mmrec4j.cli;

import org.mmrec4j.engine.Parallel;
import org.mmrec4j.train.ConsoleLog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Options every compute command shares: --threads and how much training progress it prints. */
public final class CommonOptions {
    @Option(names = "--threads", description = "worker threads, >= 1 (default: all cores)")
    Integer threads;

    @ArgGroup(exclusive = true)
    Verbosity verbosity;

    static final class Verbosity {
        @Option(names = "--quiet", description = "print one line per evaluation instead of one per epoch")
        boolean quiet;

        @Option(names = "--verbose", description = "print every epoch in full and one line per batch (no progress bar)")
        boolean verbose;
    }

    public void apply() {
        if (threads == null) return;
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1 (leave it out for all cores), got " + threads);
        Parallel.setThreads(threads);
    }

    /** The training log on standard error at the chosen detail, {@code otherwise} when neither --quiet nor --verbose is given. */
    public ConsoleLog log(ConsoleLog.Detail otherwise) {
        ConsoleLog.Detail d = verbosity == null ? otherwise : verbosity.quiet ? ConsoleLog.Detail.QUIET : ConsoleLog.Detail.VERBOSE;
        return ConsoleLog.stderr(d);
    }

    /** The training log at {@link ConsoleLog.Detail#NORMAL} unless --quiet or --verbose says otherwise. */
    public ConsoleLog log() {
        return log(ConsoleLog.Detail.NORMAL);
    }
}
