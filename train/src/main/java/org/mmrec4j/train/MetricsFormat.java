package org.mmrec4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text renderings of metric maps: inline for logs, a metric × K table for people. */
public final class MetricsFormat {
    private MetricsFormat() {}

    public static String inline(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "  ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    /** Rows = metrics, columns = K; Hit is marked as an extension that MMRec lacks. */
    public static String table(String title, Map<String, Double> m) {
        Map<String, Map<Integer, Double>> byMetric = new LinkedHashMap<>();
        List<Integer> ks = new ArrayList<>();
        m.forEach((key, v) -> {
            int at = key.indexOf('@');
            int k = Integer.parseInt(key.substring(at + 1));
            if (!ks.contains(k)) ks.add(k);
            byMetric.computeIfAbsent(key.substring(0, at), x -> new LinkedHashMap<>()).put(k, v);
        });
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", title));
        for (int k : ks) sb.append(String.format(Locale.ROOT, "%10s", "@" + k));
        sb.append('\n');
        byMetric.forEach((name, vals) -> {
            sb.append(String.format(Locale.ROOT, "%-12s", name.equals("hit") ? "hit*" : name));
            for (int k : ks) sb.append(String.format(Locale.ROOT, "%10.4f", vals.getOrDefault(k, Double.NaN)));
            sb.append('\n');
        });
        if (byMetric.containsKey("hit")) sb.append("* hit is an extension; MMRec does not compute it\n");
        return sb.toString();
    }
}
