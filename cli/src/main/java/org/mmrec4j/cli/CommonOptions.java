package org.mmrec4j.cli;

import org.mmrec4j.engine.Parallel;
import picocli.CommandLine.Option;

/** Options every compute command shares. */
public final class CommonOptions {
    @Option(names = "--threads", description = "worker threads (default: all cores)")
    int threads;

    public void apply() {
        if (threads > 0) Parallel.setThreads(threads);
    }
}
