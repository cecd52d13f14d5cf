package org.mmrec4j.cli;

import org.mmrec4j.engine.Parallel;
import picocli.CommandLine.Option;

/** Options every compute command shares. */
public final class CommonOptions {
    @Option(names = "--threads", description = "worker threads, >= 1 (default: all cores)")
    Integer threads;

    public void apply() {
        if (threads == null) return;
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1 (leave it out for all cores), got " + threads);
        Parallel.setThreads(threads);
    }
}
