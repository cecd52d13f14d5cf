package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/** req_training: false (MMRec's key): no gradient steps, one evaluation per epoch. */
class NoTrainingTest {

    private static TrainResult run(Dataset demo, String model, String... sets) {
        ModelSpec spec = ModelCatalog.get(model);
        Config c = RunSetup.config(spec, "demo", null, List.of(sets), false).expandGrid().get(0);
        return new Trainer(spec, demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
    }

    @Test
    void itemKnnCbfIsEvaluatedOnceWithoutBatches(@TempDir Path dir) {
        DemoDataset.generate(dir.resolve("demo"), 3);
        Dataset demo = Dataset.load(dir.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
        TrainResult r = run(demo, "ItemKNNCBF", "graph_cache=false");
        assertThat(r.epochsRun()).isEqualTo(1);
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.log().get(0).trainLoss()).isZero();
        assertThat(r.bestTest().get("recall@20")).isPositive();

        // Any model with req_training off keeps its initial parameters: every epoch scores the same.
        TrainResult frozen = run(demo, "BPR", "req_training=false", "epochs=3", "stopping_step=5");
        assertThat(frozen.log()).hasSize(3);
        assertThat(frozen.log().get(2).valid()).isEqualTo(frozen.log().get(0).valid());
        assertThat(frozen.log().get(1).trainLoss()).isZero();
    }
}
