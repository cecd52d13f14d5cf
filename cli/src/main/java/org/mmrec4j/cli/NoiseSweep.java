package org.mmrec4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;
import org.mmrec4j.plot.Chart;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.SampleDenoising;
import org.mmrec4j.train.TrainListener;
import org.mmrec4j.train.TrainSettings;
import org.mmrec4j.train.RunConfig;

/**
 * A noise-robustness sweep (spec/models.md §20.4): every variant at every injected-noise ratio and
 * seed, each a normal training run ({@link Experiment}) in {@code out/<variant>/ratio-<ρ>/seed-<s>}.
 * Every configuration is resolved before the first run, so an unknown key or model fails at once.
 * Finished runs (metrics.json present) are skipped and an interrupted one resumes from its checkpoint,
 * so the same command continues a sweep. After every run the reports are rewritten from the run
 * folders: {@code sweep.csv}, {@code sweep.md} (test Recall@20 / NDCG@20 at the best validation epoch
 * and their change against ratio 0) and {@code sweep_recall.png}/{@code .svg} (test Recall@20 against ρ).
 * Runs go ratio by ratio, so an interrupted sweep has compared every variant at the lower ratios.
 */
final class NoiseSweep {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One training run of the sweep, its configuration resolved. */
    record Run(SweepVariant variant, double ratio, long seed, ModelSpec spec, Config config, Path dir) {}

    /** One variant at one ratio: means over the seeds whose runs have finished. */
    record Row(SweepVariant variant, double ratio, int seedsDone, int seedsPlanned, double added, double bestEpoch,
               double epochsRun, double validRecall, double testRecall, double testNdcg, double recallStd, double ndcgStd) {
        boolean done() {
            return seedsDone == seedsPlanned;
        }
    }

    private final Path data, out, userConfig;
    private final String datasetName;
    private final List<Double> ratios;
    private final List<SweepVariant> variants;
    private final List<String> sets;
    private final List<Long> seeds = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private final PrintStream progress;

    /** Resolves every run's configuration; throws on any bad key, value or model name before anything runs. */
    NoiseSweep(Path data, List<Double> ratios, List<SweepVariant> variants, Path userConfig, List<String> sets, int numSeeds,
               Path out, PrintStream progress) {
        if (ratios.isEmpty()) throw new IllegalArgumentException("--ratios is empty; write e.g. 0,0.1,0.2,0.3");
        for (double r : ratios) {
            if (!(r >= 0) || !Double.isFinite(r)) throw new IllegalArgumentException("noise ratio " + r + " must be >= 0");
        }
        if (ratios.stream().distinct().count() != ratios.size()) throw new IllegalArgumentException("--ratios lists a ratio twice: " + ratios);
        if (numSeeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + numSeeds);
        for (String s : sets) rejectReserved(s, "--set");
        for (SweepVariant v : variants) for (String s : v.sets()) rejectReserved(s, "variant " + v.label());
        this.data = data;
        this.out = out;
        this.userConfig = userConfig;
        this.datasetName = RunConfig.datasetName(data);
        this.ratios = List.copyOf(ratios);
        this.variants = List.copyOf(variants);
        this.sets = List.copyOf(sets);
        this.progress = progress;
        for (double ratio : ratios) {
            for (SweepVariant v : variants) {
                ModelSpec spec = ModelCatalog.get(v.model());
                if (seeds.isEmpty()) {
                    long first = firstSeed(RunConfig.resolve(spec, datasetName, userConfig, overrides(v, ratio, null), false));
                    for (int k = 0; k < numSeeds; k++) seeds.add(first + k);
                }
                for (long seed : seeds) {
                    Config c = RunConfig.resolve(spec, datasetName, userConfig, overrides(v, ratio, seed), false);
                    try {
                        for (Config combo : c.expandGrid()) {
                            TrainSettings.from(combo);
                            SampleDenoising.from(combo);
                        }
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("variant " + v.label() + ": " + e.getMessage(), e);
                    }
                    // wrapper=guider in a variant's overrides trains the catalogue model inside GUIDER, as train does
                    runs.add(new Run(v, ratio, seed, Wrappers.apply(spec, c), c, runDir(v, ratio, seed)));
                }
            }
        }
    }

    private static void rejectReserved(String set, String where) {
        String key = set.contains("=") ? set.substring(0, set.indexOf('=')).trim() : set.trim();
        if (key.equals("noise_ratio")) throw new IllegalArgumentException(where + " sets noise_ratio; the sweep sets it from --ratios");
    }

    private List<String> overrides(SweepVariant v, double ratio, Long seed) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(v.sets());
        all.add("noise_ratio=" + ratio);
        if (seed != null) all.add("seed=" + seed);
        return all;
    }

    private static long firstSeed(Config c) {
        Object s = c.get(Config.SEED);
        Object first = s instanceof List<?> l ? l.get(0) : s;
        return ((Number) first).longValue();
    }

    static String ratioName(double r) {
        return BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    private Path runDir(SweepVariant v, double ratio, long seed) {
        return out.resolve(v.folderName()).resolve("ratio-" + ratioName(ratio)).resolve("seed-" + seed);
    }

    List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Runs (or skips, or resumes) every run in order, rewriting the reports after each. */
    void run(TrainListener log) {
        Map<DatasetOptions, Dataset> loaded = new HashMap<>();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            progress.printf(Locale.ROOT, "sweep [%d/%d] %s, noise ratio %s, seed %d -> %s%n", k + 1, runs.size(), r.variant().label(),
                    ratioName(r.ratio()), r.seed(), r.dir());
            if (Files.exists(r.dir().resolve("metrics.json"))) {
                progress.println("already finished");
                continue;
            }
            DatasetOptions options = RunConfig.datasetOptions(r.config(), datasetName);
            Dataset d = loaded.get(options);
            if (d == null) {
                loaded.clear(); // one dataset in memory at a time: variants usually share one
                d = Dataset.load(data, options);
                d.warnings().forEach(w -> progress.println("warning: " + w));
                loaded.put(options, d);
            }
            List<String> command = new ArrayList<>(List.of("sweep-noise", "--model", r.variant().model(), "--data", data.toString()));
            overrides(r.variant(), r.ratio(), r.seed()).forEach(s -> command.addAll(List.of("--set", s)));
            Experiment.run(r.spec(), d, r.config(), r.dir(), true, log, command);
            writeReports();
        }
        writeReports();
    }

    /** The rows as they stand: finished seeds averaged, unfinished rows marked. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (SweepVariant v : variants) {
            for (double ratio : ratios) {
                List<Map<String, Object>> done = new ArrayList<>();
                for (long seed : seeds) {
                    Path f = runDir(v, ratio, seed).resolve("metrics.json");
                    if (Files.exists(f)) done.add(readJson(f));
                }
                rows.add(row(v, ratio, done));
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private Row row(SweepVariant v, double ratio, List<Map<String, Object>> done) {
        int n = done.size();
        double[] added = new double[n], best = new double[n], epochs = new double[n], valid = new double[n], recall = new double[n],
                ndcg = new double[n];
        for (int k = 0; k < n; k++) {
            Map<String, Object> m = done.get(k);
            Map<String, Object> noise = (Map<String, Object>) m.get("noise");
            added[k] = noise == null ? 0 : ((Number) noise.get("added")).doubleValue();
            best[k] = ((Number) m.get("best_epoch")).doubleValue();
            epochs[k] = ((Number) m.get("epochs_run")).doubleValue();
            valid[k] = metric(m, "valid", "recall@20");
            recall[k] = metric(m, "test", "recall@20");
            ndcg[k] = metric(m, "test", "ndcg@20");
        }
        return new Row(v, ratio, n, seeds.size(), mean(added), mean(best), mean(epochs), mean(valid), mean(recall), mean(ndcg),
                std(recall), std(ndcg));
    }

    @SuppressWarnings("unchecked")
    private static double metric(Map<String, Object> m, String split, String key) {
        Object v = ((Map<String, Object>) m.get(split)).get(key);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static double mean(double[] x) {
        if (x.length == 0) return Double.NaN;
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample standard deviation; NaN below two values. */
    private static double std(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    private static Map<String, Object> readJson(Path f) {
        try {
            return JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** The same variant's finished row at ratio 0, or null. */
    private static Row baseline(List<Row> rows, Row r) {
        for (Row b : rows) if (b.variant().equals(r.variant()) && b.ratio() == 0 && b.done()) return b;
        return null;
    }

    private static double change(double value, double base) {
        return base > 0 ? (value - base) / base : Double.NaN;
    }

    void writeReports() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        List<Row> rows = rows();
        AtomicFiles.writeString(out.resolve("sweep.csv"), csv(rows));
        AtomicFiles.writeString(out.resolve("sweep.md"), markdown(rows));
        Chart chart = Chart.line("Test Recall@20 under injected training noise (" + datasetName + ")", "noise ratio (added pairs / training pairs)",
                "test Recall@20 at best validation epoch");
        boolean any = false;
        for (SweepVariant v : variants) {
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
                    .append(csvField(String.join(";", r.variant().sets()))).append(',').append(ratioName(r.ratio())).append(',')
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
        return BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }

    private String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("# Noise sweep: " + datasetName + "\n\n");
        sb.append("Test metrics at the best validation epoch").append(seeds.size() > 1 ? ", mean ± sample std over " + seeds.size() + " seeds" : "")
                .append(". Noise: ⌊ρ·|train|⌋ random (user, item) pairs absent from every split, added to the training split only. ")
                .append("Change: relative to the same variant at ratio 0.\n\n");
        sb.append("Seeds: ").append(seeds).append(". Common overrides: ").append(sets.isEmpty() ? "none" : "`" + String.join(" ", sets) + "`")
                .append(userConfig != null ? "; config " + userConfig : "").append(".\n\n");

        sb.append("## Test Recall@20 by noise ratio\n\n| variant |");
        for (double r : ratios) sb.append(' ').append(ratioName(r)).append(" |");
        sb.append("\n|---|");
        sb.append("---|".repeat(ratios.size())).append('\n');
        for (SweepVariant v : variants) {
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
                    .append(ratioName(r.ratio())).append(" | ");
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
