package org.mmrec4j.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mmrec4j.train.UserMetrics;

/**
 * One finished run folder read back: metrics.json, manifest.json, train_log.csv and, when present,
 * test_per_user.csv. Missing or malformed files fail with the file's name.
 *
 * @param log       one row per epoch: epoch, train loss, train seconds, validation score (NaN when not evaluated)
 * @param perUser   per-user test values at the best epoch, or null for runs that predate them
 */
public record RunRecord(Path dir, String model, String dataset, long seed, int bestEpoch, int epochsRun,
                        double epochSeconds, double evalSeconds, Map<String, Double> valid, Map<String, Double> test,
                        List<Epoch> log, PerUser perUser) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One train_log.csv row. */
    public record Epoch(int epoch, double loss, double seconds, double validRecall20) {}

    /** test_per_user.csv: users in evaluation order, their training degree and metric columns. */
    public record PerUser(int[] users, int[] trainDegree, Map<String, double[]> values) {
        public double[] column(String key) {
            double[] v = values.get(key);
            if (v == null) throw new IllegalArgumentException("no per-user column " + key + "; have " + values.keySet());
            return v;
        }
    }

    /** True for a folder that holds a finished single run (not the top of a grid, whose runs lie below). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve("metrics.json")) && Files.isRegularFile(dir.resolve("train_log.csv"))
                && !Files.exists(dir.resolve("grid.csv"));
    }

    /** Every finished run at or below each root, in path order; an error if a root holds none. */
    public static List<RunRecord> discover(List<Path> roots) {
        List<RunRecord> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": not a folder. Fix: pass run folders (or folders holding them)");
            List<Path> dirs;
            try (Stream<Path> s = Files.walk(root)) {
                dirs = s.filter(Files::isDirectory).filter(RunRecord::isRun).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
            if (dirs.isEmpty()) throw new IllegalArgumentException(root + ": no finished run (metrics.json + train_log.csv) in it or below");
            for (Path d : dirs) out.add(read(d));
        }
        return out;
    }

    public static RunRecord read(Path dir) {
        Map<String, Object> metrics = json(dir.resolve("metrics.json"));
        Path manifestFile = dir.resolve("manifest.json");
        Map<String, Object> manifest = Files.exists(manifestFile) ? json(manifestFile) : Map.of();
        Object seed = manifest.getOrDefault("seed", -1);
        Path perUser = dir.resolve(UserMetrics.FILE);
        return new RunRecord(dir, (String) metrics.get("model"), (String) metrics.get("dataset"), ((Number) seed).longValue(),
                intOf(metrics, "best_epoch"), intOf(metrics, "epochs_run"), doubleOf(metrics, "epoch_seconds_median"),
                doubleOf(metrics, "eval_seconds_median"), doubles(metrics.get("valid")), doubles(metrics.get("test")),
                readLog(dir.resolve("train_log.csv")), Files.exists(perUser) ? readPerUser(perUser) : null);
    }

    /** A short unique-enough label: the model, plus the seed when the run has one. */
    public String label() {
        return seed >= 0 ? model + " s" + seed : model;
    }

    private static Map<String, Object> json(Path f) {
        try {
            return JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": unreadable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static int intOf(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : -1;
    }

    private static double doubleOf(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> doubles(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static List<Epoch> readLog(Path f) {
        List<String> lines = lines(f);
        if (lines.isEmpty()) throw new IllegalArgumentException(f + ": empty; expected a header line");
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int epoch = column(f, header, "epoch"), loss = column(f, header, "train_loss"), secs = column(f, header, "train_seconds");
        int valid = header.indexOf("valid_recall@20");
        List<Epoch> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                out.add(new Epoch(Integer.parseInt(c[epoch]), Double.parseDouble(c[loss]), Double.parseDouble(c[secs]),
                        valid >= 0 && !c[valid].isEmpty() ? Double.parseDouble(c[valid]) : Double.NaN));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f + " line " + (i + 1) + ": malformed row '" + lines.get(i) + "'");
            }
        }
        return out;
    }

    private static int column(Path f, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(f + ": no column " + name + " in the header " + header);
        return i;
    }

    private static PerUser readPerUser(Path f) {
        List<String> lines = lines(f);
        if (lines.isEmpty()) throw new IllegalArgumentException(f + ": empty; expected a header line");
        String[] header = lines.get(0).split(",");
        if (header.length < 3 || !header[0].equals("user") || !header[1].equals("train_degree")) {
            throw new IllegalArgumentException(f + ": header must start with user,train_degree; got " + lines.get(0));
        }
        int n = lines.size() - 1;
        int[] users = new int[n], degree = new int[n];
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int j = 3; j < header.length; j++) values.put(header[j], new double[n]);
        List<double[]> cols = new ArrayList<>(values.values());
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i + 1).split(",");
            try {
                users[i] = Integer.parseInt(c[0]);
                degree[i] = Integer.parseInt(c[1]);
                for (int j = 0; j < cols.size(); j++) cols.get(j)[i] = Double.parseDouble(c[j + 3]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f + " line " + (i + 2) + ": malformed row '" + lines.get(i + 1) + "'");
            }
        }
        return new PerUser(users, degree, values);
    }
}
