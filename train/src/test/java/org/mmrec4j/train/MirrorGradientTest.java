package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;

/** Mirror Gradient's step sequence, checked with plain SGD on a loss whose gradient is 1. */
class MirrorGradientTest {

    /** L = w, so SGD with lr 1 moves w by −(weight of the backward) per step. */
    static final class LinearLoss implements Recommender {
        final Params params = new Params();
        final Tensor w = params.add("w", Tensor.parameter(1, 1, new float[] {0f}));
        int lossCalls;

        @Override public Tensor loss(Batch batch) {
            lossCalls++;
            return w.scale(1f);
        }

        @Override public Scorer scorer() {
            return (users, out) -> java.util.Arrays.fill(out, 0f);
        }

        @Override public Params params() {
            return params;
        }
    }

    @Test
    void everyBetaThBatchTakesADescentThenAnAscentStep(@TempDir Path dir) {
        DemoDataset.generate(dir.resolve("demo"), 7);
        Dataset demo = Dataset.load(dir.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
        LinearLoss model = new LinearLoss();
        ModelSpec spec = new ModelSpec("LightGCN", ModelSpec.Uses.INTERACTIONS_ONLY, "test double", ctx -> model);
        int perBatch = (demo.train().size() + 3) / 4; // exactly 4 batches: indices 0..3, MG on 0 and 3
        Config c = RunSetup.config(ModelCatalog.get("LightGCN"), "demo", null, List.of("epochs=1", "learner=sgd",
                "learning_rate=1.0", "train_batch_size=" + perBatch, "mirror_gradient=true", "mg_alpha1=1.0",
                "mg_alpha2=0.25", "mg_beta=3", "checkpoint_every=null"), false).expandGrid().get(0);
        new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        // Batches 0 and 3: −1 then +0.25; batches 1 and 2: −1 each.
        assertThat(model.w.item()).isCloseTo(2 * (-1f + 0.25f) - 2f, within(1e-6f));
        assertThat(model.lossCalls).isEqualTo(4 + 2);
    }

    @Test
    void offByDefault(@TempDir Path dir) {
        DemoDataset.generate(dir.resolve("demo"), 7);
        Dataset demo = Dataset.load(dir.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
        LinearLoss model = new LinearLoss();
        ModelSpec spec = new ModelSpec("LightGCN", ModelSpec.Uses.INTERACTIONS_ONLY, "test double", ctx -> model);
        int perBatch = (demo.train().size() + 3) / 4;
        Config c = RunSetup.config(ModelCatalog.get("LightGCN"), "demo", null, List.of("epochs=1", "learner=sgd",
                "learning_rate=1.0", "train_batch_size=" + perBatch, "checkpoint_every=null"), false).expandGrid().get(0);
        new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        assertThat(model.w.item()).isCloseTo(-4f, within(1e-6f));
    }
}
