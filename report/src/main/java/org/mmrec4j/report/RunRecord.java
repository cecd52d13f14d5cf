package org.mmrec4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.io.IoReasons;
import org.mmrec4j.train.RunFolder;

/**
 * One finished run folder read back through {@link RunFolder}: metrics.json, manifest.json,
 * train_log.csv and, when present, test_per_user.csv. Missing or malformed files fail with the file's name.
 *
 * @param log       one row per epoch: epoch, train loss, train seconds, validation score (NaN when not evaluated)
 * @param perUser   per-user test values at the best epoch, or null for runs that predate them
 */
public record RunRecord(Path dir, String model, String dataset, long seed, int bestEpoch, int epochsRun,
                        double epochSeconds, double evalSeconds, Map<String, Double> valid, Map<String, Double> test,
                        List<RunFolder.LoggedEpoch> log, RunFolder.PerUser perUser) {

    /** True for a folder that holds a finished single run (not the top of a grid, whose runs lie below). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFolder.METRICS)) && Files.isRegularFile(dir.resolve(RunFolder.TRAIN_LOG))
                && !Files.exists(dir.resolve("grid.csv"));
    }

    /**
     * Every finished run at or below each root, in path order, each once: a folder given twice, or inside
     * another root, is the same run (compared by its real path) and counts once. An error if a root holds
     * none, or if two runs of one model differ in a setting other than the seed (see {@link #requireOneSettingPerModel}).
     */
    public static List<RunRecord> discover(List<Path> roots) {
        List<RunRecord> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": not a folder. Fix: pass run folders (or folders holding them)");
            List<Path> dirs;
            try (Stream<Path> s = Files.walk(root)) {
                dirs = s.filter(Files::isDirectory).filter(RunRecord::isRun).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + IoReasons.reason(e), e);
            }
            if (dirs.isEmpty()) throw new IllegalArgumentException(root + ": no finished run (metrics.json + train_log.csv) in it or below");
            for (Path d : dirs) if (seen.add(realPath(d))) out.add(read(d));
        }
        requireOneSettingPerModel(out);
        return out;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + dir + ": " + IoReasons.reason(e), e);
        }
    }

    /**
     * The runs of one model are averaged as its seeds, so they must share every setting but the seed, as
     * {@code compare} keeps one configuration per model: two runs whose config.resolved.yaml values differ
     * in another key are an error naming both folders and the first differing key (in key order). Runs
     * without config.resolved.yaml (older folders) are not compared.
     */
    public static void requireOneSettingPerModel(List<RunRecord> runs) {
        Map<String, RunRecord> firstOf = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            if (!Files.isRegularFile(r.dir().resolve(RunFolder.CONFIG))) continue;
            RunRecord first = firstOf.putIfAbsent(r.model(), r);
            if (first == null) continue;
            Map<String, List<String>> diffs = new LinkedHashMap<>(RunFolder.open(first.dir()).settingDifferences(RunFolder.open(r.dir()).readConfig()));
            diffs.remove(Config.SEED);
            if (diffs.isEmpty()) continue;
            Map.Entry<String, List<String>> d = diffs.entrySet().iterator().next();
            throw new IllegalArgumentException(first.dir() + " and " + r.dir() + ": two " + r.model() + " runs with"
                    + " different settings (" + d.getKey() + ": " + shown(d.getValue().get(0)) + " vs " + shown(d.getValue().get(1))
                    + "); a report averages a model's runs as seeds, so they may differ only in seed. Fix: pass the runs of one"
                    + " setting per model (report the others separately)");
        }
    }

    private static String shown(String value) {
        return value == null ? "(not set)" : value;
    }

    public static RunRecord read(Path dir) {
        RunFolder run = RunFolder.open(dir);
        RunFolder.Metrics m = run.readMetrics();
        return new RunRecord(dir, m.model(), m.dataset(), run.readManifest().seed(), m.bestEpoch(), m.epochsRun(),
                m.epochSeconds(), m.evalSeconds(), m.valid(), m.test(), run.readTrainLog(), run.readPerUser());
    }

    /** A short unique-enough label: the model, plus the seed when the run has one. */
    public String label() {
        return seed >= 0 ? model + " s" + seed : model;
    }
}
