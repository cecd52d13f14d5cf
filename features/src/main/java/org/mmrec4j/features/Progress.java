package org.mmrec4j.features;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long feature job: a progress bar on an interactive terminal, otherwise one plain line
 * about every 10 seconds (redirected logs never get carriage returns or ANSI codes). Thread-safe.
 */
public final class Progress implements AutoCloseable {
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String task;
    private final long total;
    private final PrintStream out;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastLogNanos = startNanos;

    /** A bar exactly when {@code System.console()} is attached. */
    public static Progress of(String task, long total, PrintStream out) {
        return new Progress(task, total, out, System.console() != null);
    }

    /** No output at all (tests, benchmarks). */
    public static Progress silent(long total) {
        return new Progress("", total, null, false);
    }

    Progress(String task, long total, PrintStream out, boolean interactive) {
        this.task = task;
        this.total = total;
        this.out = out;
        this.bar = interactive && out != null ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
    }

    public synchronized void step(long n) {
        done += n;
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (out != null && (now - lastLogNanos >= LOG_EVERY_NANOS)) {
            lastLogNanos = now;
            double s = (now - startNanos) / 1e9;
            out.printf(Locale.ROOT, "%s: %d/%d (%.0f%%), %.1f per s%n", task, done, total, 100.0 * done / Math.max(1, total), done / s);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
    }
}
