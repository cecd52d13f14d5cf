package org.mmrec4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.wrapper.Wrappers;
import org.mmrec4j.train.ModelFile;
import org.mmrec4j.train.RunConfig;

/**
 * A model restored from a run folder: the dataset it was trained on (the folder recorded in
 * manifest.json), the model rebuilt from config.resolved.yaml with the run's seed, and the parameters of
 * the best validation epoch from model.bin.
 *
 * <p>After restoring, the model's per-epoch hook runs once for the best epoch with that epoch's random
 * stream, so sampled graphs (pruning, dropout graphs) are those of the evaluated epoch. For models whose
 * scores depend only on parameters and fixed graphs (BPR, LightGCN, VBPR, FREEDOM, ...) the restored scores
 * equal those evaluated during training; models that cache the last training batch's representation
 * (GRCN, DualGNN, DRAGON) recompute it with a full forward pass instead.
 */
public record TrainedModel(Path runDir, Dataset data, Config config, ModelSpec spec, Recommender model, int bestEpoch) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads a run folder, reading the dataset from where the run found it. */
    public static TrainedModel load(Path runDir) {
        return load(runDir, null);
    }

    /**
     * @param dataOverride the dataset folder, or null for the one recorded in the run's manifest
     */
    public static TrainedModel load(Path runDir, Path dataOverride) {
        Run run = readRun(runDir, dataOverride);
        Config config = run.config();
        Dataset data = run.dataset();
        ModelSpec spec = run.spec();
        Rng root = new Rng(config.getLong("seed"));
        Recommender model = spec.create(new ModelContext(data, config, root.split("model")));
        ModelFile.Header header = ModelFile.read(runDir.resolve(ModelFile.NAME), model.params());
        if (!Wrappers.studentName(header.model()).equals(spec.name())) {
            throw new IllegalStateException(runDir.resolve(ModelFile.NAME) + " holds " + header.model() + ", manifest says " + spec.name());
        }
        model.beforeEpoch(new EpochContext(header.bestEpoch(), root.split("epoch").split(header.bestEpoch())));
        return new TrainedModel(runDir, data, config, spec, model, header.bestEpoch());
    }

    /** A run folder's config, model spec and dataset, without building the model. */
    public record Run(Config config, ModelSpec spec, Dataset dataset) {}

    /** Reads a run folder's config and manifest and loads its dataset (load tests need only the ids). */
    public static Run readRun(Path runDir, Path dataOverride) {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("run folder " + runDir + " not found; pass the --out folder of a finished `mmrec4j train`");
        }
        Path configFile = runDir.resolve("config.resolved.yaml");
        if (!Files.exists(configFile)) {
            throw new IllegalArgumentException(runDir + " has no config.resolved.yaml: not a run folder");
        }
        if (Files.isDirectory(runDir.resolve("grid")) && !Files.exists(runDir.resolve(ModelFile.NAME))) {
            throw new IllegalArgumentException(runDir + " is a grid search; pass the selected configuration's folder "
                    + runDir.resolve("grid") + "/NNN_... (see grid.csv)");
        }
        Config config = ConfigLoader.load(Layer.file(configFile));
        JsonNode manifest = readManifest(runDir.resolve("manifest.json"));
        String modelName = manifest.path("model").asText(null);
        if (modelName == null) throw new IllegalArgumentException(runDir.resolve("manifest.json") + " names no model");
        // A wrapped run (BM3+GUIDER) is served by its student alone: model.bin holds the student's parameters.
        ModelSpec spec = ModelCatalog.get(Wrappers.studentName(modelName));
        Path dataDir = dataOverride != null ? dataOverride : dataFolder(manifest, runDir);
        String name = RunConfig.datasetName(dataDir);
        return new Run(config, spec, Dataset.load(dataDir, RunConfig.datasetOptions(config, name)));
    }

    private static JsonNode readManifest(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The folder of the .inter file among the manifest's inputs (absolute paths). */
    private static Path dataFolder(JsonNode manifest, Path runDir) {
        for (JsonNode f : manifest.path("inputs")) {
            String p = f.path("path").asText("");
            if (p.endsWith(".inter")) {
                Path dir = Path.of(p).getParent();
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("the run's dataset folder " + dir + " no longer exists; pass --data DIR");
                }
                return dir;
            }
        }
        throw new IllegalArgumentException(runDir.resolve("manifest.json") + " records no .inter input; pass --data DIR");
    }
}
