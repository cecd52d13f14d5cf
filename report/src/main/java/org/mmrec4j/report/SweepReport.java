package org.mmrec4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.plot.Chart;
import org.mmrec4j.train.NoiseSweep;
import org.mmrec4j.train.RunFolder;
import org.mmrec4j.train.SweepVariant;

/**
 * A noise sweep's tables and plot, rebuilt from its run folders as they stand: {@code sweep.csv},
 * {@code sweep.md} (test Recall@20 / NDCG@20 at the best validation epoch, mean ± std over the finished
 * seeds by {@link Stats}, and their change against ratio 0) and {@code sweep_recall.png}/{@code .svg}
 * (test Recall@20 against ρ). Unfinished rows are marked.
 */
public final class SweepReport {
    /** One variant at one ratio: means over the seeds whose runs have finished. */
    record Row(SweepVariant variant, double ratio, int seedsDone, int seedsPlanned, double added, double bestEpoch,
               double epochsRun, double validRecall, double testRecall, double testNdcg, double recallStd, double ndcgStd) {
        boolean done() {
            return seedsDone == seedsPlanned;
        }
    }

    private final NoiseSweep sweep;

    private SweepReport(NoiseSweep sweep) {
        this.sweep = sweep;
    }

    /** Writes sweep.csv, sweep.md and the plot into the sweep's folder. */
    public static void write(NoiseSweep sweep) {
        new SweepReport(sweep).write();
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (SweepVariant v : sweep.variants()) {
            for (double ratio : sweep.ratios()) {
                List<RunFolder.Metrics> done = new ArrayList<>();
                for (long seed : sweep.seeds()) {
                    RunFolder f = RunFolder.at(sweep.runDir(v, ratio, seed));
                    if (f.finished()) done.add(f.readMetrics());
                }
                rows.add(row(v, ratio, done));
            }
        }
        return rows;
    }

    private Row row(SweepVariant v, double ratio, List<RunFolder.Metrics> done) {
        int n = done.size();
        double[] added = new double[n], best = new double[n], epochs = new double[n], valid = new double[n], recall = new double[n],
                ndcg = new double[n];
        for (int k = 0; k < n; k++) {
            RunFolder.Metrics m = done.get(k);
            added[k] = m.noiseAdded();
            best[k] = m.bestEpoch();
            epochs[k] = m.epochsRun();
            valid[k] = m.valid().getOrDefault("recall@20", Double.NaN);
            recall[k] = m.test().getOrDefault("recall@20", Double.NaN);
            ndcg[k] = m.test().getOrDefault("ndcg@20", Double.NaN);
        }
        return new Row(v, ratio, n, sweep.seeds().size(), Stats.mean(added), Stats.mean(best), Stats.mean(epochs), Stats.mean(valid),
                Stats.mean(recall), Stats.mean(ndcg), Stats.std(recall), Stats.std(ndcg));
    }

    /** The same variant's finished row at ratio 0, or null. */
    private static Row baseline(List<Row> rows, Row r) {
        for (Row b : rows) if (b.variant().equals(r.variant()) && b.ratio() == 0 && b.done()) return b;
        return null;
    }

    private static double change(double value, double base) {
        return base > 0 ? (value - base) / base : Double.NaN;
    }

    private void write() {
        Path out = sweep.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        List<Row> rows = rows();
        AtomicFiles.writeString(out.resolve("sweep.csv"), csv(rows));
        AtomicFiles.writeString(out.resolve("sweep.md"), markdown(rows));
        Chart chart = Chart.line("Test Recall@20 under injected training noise (" + sweep.datasetName() + ")",
                "noise ratio (added pairs / training pairs)", "test Recall@20 at best validation epoch");
        boolean any = false;
        for (SweepVariant v : sweep.variants()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (Row r : rows) {
                if (r.variant().equals(v) && r.done()) {
                    xs.add(r.ratio());
                    ys.add(r.testRecall());
                }
            }
            if (xs.isEmpty()) continue;
            chart.series(v.label(), xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
            any = true;
        }
        if (any) chart.save(out.resolve("sweep_recall"));
    }

    private String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("variant,model,overrides,noise_ratio,seeds,added_pairs,best_epoch,epochs_run,"
                + "valid_recall@20,test_recall@20,test_ndcg@20,test_recall@20_std,test_ndcg@20_std,test_recall@20_change,test_ndcg@20_change\n");
        for (Row r : rows) {
            Row base = baseline(rows, r);
            sb.append(csvField(r.variant().label())).append(',').append(csvField(r.variant().model())).append(',')
                    .append(csvField(String.join(";", r.variant().sets()))).append(',').append(NoiseSweep.ratioName(r.ratio())).append(',')
                    .append(r.seedsDone());
            if (r.seedsDone() == 0) {
                sb.append(",,,,,,,,,,\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, ",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", num(r.added(), 1), num(r.bestEpoch(), 1),
                    num(r.epochsRun(), 1), num(r.validRecall(), 4), num(r.testRecall(), 4), num(r.testNdcg(), 4), num(r.recallStd(), 4),
                    num(r.ndcgStd(), 4), r.done() && base != null ? num(change(r.testRecall(), base.testRecall()), 4) : "",
                    r.done() && base != null ? num(change(r.testNdcg(), base.testNdcg()), 4) : ""));
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Shortest plain rendering with at most {@code digits} decimals; empty for NaN. */
    private static String num(double v, int digits) {
        if (Double.isNaN(v)) return "";
        return BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }

    private String markdown(List<Row> rows) {
        List<Long> seeds = sweep.seeds();
        List<String> sets = sweep.sets();
        StringBuilder sb = new StringBuilder("# Noise sweep: " + sweep.datasetName() + "\n\n");
        sb.append("Test metrics at the best validation epoch").append(seeds.size() > 1 ? ", mean ± sample std over " + seeds.size() + " seeds" : "")
                .append(". Noise: ⌊ρ·|train|⌋ random (user, item) pairs absent from every split, added to the training split only. ")
                .append("Change: relative to the same variant at ratio 0.\n\n");
        sb.append("Seeds: ").append(seeds).append(". Common overrides: ").append(sets.isEmpty() ? "none" : "`" + String.join(" ", sets) + "`")
                .append(sweep.userConfig() != null ? "; config " + sweep.userConfig() : "").append(".\n\n");

        sb.append("## Test Recall@20 by noise ratio\n\n| variant |");
        for (double r : sweep.ratios()) sb.append(' ').append(NoiseSweep.ratioName(r)).append(" |");
        sb.append("\n|---|");
        sb.append("---|".repeat(sweep.ratios().size())).append('\n');
        for (SweepVariant v : sweep.variants()) {
            sb.append("| ").append(v.label()).append(" |");
            for (Row r : rows) {
                if (!r.variant().equals(v)) continue;
                Row base = baseline(rows, r);
                if (!r.done()) sb.append(" – |");
                else sb.append(' ').append(String.format(Locale.ROOT, "%.4f", r.testRecall()))
                        .append(r.ratio() != 0 && base != null ? " (" + percent(change(r.testRecall(), base.testRecall())) + ")" : "").append(" |");
            }
            sb.append('\n');
        }

        sb.append("\n## All runs\n\n| variant | model | overrides | ratio | added pairs | best / run epochs | valid R@20 | test R@20 | change | test N@20 | change |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Row base = baseline(rows, r);
            sb.append("| ").append(r.variant().label()).append(" | ").append(r.variant().model()).append(" | ")
                    .append(r.variant().sets().isEmpty() ? "" : "`" + String.join(",", r.variant().sets()) + "`").append(" | ")
                    .append(NoiseSweep.ratioName(r.ratio())).append(" | ");
            if (!r.done()) {
                sb.append(String.format(Locale.ROOT, "not finished (%d/%d seeds) | | | | | | |%n", r.seedsDone(), r.seedsPlanned()));
                continue;
            }
            boolean changes = base != null && r.ratio() != 0;
            sb.append(num(r.added(), 1)).append(" | ").append(num(r.bestEpoch(), 1)).append(" / ").append(num(r.epochsRun(), 1)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", r.validRecall())).append(" | ")
                    .append(withStd(r.testRecall(), r.recallStd())).append(" | ")
                    .append(changes ? percent(change(r.testRecall(), base.testRecall())) : "").append(" | ")
                    .append(withStd(r.testNdcg(), r.ndcgStd())).append(" | ")
                    .append(changes ? percent(change(r.testNdcg(), base.testNdcg())) : "").append(" |\n");
        }
        return sb.toString();
    }

    private static String withStd(double mean, double std) {
        return String.format(Locale.ROOT, "%.4f", mean) + (Double.isNaN(std) ? "" : String.format(Locale.ROOT, " ± %.4f", std));
    }
}
