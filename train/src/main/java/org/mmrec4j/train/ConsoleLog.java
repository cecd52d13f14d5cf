package org.mmrec4j.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Prints training progress. Epoch lines keep MMRec's shape (protocol §9.5) so existing log parsers
 * work. A progress bar over the batches appears only on an interactive terminal: redirected output
 * gets plain lines, never carriage returns or ANSI codes.
 */
public final class ConsoleLog implements TrainListener {
    private final PrintStream out;
    private final boolean interactive;
    private ProgressBar bar;
    private String description = "";

    /** @param interactive whether {@code out} is a terminal, so a progress bar may redraw itself */
    public ConsoleLog(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Interactive exactly when a console is attached. */
    public static ConsoleLog stderr() {
        return new ConsoleLog(System.err, System.console() != null);
    }

    @Override
    public void runStarted(String description, int numBatches) {
        this.description = description;
        out.println(description);
    }

    @Override
    public void batchDone(int epoch, int batch, int numBatches) {
        if (!interactive) return;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(numBatches)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .continuousUpdate().build();
        }
        bar.stepTo(batch);
        if (batch == numBatches) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void epochTrained(int epoch, double seconds, double loss) {
        out.printf(Locale.ROOT, "epoch %d training [time: %.2f s, train loss: %.4f]%n", epoch, seconds, loss);
    }

    @Override
    public void evaluated(EpochRecord r, String validKey) {
        if (r.valid().isEmpty()) { // DiffMM protocol: test only, every epoch
            out.printf(Locale.ROOT, "epoch %d evaluating [time: %.2f s] test: %s%s%n", r.epoch(), r.evalSeconds(),
                    MetricsFormat.inline(at20(r.test())), r.improved() ? "  *best*" : "");
            return;
        }
        out.printf(Locale.ROOT, "epoch %d evaluating [time: %.2f s, valid_score: %.4f]%s%n", r.epoch(), r.evalSeconds(),
                r.valid().getOrDefault(validKey, Double.NaN), r.improved() ? "  *best*" : "");
        if (r.improved()) {
            out.println("  valid: " + MetricsFormat.inline(at20(r.valid())));
            out.println("  test:  " + MetricsFormat.inline(at20(r.test())));
        }
    }

    /** The @20 entries only: one short line per split; the full table comes at the end of the run. */
    private static java.util.Map<String, Double> at20(java.util.Map<String, Double> m) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.endsWith("@20")) out.put(k, v);
        });
        return out;
    }

    @Override
    public void message(String line) {
        out.println(line);
    }
}
