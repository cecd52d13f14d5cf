package org.mmrec4j.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Prints training progress at one of four {@link Detail} levels. Epoch lines keep MMRec's shape
 * (protocol §9.5) so existing log parsers work, followed by the progress: epochs so far out of the cap,
 * training time so far and an ETA from the mean epoch time (train plus evaluation). The ETA assumes every
 * epoch up to the cap runs; early stopping may end the run sooner, which the run's first lines say.
 *
 * <p>On an interactive terminal at {@link Detail#NORMAL} each run is one updating progress bar over its
 * epochs instead of epoch lines; redirected output gets plain lines only, never carriage returns or
 * ANSI codes.
 */
public final class ConsoleLog implements TrainListener {
    /** How much is printed. */
    public enum Detail {
        /** Per run: what it is, its epoch cap and stopping rule, and one closing line (the demo's redirected output). */
        SUMMARY,
        /** Plus one line per evaluation ({@code --quiet}). */
        QUIET,
        /** Plus one line per epoch and the @20 metrics at each new best (the default). */
        NORMAL,
        /** Plus one line per batch ({@code --verbose}). */
        VERBOSE
    }

    private final PrintStream out;
    private final boolean interactive;
    private final Detail detail;
    private Start start;
    /** Training plus evaluation seconds of the epochs this process trained, and how many it trained. */
    private double elapsed;
    private int trained;
    private ProgressBar bar;

    public ConsoleLog(PrintStream out, boolean interactive, Detail detail) {
        this.out = out;
        this.interactive = interactive;
        this.detail = detail;
    }

    /** Plain lines at {@link Detail#NORMAL}. */
    public ConsoleLog(PrintStream out, boolean interactive) {
        this(out, interactive, Detail.NORMAL);
    }

    /** To standard error, interactive exactly when a console is attached. */
    public static ConsoleLog stderr(Detail detail) {
        return new ConsoleLog(System.err, System.console() != null, detail);
    }

    public static ConsoleLog stderr() {
        return stderr(Detail.NORMAL);
    }

    private boolean usesBar() {
        return interactive && detail == Detail.NORMAL;
    }

    @Override
    public void runStarted(Start s) {
        start = s;
        elapsed = 0;
        trained = 0;
        out.println(s.description());
        out.println(plan(s));
        if (usesBar()) {
            bar = new ProgressBarBuilder().setTaskName(s.description()).setInitialMax(s.maxEpochs()).startsFrom(s.firstEpoch(), Duration.ZERO)
                    .setUnit(" epochs", 1).hideEta().setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }
    }

    /** The run's first line of intent: the epoch cap and when early stopping ends it sooner. */
    static String plan(Start s) {
        String from = s.firstEpoch() > 0 ? " (resuming at epoch " + s.firstEpoch() + ")" : "";
        String every = s.evalStep() == 1 ? "evaluating every epoch" : "evaluating every " + s.evalStep() + " epochs";
        String stop = s.stoppingStep() == Integer.MAX_VALUE ? "no early stopping"
                : String.format(Locale.ROOT, "early stopping once valid %s has not improved for more than %d evaluations (stopping_step %d),"
                        + " so it may end before the ETA", s.validMetric().toLowerCase(Locale.ROOT), s.stoppingStep(), s.stoppingStep());
        return "training up to " + s.maxEpochs() + " epochs" + from + ", " + every + "; " + stop;
    }

    @Override
    public void batchDone(int epoch, int batch, int numBatches) {
        if (detail == Detail.VERBOSE) out.printf(Locale.ROOT, "epoch %d batch %d/%d%n", epoch, batch, numBatches);
    }

    @Override
    public void epochTrained(int epoch, double seconds, double loss) {
        elapsed += seconds;
        trained++;
        if (usesBar() || detail.compareTo(Detail.NORMAL) < 0) return;
        out.printf(Locale.ROOT, "epoch %d training [time: %.2f s, train loss: %.4f]  %s%n", epoch, seconds, loss, progress(epoch));
    }

    @Override
    public void evaluated(EpochRecord r, String validKey) {
        elapsed += r.evalSeconds();
        if (usesBar() || detail == Detail.SUMMARY) return;
        boolean testOnly = r.valid().isEmpty(); // DiffMM protocol: test only, every epoch
        if (detail == Detail.QUIET) {
            Map<String, Double> scored = testOnly ? r.test() : r.valid();
            out.printf(Locale.ROOT, "epoch %d %s %s %.4f%s  %s%n", r.epoch(), testOnly ? "test" : "valid", validKey,
                    scored.getOrDefault(validKey, Double.NaN), r.improved() ? " *best*" : "", progress(r.epoch()));
            return;
        }
        if (testOnly) {
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

    @Override
    public void epochDone(List<EpochRecord> logSoFar) {
        if (bar == null) return;
        EpochRecord last = logSoFar.get(logSoFar.size() - 1);
        EpochRecord best = null;
        for (EpochRecord r : logSoFar) if (r.improved()) best = r;
        String key = start.validMetric().toLowerCase(Locale.ROOT);
        String bestText = best == null ? "" : String.format(Locale.ROOT, ", best %s %.4f at epoch %d", key,
                (best.valid().isEmpty() ? best.test() : best.valid()).getOrDefault(key, Double.NaN), best.epoch());
        bar.stepTo(last.epoch() + 1);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f%s, ETA <= %s", last.trainLoss(), bestText, duration(eta(last.epoch()))));
    }

    @Override
    public void runFinished(TrainResult r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (detail != Detail.SUMMARY || start == null) return;
        String key = start.validMetric().toLowerCase(Locale.ROOT);
        Map<String, Double> selectedOn = r.bestValid().isEmpty() ? r.bestTest() : r.bestValid();
        out.printf(Locale.ROOT, "%s: %d epochs in %s, best epoch %d (%s %s %.4f)%n", start.description(), r.epochsRun(), duration(elapsed),
                r.bestEpoch(), r.bestValid().isEmpty() ? "test" : "valid", key, selectedOn.getOrDefault(key, Double.NaN));
    }

    /** "[13/1000 epochs, 2.1 s, ETA <= 41 s]" after epoch index {@code epoch}. */
    String progress(int epoch) {
        return String.format(Locale.ROOT, "[%d/%d epochs, %s, ETA <= %s]", epoch + 1, start.maxEpochs(), duration(elapsed), duration(eta(epoch)));
    }

    /** Seconds left if every epoch up to the cap runs, at the mean time of the epochs trained so far. */
    private double eta(int epoch) {
        return trained == 0 ? 0 : elapsed / trained * Math.max(0, start.maxEpochs() - (epoch + 1));
    }

    /** "4.2 s", "41 s", "4 min 05 s", "2 h 03 min". */
    static String duration(double seconds) {
        if (seconds < 10) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** The @20 entries only: one short line per split; the full table comes at the end of the run. */
    private static Map<String, Double> at20(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
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
