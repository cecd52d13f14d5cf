package org.mmrec4j.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.plot.Chart;
import org.mmrec4j.train.RunFolder;

/**
 * report.md and its plots (PNG + SVG under {@code plots/}) for a set of finished runs: training loss
 * and validation Recall@20 per epoch (one curve per run), test Recall@K and NDCG@K over K per model,
 * test Recall@20 by the users' training degree, and seconds per epoch. Runs of the same model (its
 * seeds) are averaged wherever a chart shows one value per model; the error bars are the standard
 * deviation over seeds.
 */
public final class Report {
    /** The main cutoff: Recall@20 and NDCG@20 in the tables and the degree breakdown, when the runs have it. */
    static final int MAIN_K = 20;
    /** Degree groups of the breakdown: test users split into this many groups by training degree, as equal as ties allow. */
    static final int DEGREE_GROUPS = 4;

    private Report() {}

    /**
     * Writes {@code dir/report.md} and {@code dir/plots/*}. A chart whose data is missing (e.g. runs
     * without per-user values) is skipped with a line on {@code warnings}.
     */
    public static void write(List<RunRecord> runs, Path dir, PrintStream warnings) {
        if (runs.isEmpty()) throw new IllegalArgumentException("a report needs at least one run");
        Path plots = dir.resolve("plots");
        Map<RunRecord, String> labels = labels(runs);
        Map<String, List<RunRecord>> byModel = new LinkedHashMap<>();
        for (RunRecord r : runs) byModel.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r);
        List<String> images = new ArrayList<>();
        boolean seeds = byModel.values().stream().anyMatch(rs -> rs.size() > 1);
        String bars = seeds ? " (error bars: std over seeds)" : "";

        EpochCharts curves = EpochCharts.of(runs, labels);
        if (runs.stream().anyMatch(r -> !r.log().isEmpty())) {
            curves.loss().save(plots.resolve("train_loss"));
            images.add("train_loss");
        }
        if (!curves.valid().seriesList().isEmpty()) {
            curves.valid().save(plots.resolve("valid_recall20"));
            images.add("valid_recall20");
        }

        int[] ks = cutoffs(runs);
        if (ks.length == 0) throw new IllegalArgumentException(runs.get(0).dir().resolve("metrics.json")
                + ": no test recall@K shared by every run. Fix: report runs trained with a common topk");
        int k = Arrays.stream(ks).anyMatch(x -> x == MAIN_K) ? MAIN_K : ks[ks.length - 1];
        for (String metric : List.of("recall", "ndcg")) {
            String name = metric.equals("ndcg") ? "NDCG" : "Recall";
            Chart c = Chart.line("Test " + name + "@K at the best-validation epoch", "K (cutoff)", "test " + name + "@K");
            for (var e : byModel.entrySet()) {
                double[] y = new double[ks.length];
                for (int j = 0; j < ks.length; j++) {
                    String key = metric + "@" + ks[j];
                    y[j] = Stats.mean(e.getValue().stream().mapToDouble(r -> r.test().getOrDefault(key, Double.NaN)).toArray());
                }
                c.series(e.getKey(), Arrays.stream(ks).asDoubleStream().toArray(), y);
            }
            c.save(plots.resolve("test_" + metric + "_at_k"));
            images.add("test_" + metric + "_at_k");
        }

        DegreeBreakdown degrees = DegreeBreakdown.of(byModel, "recall@" + k);
        if (degrees == null) {
            warnings.println("warning: no per-user test values (test_per_user.csv) in every run; the degree breakdown is skipped");
        } else {
            Chart c = Chart.bars("Test Recall@" + k + " by user training degree", "training interactions of the test user (users in group)",
                    "test Recall@" + k + bars, degrees.labels());
            degrees.means().forEach((model, v) -> c.bars(model, v, degrees.stds().get(model)));
            c.save(plots.resolve("recall20_by_degree"));
            images.add("recall20_by_degree");
        }

        List<String> models = new ArrayList<>(byModel.keySet());
        Chart time = Chart.bars("Seconds per epoch (median of each run)", "model", "seconds" + bars, models);
        double[][] train = meanStd(byModel, RunRecord::epochSeconds), eval = meanStd(byModel, RunRecord::evalSeconds);
        time.bars("training epoch", train[0], train[1]);
        time.bars("validation ranking", eval[0], eval[1]);
        time.save(plots.resolve("epoch_seconds"));
        images.add("epoch_seconds");

        AtomicFiles.writeString(dir.resolve("report.md"), markdown(runs, labels, byModel, degrees, images, k));
    }

    /**
     * Training loss and validation Recall@20 per epoch: one curve per run, coloured by model (a model's seeds
     * are thin lines of its colour, named once in the legend); the loss axis turns logarithmic when the
     * models' losses span more than 10x, so that no model is a flat line at the bottom.
     */
    record EpochCharts(Chart loss, Chart valid) {
        static EpochCharts of(List<RunRecord> runs, Map<RunRecord, String> labels) {
            Chart loss = Chart.line("Training loss per epoch", "epoch", "training loss, sum over batches").logYWhenSpread()
                    .markers(false);
            Chart valid = Chart.line("Validation Recall@20 per epoch", "epoch", "validation Recall@20").markers(false);
            for (RunRecord r : runs) {
                double[] x = r.log().stream().mapToDouble(RunFolder.LoggedEpoch::epoch).toArray();
                loss.series(r.model(), labels.get(r), x, r.log().stream().mapToDouble(RunFolder.LoggedEpoch::loss).toArray());
                List<RunFolder.LoggedEpoch> evaluated = r.log().stream().filter(e -> !Double.isNaN(e.validRecall20())).toList();
                if (!evaluated.isEmpty()) {
                    valid.series(r.model(), labels.get(r), evaluated.stream().mapToDouble(RunFolder.LoggedEpoch::epoch).toArray(),
                            evaluated.stream().mapToDouble(RunFolder.LoggedEpoch::validRecall20).toArray());
                }
            }
            return new EpochCharts(loss, valid);
        }
    }

    /** The cutoffs K with a test recall@K in every run, ascending: the runs' topk (MMRec's default [10, 20, 50]). */
    static int[] cutoffs(List<RunRecord> runs) {
        java.util.TreeSet<Integer> common = null;
        for (RunRecord r : runs) {
            java.util.TreeSet<Integer> mine = new java.util.TreeSet<>();
            for (String key : r.test().keySet()) {
                if (key.matches("recall@\\d+")) mine.add(Integer.parseInt(key.substring("recall@".length())));
            }
            if (common == null) common = mine;
            else common.retainAll(mine);
        }
        return common.stream().mapToInt(Integer::intValue).toArray();
    }

    static Map<RunRecord, String> labels(List<RunRecord> runs) {
        Map<String, Integer> seen = new HashMap<>();
        Map<RunRecord, String> out = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            int n = seen.merge(r.label(), 1, Integer::sum);
            out.put(r, n == 1 ? r.label() : r.label() + " #" + n);
        }
        return out;
    }

    private static double[][] meanStd(Map<String, List<RunRecord>> byModel, java.util.function.ToDoubleFunction<RunRecord> f) {
        double[][] out = new double[2][byModel.size()];
        int i = 0;
        for (List<RunRecord> rs : byModel.values()) {
            double[] v = rs.stream().mapToDouble(f).filter(Double::isFinite).toArray();
            out[0][i] = v.length == 0 ? 0 : Stats.mean(v);
            out[1][i++] = errorBar(Stats.std(v));
        }
        return out;
    }

    private static String markdown(List<RunRecord> runs, Map<RunRecord, String> labels, Map<String, List<RunRecord>> byModel,
                                   DegreeBreakdown degrees, List<String> images, int k) {
        StringBuilder sb = new StringBuilder("# Report: ").append(runs.get(0).dataset()).append("\n\n");
        sb.append("Test metrics are those at each run's best-validation epoch (MMRec's best_test_upon_valid).\n\n");
        sb.append("| run | folder | best epoch | epochs | valid R@" + k + " | test R@" + k + " | test N@" + k
                + " | s/epoch |\n|---|---|---|---|---|---|---|---|\n");
        for (RunRecord r : runs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %.4f | %.4f | %.2f |%n", labels.get(r), r.dir(),
                    r.bestEpoch(), r.epochsRun(), r.valid().getOrDefault("recall@" + k, Double.NaN),
                    r.test().getOrDefault("recall@" + k, Double.NaN), r.test().getOrDefault("ndcg@" + k, Double.NaN), r.epochSeconds()));
        }
        if (byModel.size() > 1 || runs.size() > 1) {
            String board = Leaderboard.of(runs).markdown();
            sb.append("\n## Leaderboard\n\n").append(board.substring(board.indexOf('\n') + 1).trim()).append('\n');
        }
        if (degrees != null) {
            sb.append("\n## Test Recall@" + k + " by training degree\n\n");
            sb.append("Test users split by their number of training interactions into ").append(degrees.labels().size())
                    .append(" groups (column: degree range and users): users of one degree always share a group, and the cut "
                    + "points are those that bring the group sizes closest to equal (least squares against users / "
                    + DEGREE_GROUPS + "), so the groups are as equal as the ties allow. Each cell is the group's mean "
                    + "Recall@" + k + " (averaged over seeds).\n\n| model |");
            degrees.labels().forEach(l -> sb.append(' ').append(l).append(" |"));
            sb.append("\n|---|").append("---|".repeat(degrees.labels().size())).append('\n');
            degrees.means().forEach((model, v) -> {
                sb.append("| ").append(model).append(" |");
                for (double x : v) sb.append(String.format(Locale.ROOT, " %.4f |", x));
                sb.append('\n');
            });
        }
        sb.append("\n## Plots\n\nEach plot is in `plots/` as PNG and SVG.\n\n");
        for (String img : images) sb.append("![").append(img).append("](plots/").append(img).append(".png)\n\n");
        return sb.toString();
    }

    /** Test Recall@K of user groups by training degree, as equal in size as ties allow, per model (mean and std over seeds). */
    record DegreeBreakdown(List<String> labels, Map<String, double[]> means, Map<String, double[]> stds) {
        static DegreeBreakdown of(Map<String, List<RunRecord>> byModel, String key) {
            RunRecord first = byModel.values().iterator().next().get(0);
            if (first.perUser() == null) return null;
            int[] users = first.perUser().users();
            int[] degree = first.perUser().trainDegree();
            for (List<RunRecord> rs : byModel.values()) {
                for (RunRecord r : rs) if (r.perUser() == null || !Arrays.equals(r.perUser().users(), users)) return null;
            }
            int[] bounds = groupBounds(degree, DEGREE_GROUPS);
            int groups = bounds.length - 1;
            int[] group = new int[degree.length];
            int[] size = new int[groups];
            for (int i = 0; i < degree.length; i++) {
                int g = 0;
                while (g < groups - 1 && degree[i] > bounds[g + 1]) g++;
                group[i] = g;
                size[g]++;
            }
            List<String> labels = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                int lo = g == 0 ? bounds[0] : bounds[g] + 1, hi = bounds[g + 1];
                labels.add((lo == hi ? Integer.toString(lo) : lo + "–" + hi) + " (" + size[g] + ")");
            }
            Map<String, double[]> means = new LinkedHashMap<>(), stds = new LinkedHashMap<>();
            for (var e : byModel.entrySet()) {
                double[][] perSeed = new double[e.getValue().size()][groups];
                for (int s = 0; s < perSeed.length; s++) {
                    double[] v = e.getValue().get(s).perUser().column(key);
                    for (int i = 0; i < v.length; i++) perSeed[s][group[i]] += v[i];
                    for (int g = 0; g < groups; g++) perSeed[s][g] /= Math.max(1, size[g]);
                }
                double[] m = new double[groups], sd = new double[groups];
                for (int g = 0; g < groups; g++) {
                    double[] col = new double[perSeed.length];
                    for (int s = 0; s < col.length; s++) col[s] = perSeed[s][g];
                    m[g] = Stats.mean(col);
                    sd[g] = errorBar(Stats.std(col));
                }
                means.put(e.getKey(), m);
                stds.put(e.getKey(), sd);
            }
            return new DegreeBreakdown(labels, means, stds);
        }

        /**
         * Upper degree bound of each group, preceded by the minimum. The users sorted by degree are cut into
         * min(groups, distinct degrees) groups, never between two users of the same degree, at the cut points
         * whose group sizes are closest to n / groups (least sum of squared differences; ties to the earlier
         * cuts): as equal as the ties allow. A dynamic program over the distinct degrees, O(groups x D^2);
         * D is at most sqrt(2 x training rows), since D distinct user degrees need D(D+1)/2 rows.
         */
        static int[] groupBounds(int[] degree, int groups) {
            int[] sorted = degree.clone();
            Arrays.sort(sorted);
            List<Integer> values = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (int d : sorted) {
                if (values.isEmpty() || values.get(values.size() - 1) != d) {
                    values.add(d);
                    counts.add(0);
                }
                counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
            }
            int distinct = values.size(), k = Math.min(groups, distinct);
            long[] prefix = new long[distinct + 1];
            for (int j = 0; j < distinct; j++) prefix[j + 1] = prefix[j] + counts.get(j);
            double target = (double) sorted.length / groups;
            // best[g][j]: least cost of cutting the first j distinct degrees into g groups; from[g][j] the last cut
            double[][] best = new double[k + 1][distinct + 1];
            int[][] from = new int[k + 1][distinct + 1];
            for (double[] row : best) Arrays.fill(row, Double.POSITIVE_INFINITY);
            best[0][0] = 0;
            for (int g = 1; g <= k; g++) {
                for (int j = g; j <= distinct - (k - g); j++) {
                    for (int i = g - 1; i < j; i++) {
                        if (best[g - 1][i] == Double.POSITIVE_INFINITY) continue;
                        double dev = prefix[j] - prefix[i] - target;
                        double c = best[g - 1][i] + dev * dev;
                        if (c < best[g][j] - 1e-9) {
                            best[g][j] = c;
                            from[g][j] = i;
                        }
                    }
                }
            }
            int[] bounds = new int[k + 1];
            bounds[0] = sorted[0];
            for (int g = k, j = distinct; g >= 1; j = from[g][j], g--) bounds[g] = values.get(j - 1);
            return bounds;
        }
    }

    /** An error bar's half-width: none (0) where a single run leaves the spread undefined. */
    private static double errorBar(double std) {
        return Double.isNaN(std) ? 0 : std;
    }
}
