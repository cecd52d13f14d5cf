package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.ConfigException;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.demo.DemoDataset;

/** RunSetup: the one resolution of a run's model, config and dataset folder. */
class RunSetupTest {
    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 3);
    }

    @Test
    void aWrapperNamedOnTheCommandLineAddsItsYamlAndWrapsTheModel() {
        RunSetup plain = RunSetup.resolve("BM3", demo, null, List.of(), false);
        assertThat(plain.spec()).isSameAs(plain.catalogued());
        assertThat(plain.config().has("guider_mode")).isFalse();
        RunSetup wrapped = RunSetup.resolve("BM3", demo, null, List.of("wrapper=guider", "guider_mode=paper"), false);
        assertThat(wrapped.spec().name()).isEqualTo("BM3+GUIDER");
        assertThat(wrapped.catalogued().name()).isEqualTo("BM3");
        assertThat(wrapped.config().source("guider_teacher_knn_k")).contains("GUIDER.yaml");
        assertThat(wrapped.datasetName()).isEqualTo("demo");
        // a grid point of the same setup stays wrapped
        assertThat(wrapped.withConfig(wrapped.config().expandGrid().get(0)).spec().name()).isEqualTo("BM3+GUIDER");
    }

    @Test
    void theProtocolNamedByTheUserSlotsItsDefaultsUnderTheUsersKeys() {
        RunSetup diffmm = RunSetup.resolve("LightGCN", demo, null, List.of("protocol=diffmm", "train_batch_size=256"), false);
        assertThat(diffmm.config().getIntList("seed")).containsExactly(421);
        assertThat(diffmm.config().source("seed")).contains("protocol diffmm");
        assertThat(diffmm.config().getInt("train_batch_size")).isEqualTo(256);
    }

    @Test
    void interFileNamePicksOneOfSeveralInteractionFiles(@TempDir Path dir) throws Exception {
        Files.copy(demo.resolve("demo.inter"), dir.resolve("a.inter"));
        Files.copy(demo.resolve("demo.inter"), dir.resolve("b.inter"));
        assertThatThrownBy(() -> RunSetup.resolve("BPR", dir, null, List.of(), false))
                .isInstanceOf(DataException.class).hasMessageContaining("found 2").hasMessageContaining("inter_file_name");
        RunSetup b = RunSetup.resolve("BPR", dir, null, List.of("inter_file_name=b.inter"), false);
        assertThat(b.datasetName()).isEqualTo("b");
        assertThat(b.load(TrainListener.NONE).name()).isEqualTo("b");
        assertThatThrownBy(() -> RunSetup.resolve("BPR", dir, null, List.of("inter_file_name=c.inter"), false))
                .isInstanceOf(DataException.class).hasMessageContaining("c.inter");
    }

    @Test
    void aConfigFileMayNameTheInteractionFileTooAndAMismatchIsAnError(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "inter_file_name: demo.inter\n");
        assertThat(RunSetup.resolve("BPR", demo, yaml, List.of(), false).datasetName()).isEqualTo("demo");
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.copy(demo.resolve("demo.inter"), other.resolve("x.inter"));
        assertThatThrownBy(() -> RunSetup.resolve("BPR", other, yaml, List.of(), false))
                .isInstanceOf(DataException.class).hasMessageContaining("demo.inter");
    }

    @Test
    void aGridAxisTheUserSetKeepsTheUsersValues() {
        // the model's grid used to replace the user's list, so `tune --set 'reg_weight=[0.1,0.01]'` searched BPR.yaml's seven values
        RunSetup own = RunSetup.resolve("BPR", demo, null, List.of("reg_weight=[0.1,0.01]"), true);
        assertThat(own.config().expandGrid()).extracting(c -> c.getDouble("reg_weight")).containsExactly(0.1, 0.01);
        RunSetup grid = RunSetup.resolve("BPR", demo, null, List.of(), true);
        assertThat(grid.config().expandGrid()).hasSize(7);
    }

    @Test
    void modelOptionsOfEveryGridPointAreCheckedBeforeAnyDataIsRead() {
        assertThatThrownBy(() -> RunSetup.resolve("BPR", demo, null, List.of("reg_weight=[0.1,-2]"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reg_weight must be >= 0, got -2.0");
        assertThatThrownBy(() -> RunSetup.resolve("BM3", demo, null, List.of("wrapper=guider", "guider_kd_weight=-1"), false))
                .hasMessageContaining("guider_kd_weight");
    }

    @Test
    void unknownKeysAndModelsFailWithTheirSource() {
        assertThatThrownBy(() -> RunSetup.resolve("BPR", demo, null, List.of("learning_rat=0.1"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> RunSetup.resolve("LightGNC", demo, null, List.of(), false)).hasMessageContaining("LightGCN");
    }
}
