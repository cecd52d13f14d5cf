package org.mmrec4j.data.prep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * What an import did and what it produced: rows read and dropped by reason, k-core rounds, rows, users and
 * items per split, sparsity and degree quantiles. Written as {@code stats.json} (machine-readable, keys
 * stable) and {@code stats.md} (the same numbers as tables). Degrees count rows (a repeated pair counts
 * twice) over all three splits; sparsity is {@code 1 - rows / (users · items)}.
 */
public final class ImportStats {
    /** Quantile levels reported for the degree distributions. */
    static final double[] LEVELS = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1};

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final int[] userDegrees;
    private final int[] itemDegrees;

    ImportStats(Path input, Prepare.Options options, CsvImporter.Stats imported, KCoreFilter.Result core,
                IndexedLog log, byte[] labels) {
        int nu = log.userIds().size(), ni = log.itemIds().size();
        userDegrees = new int[nu];
        itemDegrees = new int[ni];
        int[] rows = new int[3];
        boolean[][] userIn = new boolean[3][nu], itemIn = new boolean[3][ni];
        for (int r = 0; r < log.size(); r++) {
            int u = log.users()[r], i = log.items()[r], s = labels[r];
            userDegrees[u]++;
            itemDegrees[i]++;
            rows[s]++;
            userIn[s][u] = true;
            itemIn[s][i] = true;
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("input", input.toString());
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("user", options.columns().user());
        columns.put("item", options.columns().item());
        columns.put("rating", options.columns().rating());
        columns.put("timestamp", options.columns().timestamp());
        source.put("columns", columns);
        source.put("min_rating", options.csv().ratingThreshold());
        source.put("dedup", options.csv().dedup().name());
        json.put("source", source);

        Map<String, Object> read = new LinkedHashMap<>();
        read.put("rows_read", imported.rowsRead());
        read.put("dropped_missing_value", imported.droppedMissing());
        read.put("dropped_below_min_rating", imported.droppedBelowThreshold());
        read.put("dropped_duplicate", imported.droppedDuplicates());
        read.put("dropped_kcore", core.removedRows());
        read.put("rows_kept", log.size());
        json.put("rows", read);

        Map<String, Object> kcore = new LinkedHashMap<>();
        kcore.put("user_k", options.userK());
        kcore.put("item_k", options.itemK());
        kcore.put("rounds", core.rounds());
        json.put("kcore", kcore);

        Map<String, Object> split = new LinkedHashMap<>();
        split.put("strategy", options.split().name());
        split.put("ratios", new double[] {options.ratios().train(), options.ratios().valid(), options.ratios().test()});
        split.put("seed", options.seed());
        String[] names = {"train", "valid", "test"};
        for (int s = 0; s < 3; s++) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("rows", rows[s]);
            part.put("users", count(userIn[s]));
            part.put("items", count(itemIn[s]));
            split.put(names[s], part);
        }
        split.put("users_without_train_rows", nu - count(userIn[0]));
        split.put("items_without_train_rows", ni - count(itemIn[0]));
        json.put("split", split);

        json.put("users", nu);
        json.put("items", ni);
        json.put("interactions", log.size());
        json.put("sparsity", nu == 0 || ni == 0 ? 1.0 : 1.0 - log.size() / ((double) nu * ni));
        json.put("user_degree", quantiles(userDegrees));
        json.put("item_degree", quantiles(itemDegrees));
    }

    /** Rows per user over all splits, indexed by dense user id. */
    public int[] userDegrees() {
        return userDegrees.clone();
    }

    /** Rows per item over all splits, indexed by dense item id. */
    public int[] itemDegrees() {
        return itemDegrees.clone();
    }

    /** The report as nested maps, in the order stats.json lists them. */
    public Map<String, Object> asMap() {
        return json;
    }

    @SuppressWarnings("unchecked")
    public long rows(String split) {
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) json.get("split")).get(split)).get("rows")).longValue();
    }

    void write(Path dir) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            AtomicFiles.writeString(dir.resolve("stats.json"), m.writeValueAsString(json) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode stats.json", e);
        }
        AtomicFiles.writeString(dir.resolve("stats.md"), markdown());
    }

    @SuppressWarnings("unchecked")
    String markdown() {
        Map<String, Object> source = (Map<String, Object>) json.get("source");
        Map<String, Object> rows = (Map<String, Object>) json.get("rows");
        Map<String, Object> kcore = (Map<String, Object>) json.get("kcore");
        Map<String, Object> split = (Map<String, Object>) json.get("split");
        StringBuilder sb = new StringBuilder();
        sb.append("# Import statistics\n\n");
        sb.append("Input `").append(source.get("input")).append("`, columns ").append(source.get("columns"))
                .append(", min rating ").append(source.get("min_rating")).append(", dedup ").append(source.get("dedup"))
                .append(".\n\n");
        sb.append("## Rows\n\n| step | rows |\n|---|---|\n");
        for (Map.Entry<String, Object> e : rows.entrySet()) {
            sb.append("| ").append(e.getKey().replace('_', ' ')).append(" | ").append(e.getValue()).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nk-core: user k %s, item k %s, %s rounds.%n%n", kcore.get("user_k"),
                kcore.get("item_k"), kcore.get("rounds")));
        sb.append("## Split\n\n").append(split.get("strategy")).append(", ratios ")
                .append(Arrays.toString((double[]) split.get("ratios"))).append(", seed ").append(split.get("seed"))
                .append(".\n\n| split | rows | users | items |\n|---|---|---|---|\n");
        for (String s : new String[] {"train", "valid", "test"}) {
            Map<String, Object> p = (Map<String, Object>) split.get(s);
            sb.append("| ").append(s).append(" | ").append(p.get("rows")).append(" | ").append(p.get("users"))
                    .append(" | ").append(p.get("items")).append(" |\n");
        }
        sb.append("\nUsers without training rows: ").append(split.get("users_without_train_rows"))
                .append("; items without training rows: ").append(split.get("items_without_train_rows")).append(".\n\n");
        sb.append(String.format(Locale.ROOT, "## Dataset%n%n%s users, %s items, %s interactions, sparsity %.6f.%n%n",
                json.get("users"), json.get("items"), json.get("interactions"), (Double) json.get("sparsity")));
        sb.append("| degree | mean | min | p10 | p25 | median | p75 | p90 | p99 | max |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String d : new String[] {"user_degree", "item_degree"}) {
            Map<String, Object> q = (Map<String, Object>) json.get(d);
            sb.append("| ").append(d.replace('_', ' '));
            for (Object v : q.values()) sb.append(" | ").append(fmt((Double) v));
            sb.append(" |\n");
        }
        sb.append("\nHistograms: `user_degree.png`/`.svg`, `item_degree.png`/`.svg` (logarithmic bins).\n");
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** mean and numpy-linear quantiles at {@link #LEVELS}. */
    static Map<String, Object> quantiles(int[] degrees) {
        Map<String, Object> out = new LinkedHashMap<>();
        long[] sorted = new long[degrees.length];
        double sum = 0;
        for (int k = 0; k < degrees.length; k++) {
            sorted[k] = degrees[k];
            sum += degrees[k];
        }
        Arrays.sort(sorted);
        out.put("mean", degrees.length == 0 ? 0.0 : sum / degrees.length);
        String[] names = {"min", "p10", "p25", "median", "p75", "p90", "p99", "max"};
        for (int k = 0; k < LEVELS.length; k++) {
            out.put(names[k], sorted.length == 0 ? 0.0 : Splitter.quantile(sorted, LEVELS[k]));
        }
        return out;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) if (v) n++;
        return n;
    }
}
