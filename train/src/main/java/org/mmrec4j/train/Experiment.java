package org.mmrec4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.NoiseInjection;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

/**
 * Runs every configuration of a grid (protocol §8: seed first, last-named parameter fastest), each in
 * its own run folder, and selects one. Selection is on the validation score by default; {@code
 * select_on: test} reproduces MMRec's quick-start, which picks by the test score and so leaks test
 * information into model selection. A grid resumed after a crash skips finished configurations.
 */
public final class Experiment {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The selected run and every run of the grid, in grid order. */
    public record Outcome(TrainResult selected, List<TrainResult> all, Path dir) {}

    private Experiment() {}

    public static Outcome run(ModelSpec spec, Dataset data, Config base, Path outDir, boolean resume,
                              TrainListener log, List<String> command) {
        spec = Wrappers.apply(spec, base); // so the manifest, metrics and model.bin name the wrapped model
        List<Config> combos = base.expandGrid();
        Protocol protocol = Protocol.of(base);
        Trainer.EvalSets evalSets = Trainer.EvalSets.of(data, protocol);
        RunDirectory top = new RunDirectory(outDir);
        List<TrainResult> results = new ArrayList<>();
        List<RunDirectory> dirs = new ArrayList<>();
        int[] trainDegree = trainDegrees(data);
        for (int i = 0; i < combos.size(); i++) {
            Config c = combos.get(i);
            RunDirectory dir = combos.size() == 1 ? top : new RunDirectory(outDir.resolve("grid").resolve(comboName(i, c)));
            if (combos.size() > 1) log.message(String.format(Locale.ROOT, "configuration %d/%d: %s", i + 1, combos.size(), c.comboValues()));
            dirs.add(dir);
            TrainResult done = resume ? finished(dir, spec, data, c) : null;
            if (done != null) {
                log.message("already finished: " + dir.dir());
                results.add(done);
                continue;
            }
            // Noise goes into the training split before the trainer builds any graph, sampler or evaluation mask.
            NoiseInjection.Result noise = TrainingNoise.apply(data, c);
            Map<String, Object> extra = noise == null ? Map.of() : Map.of("noise", TrainingNoise.describe(noise, c));
            if (noise != null) log.message(String.format(Locale.ROOT, "noise: %d random training pairs added (ratio %s, seed %d)",
                    noise.added(), noise.ratio(), noise.seed()));
            dir.writeConfig(c);
            dir.writeManifest(spec.name(), data.name(), c.getLong("seed"), data.sourceFiles(), command, extra);
            Trainer trainer = noise == null ? new Trainer(spec, data, c, evalSets, log)
                    : new Trainer(spec, noise.dataset(), c, Trainer.EvalSets.of(noise.dataset(), protocol), log);
            TrainResult r = trainer.run(dir.checkpoint(), dir.model(), resume);
            dir.writeTrainLog(r.log());
            if (r.testPerUser() != null) dir.writeText(UserMetrics.FILE, r.testPerUser().toCsv(trainDegree));
            dir.writeMetrics(r, protocol, extra);
            results.add(r);
        }
        TrainSettings first = TrainSettings.from(combos.get(0));
        boolean onTest = first.selectOnTest() || protocol == Protocol.DIFFMM; // DiffMM's protocol has no validation
        String key = first.validMetric();
        TrainResult best = results.get(0);
        for (TrainResult r : results) {
            double s = (onTest ? r.bestTest() : r.bestValid()).getOrDefault(key, -1.0);
            double b = (onTest ? best.bestTest() : best.bestValid()).getOrDefault(key, -1.0);
            if (s > b) best = r;
        }
        if (combos.size() > 1) {
            top.writeConfig(base);
            top.writeText("grid.csv", gridCsv(results, key));
            Map<String, Object> m = RunDirectory.metricsJson(best, protocol);
            m.put("selected_on", !onTest ? "valid" : protocol == Protocol.DIFFMM ? "test (DiffMM protocol)" : "test (MMRec quick-start compatibility)");
            m.put("configurations", results.size());
            top.writeMetrics(best, protocol);
            top.writeJson("metrics.json", m);
            top.writeTrainLog(best.log());
            Path perUser = dirs.get(results.indexOf(best)).dir().resolve(UserMetrics.FILE);
            if (Files.exists(perUser)) top.writeText(UserMetrics.FILE, read(perUser));
        }
        return new Outcome(best, results, outDir);
    }

    /** Training interactions per user, the degree that per-user breakdowns bucket by. */
    static int[] trainDegrees(Dataset data) {
        int[] degree = new int[data.numUsers()];
        for (int u : data.train().users()) degree[u]++;
        return degree;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static String comboName(int i, Config c) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%03d", i));
        c.comboValues().forEach((k, v) -> sb.append('_').append(k).append('=').append(v));
        return sb.toString().replaceAll("[^A-Za-z0-9_.=-]", "");
    }

    private static String gridCsv(List<TrainResult> results, String key) {
        List<String> params = new ArrayList<>(results.get(0).combo().keySet());
        StringBuilder sb = new StringBuilder(String.join(",", params));
        sb.append(",best_epoch,epochs_run,valid_").append(key).append(",test_recall@20,test_ndcg@20\n");
        for (TrainResult r : results) {
            for (String p : params) sb.append(r.combo().get(p)).append(',');
            sb.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f%n", r.bestEpoch(), r.epochsRun(),
                    r.bestValid().getOrDefault(key, Double.NaN), r.bestTest().getOrDefault("recall@20", Double.NaN),
                    r.bestTest().getOrDefault("ndcg@20", Double.NaN)));
        }
        return sb.toString();
    }

    /** A finished configuration's result, read back from its metrics.json; null if unfinished. */
    private static TrainResult finished(RunDirectory dir, ModelSpec spec, Dataset data, Config c) {
        Path f = dir.dir().resolve("metrics.json");
        if (!Files.exists(f)) return null;
        try {
            Map<String, Object> m = JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
            return new TrainResult(spec.name(), data.name(), new LinkedHashMap<>(c.comboValues()),
                    ((Number) m.get("best_epoch")).intValue(), ((Number) m.get("epochs_run")).intValue(),
                    toDoubles(m.get("valid")), toDoubles(m.get("test")), List.of(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> toDoubles(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        ((Map<String, Object>) o).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }
}
