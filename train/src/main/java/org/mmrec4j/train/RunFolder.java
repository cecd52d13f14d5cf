package org.mmrec4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.DataException;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.io.IoReasons;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * A run folder, the one type that writes and reads its files: config.resolved.yaml, manifest.json,
 * train_log.csv, metrics.csv, metrics.json, test_per_user.csv, checkpoint.bin and model.bin (the last
 * two through {@link Checkpoint} and {@link ModelFile}, at the paths given here). Every file goes to a
 * temporary name first and is renamed into place; every reader names the file it could not read.
 */
public final class RunFolder {
    public static final String VERSION = "0.1.0";
    public static final String CONFIG = "config.resolved.yaml";
    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.json";
    public static final String TRAIN_LOG = "train_log.csv";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder at {@code dir}, created with its parents when missing, to write a run into. */
    public static RunFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        return new RunFolder(dir);
    }

    /** The folder at {@code dir}, which may not exist yet (see {@link #finished}). */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir);
    }

    /** An existing run folder, to read; an error naming the folder when it is none. */
    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder " + dir + " not found; pass the --out folder of a finished `mmrec4j train`");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    /** True once the run has written its metrics, the last file a finished run writes. */
    public boolean finished() {
        return Files.isRegularFile(dir.resolve(METRICS));
    }

    /** True for the top folder of a grid search, whose configurations lie in {@code grid/}. */
    public boolean isGrid() {
        return Files.exists(dir.resolve("grid.csv")) || Files.isDirectory(dir.resolve("grid")) && !Files.exists(model());
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.bin");
    }

    /** The best validation epoch's parameters; see {@link ModelFile}. */
    public Path model() {
        return dir.resolve(ModelFile.NAME);
    }

    public void writeConfig(Config config) {
        AtomicFiles.writeString(dir.resolve(CONFIG), config.toYaml());
    }

    /** Versions, machine, threads, seed and the SHA-256 of every input file, for provenance. */
    public void writeManifest(String model, String dataset, long seed, List<Path> inputs, List<String> command) {
        writeManifest(model, dataset, seed, inputs, command, Map.of());
    }

    /** The manifest with extra top-level entries (e.g. the injected training noise). */
    public void writeManifest(String model, String dataset, long seed, List<Path> inputs, List<String> command,
                              Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mmrec4j_version", VERSION);
        m.put("created", Instant.now().toString());
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("seed", seed);
        m.put("threads", Parallel.threads());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("blas", Gemm.backend());
        m.put("command", command);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path p : inputs) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", p.toAbsolutePath().normalize().toString());
            f.put("bytes", size(p));
            f.put("sha256", sha256(p));
            files.add(f);
        }
        m.put("inputs", files);
        m.putAll(extra);
        writeJson(MANIFEST, m);
    }

    /** The whole train_log.csv of a finished run, replacing the one {@link #liveTrainLog} kept during it. */
    public void writeTrainLog(List<EpochRecord> log) {
        List<String> metricKeys = trainLogMetricKeys(log);
        StringBuilder sb = new StringBuilder(trainLogHeader(metricKeys));
        for (EpochRecord r : log) sb.append(trainLogRow(r, metricKeys));
        AtomicFiles.writeString(dir.resolve(TRAIN_LOG), sb.toString());
    }

    /**
     * A listener that keeps train_log.csv current while the run trains, so {@code tail -f} can follow
     * it: from the first evaluated epoch on (which fixes the metric columns) it appends and flushes one
     * row per epoch. A resumed run starts the file afresh with the checkpoint's rows, so rows a killed
     * run logged after its last checkpoint are not kept twice. Unlike every other file of the folder it
     * is written in place; the finished run replaces it with {@link #writeTrainLog} (the same bytes).
     */
    public TrainListener liveTrainLog() {
        return new TrainListener() {
            private List<String> metricKeys;
            private int written;

            @Override
            public void epochDone(List<EpochRecord> logSoFar) {
                if (metricKeys == null) {
                    if (logSoFar.stream().noneMatch(r -> !r.valid().isEmpty() || !r.test().isEmpty())) return;
                    metricKeys = trainLogMetricKeys(logSoFar);
                    StringBuilder sb = new StringBuilder(trainLogHeader(metricKeys));
                    for (EpochRecord r : logSoFar) sb.append(trainLogRow(r, metricKeys));
                    AtomicFiles.writeString(dir.resolve(TRAIN_LOG), sb.toString());
                    written = logSoFar.size();
                    return;
                }
                StringBuilder sb = new StringBuilder();
                for (; written < logSoFar.size(); written++) sb.append(trainLogRow(logSoFar.get(written), metricKeys));
                try {
                    Files.writeString(dir.resolve(TRAIN_LOG), sb, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + dir.resolve(TRAIN_LOG) + " (" + IoReasons.reason(e) + ")", e);
                }
            }
        };
    }

    /** The @20 and @10 validation metrics any epoch recorded, sorted: train_log.csv's metric columns. */
    private static List<String> trainLogMetricKeys(List<EpochRecord> log) {
        TreeSet<String> keys = new TreeSet<>();
        for (EpochRecord r : log) keys.addAll(r.valid().keySet());
        return keys.stream().filter(k -> k.endsWith("@20") || k.endsWith("@10")).toList();
    }

    private static String trainLogHeader(List<String> metricKeys) {
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_seconds,learning_rate,eval_seconds,improved");
        for (String k : metricKeys) sb.append(",valid_").append(k);
        for (String k : metricKeys) sb.append(",test_").append(k);
        return sb.append('\n').toString();
    }

    private static String trainLogRow(EpochRecord r, List<String> metricKeys) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d,%.6f,%.4f,%.6g,%.4f,%s", r.epoch(), r.trainLoss(), r.trainSeconds(),
                r.learningRate(), r.evalSeconds(), r.improved()));
        for (String k : metricKeys) sb.append(',').append(fmt(r.valid().get(k)));
        for (String k : metricKeys) sb.append(',').append(fmt(r.test().get(k)));
        return sb.append('\n').toString();
    }

    /** As {@link #writeMetrics(TrainResult)}, with metrics.json stating the protocol and how the epoch was selected. */
    public void writeMetrics(TrainResult r, Protocol protocol) {
        writeMetrics(r, protocol, Map.of());
    }

    /** As {@link #writeMetrics(TrainResult, Protocol)}, plus extra top-level entries (e.g. the injected training noise). */
    public void writeMetrics(TrainResult r, Protocol protocol, Map<String, Object> extra) {
        Map<String, Object> json = metricsJson(r, protocol);
        json.putAll(extra);
        writeMetricsFiles(r, json);
    }

    /** {@link #metricsJson(TrainResult)} plus the protocol and the split the epoch was selected on. */
    public static Map<String, Object> metricsJson(TrainResult r, Protocol protocol) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol.label());
        m.put("epoch_selected_on", protocol == Protocol.DIFFMM ? "test (best test epoch, no validation)" : "valid");
        m.putAll(metricsJson(r));
        return m;
    }

    /** metrics.csv (one row per split) and metrics.json (the documented shape). */
    public void writeMetrics(TrainResult r) {
        writeMetrics(r, Map.of());
    }

    /** metrics.csv and metrics.json, the latter with extra top-level entries (e.g. the injected training noise). */
    public void writeMetrics(TrainResult r, Map<String, Object> extra) {
        Map<String, Object> json = metricsJson(r);
        json.putAll(extra);
        writeMetricsFiles(r, json);
    }

    private void writeMetricsFiles(TrainResult r, Map<String, Object> json) {
        List<String> keys = new ArrayList<>(r.bestTest().keySet());
        StringBuilder csv = new StringBuilder("split");
        keys.forEach(k -> csv.append(',').append(k));
        csv.append('\n');
        for (var split : List.of(Map.entry("valid", r.bestValid()), Map.entry("test", r.bestTest()))) {
            csv.append(split.getKey());
            for (String k : keys) csv.append(',').append(fmt(split.getValue().get(k)));
            csv.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
        writeJson(METRICS, json);
    }

    public static Map<String, Object> metricsJson(TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("dataset", r.dataset());
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs_run", r.epochsRun());
        m.put("epoch_seconds_median", round(r.medianTrainSeconds()));
        m.put("eval_seconds_median", round(r.medianEvalSeconds()));
        if (!r.combo().isEmpty()) m.put("hyper_parameters", r.combo());
        if (r.abortedOnNaN()) m.put("aborted_on_nan", true);
        m.put("valid", r.bestValid());
        m.put("test", r.bestTest());
        return m;
    }

    public void writeJson(String name, Object value) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            AtomicFiles.write(dir.resolve(name), out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    public void writeText(String name, String text) {
        AtomicFiles.writeString(dir.resolve(name), text);
    }

    // ---- ownership: one run per folder -----------------------------------------------------------

    /** The lock file a running command holds in its run folder. */
    public static final String LOCK = ".lock";
    /** Files a run writes, removed by {@link #clearForOverwrite}; anything else in the folder is left alone. */
    private static final List<String> RUN_FILES = List.of(CONFIG, MANIFEST, METRICS, TRAIN_LOG, "metrics.csv", UserMetrics.FILE,
            "checkpoint.bin", ModelFile.NAME, "grid.csv", "report.md");
    /** Keys a resumed run may change: they cannot change its results (epochs only upward, checked apart). */
    private static final java.util.Set<String> RESUME_SAFE = java.util.Set.of("checkpoint_every", "graph_cache", "cache_dir", "threads");

    /** A held run-folder lock; closing releases it and deletes the lock file. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the folder for this process: a second command writing into the same folder fails at once
     * with one line naming the folder and the owner's pid. The lock is the operating system's, so a
     * killed owner's lock is released with it and its stale lock file is simply taken over.
     */
    public Lock lock() {
        Path f = dir.resolve(LOCK);
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock held;
            try {
                held = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                String owner = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                ch.close();
                throw new IllegalArgumentException("run folder " + dir + " is in use by another mmrec4j process"
                        + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; wait for it to finish or use another --out");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
            java.nio.channels.FileLock lock = held;
            return () -> {
                try {
                    Files.deleteIfExists(f);
                    lock.release();
                    ch.close();
                    // a folder this lock created and nothing filled (the run failed before writing) goes too
                    if (created) {
                        try (var left = Files.list(dir)) {
                            if (left.findAny().isEmpty()) Files.deleteIfExists(dir);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + f, e);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + f + " (" + IoReasons.reason(e) + ")", e);
        }
    }

    /**
     * Refuses an output path that would replace one of this run's own files (model.bin, metrics.json, …,
     * or any file already inside the folder): a command writing its output there would destroy the run.
     */
    public void refuseAsOutput(Path out, String option) {
        Path runDir = real(dir), target = real(out.toAbsolutePath().normalize().getParent()).resolve(out.getFileName());
        if (!target.startsWith(runDir)) return;
        String name = target.getFileName().toString();
        if (Files.exists(target) || RUN_FILES.contains(name) || name.equals(LOCK)) {
            throw new IllegalArgumentException(option + " " + out + " would overwrite a file of the run folder " + dir
                    + "; write the output elsewhere, or under a new name");
        }
    }

    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Whether the folder holds any file of a run (finished or not). */
    public boolean holdsRun() {
        return RUN_FILES.stream().anyMatch(n -> Files.exists(dir.resolve(n))) || Files.isDirectory(dir.resolve("grid"));
    }

    /**
     * Removes the files of the run this folder holds (and its grid/ and plots/ folders), for an explicit
     * --overwrite; other files in the folder stay.
     */
    public void clearForOverwrite() {
        try {
            for (String n : RUN_FILES) Files.deleteIfExists(dir.resolve(n));
            for (String sub : List.of("grid", "plots")) {
                Path d = dir.resolve(sub);
                if (!Files.isDirectory(d)) continue;
                try (var walk = Files.walk(d)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + " for --overwrite (" + IoReasons.reason(e) + ")", e);
        }
    }

    /**
     * Checks that {@code now} may continue the run this folder holds: every key that can change the
     * results keeps its recorded value; {@code epochs} may only grow (and only for an unfinished run);
     * checkpoint_every, graph_cache and cache_dir may change. Returns the allowed changes, key to
     * {old, new}, for the manifest; an error names the first other key with its old and new value.
     */
    public Map<String, Object> resumeChanges(Config now, boolean finished) {
        Map<String, Object> changes = new java.util.TreeMap<>();
        for (Map.Entry<String, List<String>> d : settingDifferences(now).entrySet()) {
            String k = d.getKey(), a = d.getValue().get(0), b = d.getValue().get(1);
            boolean epochsUp = k.equals("epochs") && !finished && a != null && b != null && isInt(a) && isInt(b)
                    && Long.parseLong(b) >= Long.parseLong(a);
            if (!RESUME_SAFE.contains(k) && !epochsUp) {
                throw new IllegalArgumentException(dir.resolve(CONFIG) + ": --resume would change " + k + " from " + (a == null ? "(unset)" : a)
                        + " to " + (b == null ? "(unset)" : b) + "; a resumed run keeps every setting that affects training"
                        + (k.equals("epochs") ? " (epochs may only grow, and only for an unfinished run)" : "")
                        + ". Fix: drop the change, or start a new run with another --out (or --overwrite)");
            }
            changes.put(k, d.getValue());
        }
        return changes;
    }

    /**
     * The settings on which the configuration this folder recorded and {@code other} differ, in key order:
     * key to [recorded, other] as their YAML text, null where a side does not set the key. The comments
     * naming each value's source are ignored; a folder without a config has no differences. The one
     * comparison behind --resume, compare's restart check and report's one-setting-per-model check.
     */
    public Map<String, List<String>> settingDifferences(Config other) {
        Path f = dir.resolve(CONFIG);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        if (!Files.exists(f)) return out;
        Map<String, String> before = keyValues(lines(f)), after = keyValues(other.expandGrid().get(0).toYaml().lines().toList());
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String a = before.get(k), b = after.get(k);
            if (!java.util.Objects.equals(a, b)) out.put(k, java.util.Arrays.asList(a, b));
        }
        return out;
    }

    private static boolean isInt(String s) {
        return s.matches("-?\\d+");
    }

    /** "key: value" per line of a resolved config, the source comments dropped. */
    private static Map<String, String> keyValues(List<String> yaml) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : yaml) {
            if (l.startsWith("#") || l.isBlank()) continue;
            String line = l.replaceAll("\\s+# from .*$", "");
            int colon = line.indexOf(": ");
            if (colon < 0) colon = line.indexOf(':');
            if (colon < 0) continue;
            out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return out;
    }

    // ---- reading -------------------------------------------------------------------------------

    /** metrics.json read back: the selected epoch, its metrics, timings and the injected noise, if any. */
    public record Metrics(String model, String dataset, int bestEpoch, int epochsRun, double epochSeconds,
                          double evalSeconds, Map<String, Double> valid, Map<String, Double> test, Map<String, Object> noise) {
        /** As a result of a run that trained {@code combo} (no per-epoch log: it lives in train_log.csv). */
        public TrainResult toResult(Map<String, Object> combo) {
            return new TrainResult(model, dataset, new LinkedHashMap<>(combo), bestEpoch, epochsRun, valid, test, List.of(), false);
        }

        /** The number of random training pairs the run added (0 without injected noise). */
        public double noiseAdded() {
            return noise == null ? 0 : ((Number) noise.get("added")).doubleValue();
        }
    }

    /** manifest.json read back: what a reader needs to rebuild the run. */
    public record Manifest(Path file, String model, long seed, List<Path> inputs) {
        /** The folder of the run's .inter input, which must still exist. */
        public Path dataDir() {
            for (Path p : inputs) {
                if (p.getFileName().toString().endsWith(".inter")) {
                    Path d = p.getParent();
                    if (!Files.isDirectory(d)) {
                        throw new IllegalArgumentException("the run's dataset folder " + d + " no longer exists; pass --data DIR");
                    }
                    return d;
                }
            }
            throw new IllegalArgumentException(file + " records no .inter input; pass --data DIR");
        }
    }

    /** One train_log.csv row: epoch, train loss, train seconds, validation Recall@20 (NaN when not evaluated). */
    public record LoggedEpoch(int epoch, double loss, double seconds, double validRecall20) {}

    /** test_per_user.csv: users in evaluation order, their training degree and metric columns. */
    public record PerUser(int[] users, int[] trainDegree, Map<String, double[]> values) {
        public double[] column(String key) {
            double[] v = values.get(key);
            if (v == null) throw new IllegalArgumentException("no per-user column " + key + "; have " + values.keySet());
            return v;
        }
    }

    /** config.resolved.yaml as written, with its comments naming each value's source. */
    public Config readConfig() {
        Path f = dir.resolve(CONFIG);
        if (!Files.exists(f)) throw new IllegalArgumentException(dir + " has no " + CONFIG + ": not a run folder");
        return ConfigLoader.load(Layer.file(f));
    }

    public Metrics readMetrics() {
        Map<String, Object> m = json(dir.resolve(METRICS));
        @SuppressWarnings("unchecked")
        Map<String, Object> noise = m.get("noise") instanceof Map<?, ?> n ? (Map<String, Object>) n : null;
        return new Metrics((String) m.get("model"), (String) m.get("dataset"), intOf(m, "best_epoch"), intOf(m, "epochs_run"),
                doubleOf(m, "epoch_seconds_median"), doubleOf(m, "eval_seconds_median"), doubles(m.get("valid")),
                doubles(m.get("test")), noise);
    }

    /**
     * metrics.json as written, for a client that passes it on whole (the explorer's GET /run); null when the run
     * has none.
     */
    public JsonNode readMetricsAsWritten() {
        Path f = dir.resolve(METRICS);
        if (!Files.isRegularFile(f)) return null;
        try {
            JsonNode m = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (m == null || !m.isObject()) throw new DataException(f, "not a JSON object", "rerun training, which writes it");
            return m;
        } catch (IOException e) {
            throw new DataException(f, "not valid JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")",
                    "rerun training, which writes it");
        }
    }

    /** The manifest; a folder without one (written before manifests existed) reads as seed -1 and no inputs. */
    public Manifest readManifest() {
        Path f = dir.resolve(MANIFEST);
        if (!Files.exists(f)) return new Manifest(f, null, -1, List.of());
        Map<String, Object> m = json(f);
        List<Path> inputs = new ArrayList<>();
        if (m.get("inputs") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> in && in.get("path") instanceof String p) inputs.add(Path.of(p));
        }
        Object seed = m.getOrDefault("seed", -1);
        return new Manifest(f, (String) m.get("model"), seed instanceof Number n ? n.longValue() : -1, inputs);
    }

    public List<LoggedEpoch> readTrainLog() {
        Path f = dir.resolve(TRAIN_LOG);
        List<String> lines = lines(f);
        if (lines.isEmpty()) throw new IllegalArgumentException(f + ": empty; expected a header line");
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int epoch = column(f, header, "epoch"), loss = column(f, header, "train_loss"), secs = column(f, header, "train_seconds");
        int valid = header.indexOf("valid_recall@20");
        List<LoggedEpoch> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                out.add(new LoggedEpoch(Integer.parseInt(c[epoch]), Double.parseDouble(c[loss]), Double.parseDouble(c[secs]),
                        valid >= 0 && !c[valid].isEmpty() ? Double.parseDouble(c[valid]) : Double.NaN));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f + " line " + (i + 1) + ": malformed row '" + lines.get(i) + "'");
            }
        }
        return out;
    }

    /** test_per_user.csv, or null for runs that predate it. */
    public PerUser readPerUser() {
        Path f = dir.resolve(UserMetrics.FILE);
        if (!Files.exists(f)) return null;
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

    /** Writes test_per_user.csv, each user's row carrying its number of training interactions. */
    public void writePerUser(UserMetrics perUser, int[] trainDegreeByUser) {
        writeText(UserMetrics.FILE, perUser.toCsv(trainDegreeByUser));
    }

    /** Copies another run folder's test_per_user.csv here (a grid's top folder holds the selected one's). */
    public void copyPerUserFrom(RunFolder other) {
        Path f = other.dir.resolve(UserMetrics.FILE);
        if (!Files.exists(f)) return;
        try {
            writeText(UserMetrics.FILE, Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /**
     * A run folder continued by a restarted command must hold a run of the same settings: a folder
     * written with other values (comments, which name sources, aside) is an error naming the first
     * difference.
     */
    public void requireSameConfig(Config c) {
        Map<String, List<String>> diffs = settingDifferences(c);
        if (diffs.isEmpty()) return;
        Map.Entry<String, List<String>> d = diffs.entrySet().iterator().next();
        throw new IllegalArgumentException(dir.resolve(CONFIG) + ": this run was made with other settings (it has '"
                + setting(d.getKey(), d.getValue().get(0)) + "', now '" + setting(d.getKey(), d.getValue().get(1))
                + "'). Fix: use another --out, or delete " + dir + " to rerun it");
    }

    private static String setting(String key, String value) {
        return value == null ? "no " + key : key + ": " + value;
    }

    private static Map<String, Object> json(Path f) {
        try {
            return JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": unreadable JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static int column(Path f, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(f + ": no column " + name + " in the header " + header);
        return i;
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

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 1e4) / 1e4;
    }

    private static String fmt(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Path p) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // reading drives the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
