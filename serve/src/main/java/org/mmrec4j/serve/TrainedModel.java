package org.mmrec4j.serve;

import java.nio.file.Path;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.wrapper.Wrappers;
import org.mmrec4j.train.ModelFile;
import org.mmrec4j.train.RunFolder;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainListener;

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
public record TrainedModel(Path runDir, Path dataDir, Dataset data, Config config, ModelSpec spec, Recommender model, int bestEpoch) {
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
        return new TrainedModel(runDir, run.dataDir(), data, config, spec, model, header.bestEpoch());
    }

    /** A run folder's config, model spec, the dataset folder it resolved and the dataset, without building the model. */
    public record Run(Config config, ModelSpec spec, Path dataDir, Dataset dataset) {}

    /** Reads a run folder's config and manifest and loads its dataset (load tests need only the ids). */
    public static Run readRun(Path runDir, Path dataOverride) {
        RunFolder folder = RunFolder.open(runDir);
        if (folder.isGrid()) {
            throw new IllegalArgumentException(runDir + " is a grid search; pass the selected configuration's folder "
                    + runDir.resolve("grid") + "/NNN_... (see grid.csv)");
        }
        RunSetup setup = RunSetup.ofRun(folder, dataOverride);
        return new Run(setup.config(), setup.spec(), setup.dataDir(), setup.load(TrainListener.NONE));
    }
}
