package org.mmrec4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.data.io.NpyReader;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.train.ExperimentLoop;
import org.mmrec4j.train.RunFolder;

class RunTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path vbprDir;
    static Run vbpr;

    @BeforeAll
    static void trainVbpr() {
        data = tmp.resolve("demo");
        DemoDataset.generate(data, 2024);
        vbprDir = tmp.resolve("vbpr");
        vbpr = Training.of("VBPR", data).set("epochs", 2).run(vbprDir);
    }

    @Test
    void trainingWritesTheRunFolderAndItsMetrics() {
        RunFolder.Metrics recorded = RunFolder.open(vbprDir).readMetrics();
        assertThat(vbpr.model()).isEqualTo("VBPR");
        assertThat(vbpr.bestEpoch()).isBetween(0, 1).isEqualTo(recorded.bestEpoch());
        assertThat(vbpr.testMetrics()).isEqualTo(recorded.test()).containsKey("recall@20");
        assertThat(vbpr.validMetrics()).isEqualTo(recorded.valid()).containsKey("recall@20");
        assertThat(vbprDir.resolve("model.bin")).isRegularFile();
    }

    @Test
    void recommendationsAreRankedAndLeaveOutTrainingItems() {
        List<Run.Item> top = vbpr.recommend("7", 20);
        assertThat(top).hasSize(20);
        for (int j = 1; j < top.size(); j++) assertThat(top.get(j).score()).isLessThanOrEqualTo(top.get(j - 1).score());
        var index = vbpr.index();
        var train = vbpr.trainedModel().data().train();
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < train.size(); r++) if (train.users()[r] == index.userIndex("7")) seen.add(index.itemId(train.items()[r]));
        assertThat(seen).isNotEmpty();
        assertThat(top).extracting(Run.Item::id).doesNotContainAnyElementsOf(seen);
    }

    @Test
    void aLoadedRunAnswersAsTheTrainedOne() {
        Run loaded = Run.load(vbprDir);
        assertThat(loaded.recommend("3", 10)).isEqualTo(vbpr.recommend("3", 10));
        assertThat(loaded.similar("5", 10)).isEqualTo(vbpr.similar("5", 10));
        assertThat(loaded.testMetrics()).isEqualTo(vbpr.testMetrics());
    }

    @Test
    void similarItemsExcludeTheItemAndAreCosinesInOrder() {
        List<Run.Item> similar = vbpr.similar("5", 10);
        assertThat(similar).hasSize(10).extracting(Run.Item::id).doesNotContain("5");
        for (Run.Item i : similar) assertThat(i.score()).isBetween(-1.0001f, 1.0001f);
        for (int j = 1; j < similar.size(); j++) assertThat(similar.get(j).score()).isLessThanOrEqualTo(similar.get(j - 1).score());
    }

    @Test
    void newItemsAreScoredByTheContentHalfOfVbpr() {
        assertThat(vbpr.newItemFeatures()).isEqualTo(Map.of("image", DemoDataset.IMAGE_DIM, "text", DemoDataset.TEXT_DIM));
        int rows = 4;
        Map<String, FeatureMatrix> features = new java.util.LinkedHashMap<>();
        for (String m : vbpr.newItemFeatures().keySet()) {
            FeatureMatrix all = NpyReader.read(data.resolve(m + "_feat.npy"));
            features.put(m, new FeatureMatrix(rows, all.cols(), Arrays.copyOf(all.data(), rows * all.cols())));
        }
        float[] scores = vbpr.scoreNewItems("9", features);

        // VBPR: h_i = [q_i; W x_i + b]; a new item has no q_i, so its score is p_u's second half times W x_i + b,
        // which for the features of trained item i is the content half of that item's own final vector.
        Embeddings e;
        try (var off = Grad.off()) {
            e = vbpr.trainedModel().model().finalEmbeddings();
        }
        int u = vbpr.index().userIndex("9"), width = e.users().cols(), half = width / 2;
        float[] p = e.users().data(), h = e.items().data();
        assertThat(scores).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            double expected = 0;
            for (int j = half; j < width; j++) expected += (double) p[u * width + j] * h[i * width + j];
            assertThat((double) scores[i]).as("item %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void newItemFeaturesAreChecked() {
        FeatureMatrix image = new FeatureMatrix(2, DemoDataset.IMAGE_DIM, new float[2 * DemoDataset.IMAGE_DIM]);
        FeatureMatrix text = new FeatureMatrix(2, DemoDataset.TEXT_DIM, new float[2 * DemoDataset.TEXT_DIM]);
        FeatureMatrix narrow = new FeatureMatrix(2, 3, new float[6]);
        FeatureMatrix oneRow = new FeatureMatrix(1, DemoDataset.TEXT_DIM, new float[DemoDataset.TEXT_DIM]);
        assertThatThrownBy(() -> vbpr.scoreNewItems("0", Map.of("image", image)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing features for modality 'text'");
        assertThatThrownBy(() -> vbpr.scoreNewItems("0", Map.of("image", image, "text", narrow)))
                .hasMessage("text features have 3 columns, the model needs 16");
        assertThatThrownBy(() -> vbpr.scoreNewItems("0", Map.of("image", image, "text", oneRow)))
                .hasMessageContaining("one row per new item");
        assertThatThrownBy(() -> vbpr.scoreNewItems("0", Map.of("image", image, "text", text, "audio", text)))
                .hasMessageContaining("unknown modality 'audio'");
        assertThatThrownBy(() -> vbpr.scoreNewItems("nobody", Map.of("image", image, "text", text)))
                .hasMessageContaining("unknown user 'nobody'");
    }

    @Test
    void unknownIdsAndBadKAreRefused() {
        assertThatThrownBy(() -> vbpr.recommend("nobody", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown user 'nobody': not a user id of demo");
        assertThatThrownBy(() -> vbpr.similar("x9", 5)).hasMessage("unknown item 'x9': not an item id of demo");
        assertThatThrownBy(() -> vbpr.recommend("0", 0)).hasMessage("k must be >= 1, got 0");
    }

    @Test
    void anIdModelScoresNoNewItems() {
        Run bpr = Training.of("BPR", data).set("epochs", 1).run(tmp.resolve("bpr"));
        assertThat(bpr.newItemFeatures()).isEmpty();
        assertThatThrownBy(() -> bpr.scoreNewItems("0", Map.of())).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("BPR cannot score items from features alone");
    }

    @Test
    void aFolderHoldingARunIsRefusedUnlessReplaced() {
        Path dir = tmp.resolve("twice");
        Training bpr = Training.of("BPR", data).set("epochs", 1);
        Map<String, Double> first = bpr.run(dir).testMetrics();
        assertThatThrownBy(() -> bpr.run(dir)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds");
        assertThat(bpr.ifExists(ExperimentLoop.Existing.OVERWRITE).run(dir).testMetrics()).as("same seed, same run").isEqualTo(first);
    }

    @Test
    void badSettingsFailBeforeAnythingIsWritten() {
        Path dir = tmp.resolve("bad");
        assertThatThrownBy(() -> Training.of("BPR", data).set("epochs", 0).run(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> Training.of("VBRP", data).run(dir)).hasMessageContaining("VBPR");
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void aSeedListTrainsAGridAndLoadsTheSelectedConfiguration() {
        Path dir = tmp.resolve("grid");
        Run selected = Training.of("BPR", data).set("epochs", 1).set("seed", List.of(1, 2)).run(dir);
        assertThat(dir.resolve("grid.csv")).isRegularFile();
        assertThat(selected.trainedModel().runDir().getParent()).isEqualTo(dir.resolve("grid"));
        assertThat(selected.testMetrics()).isEqualTo(RunFolder.open(dir).readMetrics().test());
    }
}
