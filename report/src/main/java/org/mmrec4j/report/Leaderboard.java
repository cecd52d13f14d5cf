package org.mmrec4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * Models side by side the way MMRec's evaluation README tables them: test Recall and NDCG at 10, 20
 * and 50, measured at each run's best-validation epoch. Each cell is the mean ± sample standard
 * deviation over the model's seeds, and the best mean of each column is bold.
 *
 * <p>Significance against the best model (highest mean test Recall@20): the pairs are test users.
 * Each user's Recall@20 is first averaged over the model's seeds, so a pair compares the two models'
 * seed-averaged values for one user; seeds are not pooled as extra pairs, because a user's values
 * under different seeds are not independent observations. Two two-sided tests are reported: the paired
 * t-test and the Wilcoxon signed-rank test (robust to the many zero and tied values of per-user recall).
 * The p-values are not corrected for multiple comparisons.
 */
public final class Leaderboard {
    /** The columns, in MMRec's README order. */
    public static final List<String> COLUMNS = List.of("recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50");
    /** The metric that picks the best model and that the tests compare per user. */
    public static final String KEY = "recall@20";

    /** One model: its runs' statistics and, except for the best model, the tests against the best. */
    public record Row(String model, List<RunRecord> runs, Map<String, double[]> meanStd, double bestEpochMean,
                      double epochSecondsMean, Stats.Test tTest, Stats.Test wilcoxon, String note) {}

    private final String dataset;
    private final List<Row> rows;
    private final String best;
    private final int pairs;

    private Leaderboard(String dataset, List<Row> rows, String best, int pairs) {
        this.dataset = dataset;
        this.rows = rows;
        this.best = best;
        this.pairs = pairs;
    }

    public static Leaderboard of(List<RunRecord> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("a leaderboard needs at least one run");
        Map<String, List<RunRecord>> byModel = new LinkedHashMap<>();
        for (RunRecord r : runs) byModel.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r);
        String best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (var e : byModel.entrySet()) {
            double m = Stats.mean(values(e.getValue(), KEY));
            if (m > bestMean) {
                bestMean = m;
                best = e.getKey();
            }
        }
        double[] bestUsers = seedAveraged(byModel.get(best));
        int[] bestOrder = userOrder(byModel.get(best));
        List<Row> rows = new ArrayList<>();
        for (var e : byModel.entrySet()) {
            List<RunRecord> rs = e.getValue();
            Map<String, double[]> ms = new LinkedHashMap<>();
            for (String c : COLUMNS) {
                double[] v = values(rs, c);
                ms.put(c, new double[] {Stats.mean(v), Stats.std(v)});
            }
            double bestEpoch = Stats.mean(rs.stream().mapToDouble(RunRecord::bestEpoch).toArray());
            double secs = Stats.mean(rs.stream().mapToDouble(RunRecord::epochSeconds).toArray());
            Stats.Test t = null, w = null;
            String note = "";
            if (!e.getKey().equals(best)) {
                double[] mine = seedAveraged(rs);
                if (mine == null || bestUsers == null) {
                    note = "no per-user values (test_per_user.csv) for " + (mine == null ? e.getKey() : best);
                } else if (!Arrays.equals(userOrder(rs), bestOrder)) {
                    note = "different test users than " + best + " (another dataset or split?)";
                } else {
                    t = Stats.pairedT(mine, bestUsers);
                    w = Stats.wilcoxon(mine, bestUsers);
                }
            }
            rows.add(new Row(e.getKey(), rs, ms, bestEpoch, secs, t, w, note));
        }
        return new Leaderboard(runs.get(0).dataset(), rows, best, bestOrder == null ? 0 : bestOrder.length);
    }

    public List<Row> rows() {
        return rows;
    }

    public String best() {
        return best;
    }

    private static double[] values(List<RunRecord> rs, String key) {
        return rs.stream().mapToDouble(r -> {
            Double v = r.test().get(key);
            if (v == null) throw new IllegalArgumentException(r.dir().resolve("metrics.json") + ": no test " + key
                    + ". Fix: keep the default topk [5, 10, 20, 50]");
            return v;
        }).toArray();
    }

    /** Each user's test Recall@20 averaged over the runs; null if a run lacks per-user values. */
    private static double[] seedAveraged(List<RunRecord> rs) {
        if (rs.stream().anyMatch(r -> r.perUser() == null)) return null;
        int[] order = rs.get(0).perUser().users();
        double[] sum = new double[order.length];
        for (RunRecord r : rs) {
            if (!Arrays.equals(r.perUser().users(), order)) return null;
            double[] v = r.perUser().column(KEY);
            for (int i = 0; i < sum.length; i++) sum[i] += v[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= rs.size();
        return sum;
    }

    private static int[] userOrder(List<RunRecord> rs) {
        return rs.get(0).perUser() == null ? null : rs.get(0).perUser().users();
    }

    public String markdown() {
        TreeSet<Long> seeds = new TreeSet<>();
        rows.forEach(r -> r.runs().forEach(x -> seeds.add(x.seed())));
        int maxRuns = rows.stream().mapToInt(r -> r.runs().size()).max().orElse(1);
        StringBuilder sb = new StringBuilder("# Leaderboard: ").append(dataset).append("\n\n");
        sb.append("Test metrics at each run's best-validation epoch");
        sb.append(maxRuns > 1 ? ", mean ± sample standard deviation over seeds " + seeds : " (one run per model, seed " + seeds + ")");
        sb.append(". Bold: the best mean of each column.\n");
        sb.append(String.format(Locale.ROOT, "p-values: two-sided tests against the best model (%s) over %d test users, each user's "
                + "Recall@20 averaged over the model's seeds; paired t-test and Wilcoxon signed-rank (zero differences dropped, "
                + "exact up to %d non-zero pairs, else normal approximation with tie correction). Not corrected for multiple comparisons.%n%n",
                best, pairs, Stats.EXACT_MAX));
        sb.append("| Dataset | Model | seeds |");
        for (String c : COLUMNS) sb.append(' ').append(header(c)).append(" |");
        sb.append(" best epoch | s/epoch | p (t-test) | p (Wilcoxon) |\n|---|---|---|");
        sb.append("---|".repeat(COLUMNS.size())).append("---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(dataset).append(" | ").append(r.model()).append(" | ").append(r.runs().size()).append(" |");
            for (String c : COLUMNS) {
                double[] v = r.meanStd().get(c);
                String cell = r.runs().size() > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", v[0], v[1])
                        : String.format(Locale.ROOT, "%.4f", v[0]);
                sb.append(' ').append(isBest(c, v[0]) ? "**" + cell + "**" : cell).append(" |");
            }
            sb.append(String.format(Locale.ROOT, " %.1f | %.2f |", r.bestEpochMean(), r.epochSecondsMean()));
            if (r.model().equals(best)) sb.append(" (best) | (best) |");
            else if (r.tTest() == null) sb.append(" – | – |");
            else sb.append(' ').append(p(r.tTest().p())).append(" | ").append(p(r.wilcoxon().p())).append(" |");
            sb.append('\n');
        }
        for (Row r : rows) if (!r.note().isEmpty()) sb.append("\n").append(r.model()).append(": ").append(r.note()).append('\n');
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("dataset,model,seeds");
        for (String c : COLUMNS) sb.append(',').append(c).append("_mean,").append(c).append("_std");
        sb.append(",best_epoch_mean,epoch_seconds_mean,t_statistic,p_ttest,wilcoxon_w_plus,p_wilcoxon,wilcoxon_nonzero_pairs\n");
        for (Row r : rows) {
            sb.append(dataset).append(',').append(r.model()).append(',').append(r.runs().size());
            for (String c : COLUMNS) {
                double[] v = r.meanStd().get(c);
                sb.append(String.format(Locale.ROOT, ",%.6f,", v[0])).append(Double.isNaN(v[1]) ? "" : String.format(Locale.ROOT, "%.6f", v[1]));
            }
            sb.append(String.format(Locale.ROOT, ",%.2f,%.4f", r.bestEpochMean(), r.epochSecondsMean()));
            if (r.tTest() == null) sb.append(",,,,,");
            else sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%.6g,%.6g,%d", r.tTest().statistic(), r.tTest().p(),
                    r.wilcoxon().statistic(), r.wilcoxon().p(), r.wilcoxon().n()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes leaderboard.md and leaderboard.csv into dir, each atomically. */
    public void write(Path dir) {
        AtomicFiles.writeString(dir.resolve("leaderboard.md"), markdown());
        AtomicFiles.writeString(dir.resolve("leaderboard.csv"), csv());
    }

    private boolean isBest(String column, double mean) {
        return rows.stream().allMatch(r -> r.meanStd().get(column)[0] <= mean);
    }

    private static String header(String key) {
        int at = key.indexOf('@');
        String name = key.substring(0, at);
        return (name.equals("ndcg") ? "NDCG" : Character.toUpperCase(name.charAt(0)) + name.substring(1)) + key.substring(at);
    }

    static String p(double p) {
        if (Double.isNaN(p)) return "–";
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
