package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/** The DiffMM protocol (protocol.md §10.2) for any model: its defaults, test-only evaluation, best-test selection. */
class DiffMmProtocolTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    private static Config config(ModelSpec spec, String... sets) {
        return RunSetup.config(spec, "demo", null, List.of(sets), false);
    }

    @Test
    void protocolDefaultsApplyUnderTheUsersOwnSettings() {
        ModelSpec spec = ModelCatalog.get("BPR");
        Config mmrec = config(spec);
        assertThat(TrainSettings.from(mmrec.expandGrid().get(0)).protocol()).isEqualTo(Protocol.MMREC);
        assertThat(mmrec.getIntList("seed")).containsExactly(999);

        Config diffmm = config(spec, "protocol=diffmm");
        assertThat(TrainSettings.from(diffmm.expandGrid().get(0)).protocol()).isEqualTo(Protocol.DIFFMM);
        assertThat(diffmm.getIntList("seed")).containsExactly(421);
        assertThat(diffmm.getInt("train_batch_size")).isEqualTo(1024);
        assertThat(diffmm.getInt("epochs")).isEqualTo(50);
        assertThat(diffmm.getIntList("topk")).containsExactly(20);
        assertThat(diffmm.getBoolean("filter_out_cod_start_users")).isFalse();
        assertThat(diffmm.source("seed")).contains("protocol diffmm");

        Config user = config(spec, "protocol=diffmm", "seed=7", "train_batch_size=256");
        assertThat(user.getIntList("seed")).containsExactly(7);
        assertThat(user.getInt("train_batch_size")).isEqualTo(256);
        assertThatThrownBy(() -> config(spec, "protocol=guider")).hasMessageContaining("mmrec or diffmm");
    }

    @Test
    void evaluatesTestEveryEpochReportsTheBestTestEpochAndNeverReadsValid() {
        ModelSpec spec = ModelCatalog.get("BPR");
        // stopping_step 0 would stop an MMRec run at its first evaluation without a new best; this trajectory
        // (test R@20 0.307, 0.647, 0.663, 0.657, 0.651, 0.647) peaks at epoch 2
        Config c = config(spec, "protocol=diffmm", "epochs=6", "stopping_step=0", "learning_rate=0.01").expandGrid().get(0);
        // No validation set at all: a read of it would throw.
        Trainer.EvalSets testOnly = Trainer.EvalSets.of(demo, Protocol.DIFFMM);
        assertThat(testOnly.valid()).isNull();
        TrainResult r = new Trainer(spec, demo, c, testOnly, TrainListener.NONE).run(null, false);

        assertThat(r.epochsRun()).isEqualTo(6);
        assertThat(r.bestValid()).isEmpty();
        int best = 0;
        for (EpochRecord e : r.log()) {
            assertThat(e.valid()).isEmpty();
            assertThat(e.test().keySet()).allMatch(k -> k.endsWith("@20"));
            if (e.test().get("recall@20") > r.log().get(best).test().get("recall@20")) best = e.epoch();
        }
        assertThat(r.bestEpoch()).isEqualTo(best);
        assertThat(r.bestTest()).isEqualTo(r.log().get(best).test());
        assertThat(r.log().stream().filter(EpochRecord::improved).count()).isGreaterThan(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunFolderStatesTheProtocol(@TempDir Path out) throws Exception {
        ModelSpec spec = ModelCatalog.get("BPR");
        Experiment.run(spec, demo, config(spec, "protocol=diffmm", "epochs=2"), out, false, TrainListener.NONE, List.of("test"));
        Map<?, ?> m = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
        assertThat(m.get("protocol")).isEqualTo("diffmm");
        assertThat((String) m.get("epoch_selected_on")).startsWith("test");
        assertThat((Map<?, ?>) m.get("valid")).isEmpty();
        assertThat(((Map<String, ?>) m.get("test")).keySet()).contains("recall@20", "ndcg@20", "precision@20");
        assertThat(java.nio.file.Files.readString(out.resolve("config.resolved.yaml"))).containsPattern("protocol: \"?diffmm");

        Path mm = out.resolve("mmrec");
        Experiment.run(spec, demo, config(spec, "epochs=2"), mm, false, TrainListener.NONE, List.of("test"));
        Map<?, ?> n = new ObjectMapper().readValue(mm.resolve("metrics.json").toFile(), Map.class);
        assertThat(n.get("protocol")).isEqualTo("mmrec");
        assertThat((Map<?, ?>) n.get("valid")).isNotEmpty();
    }
}
