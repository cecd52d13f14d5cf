package org.mmrec4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
