package org.mmrec4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * The folder a run writes: config.resolved.yaml, manifest.json, train_log.csv, metrics.csv,
 * metrics.json, checkpoint.bin and model.bin. Every file goes to a temporary name first and is renamed into place.
 */
public final class RunDirectory {
    public static final String VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.bin");
    }

    /** The best validation epoch's parameters; see {@link ModelFile}. */
    public Path model() {
        return dir.resolve(ModelFile.NAME);
    }

    public void writeConfig(Config config) {
        AtomicFiles.writeString(dir.resolve("config.resolved.yaml"), config.toYaml());
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
        writeJson("manifest.json", m);
    }

    public void writeTrainLog(List<EpochRecord> log) {
        TreeSet<String> keys = new TreeSet<>();
        for (EpochRecord r : log) keys.addAll(r.valid().keySet());
        List<String> metricKeys = keys.stream().filter(k -> k.endsWith("@20") || k.endsWith("@10")).toList();
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_seconds,learning_rate,eval_seconds,improved");
        for (String k : metricKeys) sb.append(",valid_").append(k);
        for (String k : metricKeys) sb.append(",test_").append(k);
        sb.append('\n');
        for (EpochRecord r : log) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.4f,%.6g,%.4f,%s", r.epoch(), r.trainLoss(), r.trainSeconds(),
                    r.learningRate(), r.evalSeconds(), r.improved()));
            for (String k : metricKeys) sb.append(',').append(fmt(r.valid().get(k)));
            for (String k : metricKeys) sb.append(',').append(fmt(r.test().get(k)));
            sb.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("train_log.csv"), sb.toString());
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
        writeJson("metrics.json", json);
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
