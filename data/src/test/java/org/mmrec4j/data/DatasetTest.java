package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetTest {
    @Test
    void coldStartFilterDropsEvaluationRowsOfUsersWithoutTraining() {
        Dataset d = Dataset.load(Fixtures.dir("cold_start"), DatasetOptions.defaults());
        assertThat(d.name()).isEqualTo("cold");
        assertThat(d.numUsers()).isEqualTo(3);
        assertThat(d.numItems()).isEqualTo(6); // item 5 occurs only in a filtered validation row
        assertThat(d.train().size()).isEqualTo(3);
        assertThat(d.valid().users()).containsExactly(0);
        assertThat(d.valid().items()).containsExactly(2);
        assertThat(d.test().users()).containsExactly(1);
        assertThat(d.test().items()).containsExactly(4);
        assertThat(d.warnings()).singleElement().asString().contains("removed 2 validation/test rows of 1 users");
        assertThat(d.summary()).isEqualTo("cold: 3 users, 6 items, train 3, valid 1, test 1, modalities: none");
    }

    @Test
    void coldStartFilterCanBeSwitchedOff() {
        Dataset d = Dataset.load(Fixtures.dir("cold_start"), DatasetOptions.defaults().withFilterColdStartUsers(false));
        assertThat(d.valid().size()).isEqualTo(2);
        assertThat(d.test().size()).isEqualTo(2);
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void duplicatesAreKeptWithAWarning() {
        Dataset d = Dataset.load(Fixtures.dir("duplicates"), DatasetOptions.defaults());
        assertThat(d.train().users()).containsExactly(0, 0, 1);
        assertThat(d.train().items()).containsExactly(0, 0, 1);
        assertThat(d.test().size()).isEqualTo(1);
        assertThat(d.warnings()).singleElement().asString().contains("1 duplicate (user, item) rows kept");
    }

    @Test
    void discoversEveryModalityAndLoadsIdMaps() {
        DatasetOptions o = DatasetOptions.defaults().withFields("u", "i", "split").withSeparator(",");
        Dataset d = Dataset.load(Fixtures.dir("modalities"), o);
        assertThat(d.features().names()).containsExactly("image", "text", "audio");
        assertThat(d.features().dim("audio")).isEqualTo(2);
        assertThat(d.features().dim("image")).isEqualTo(4);
        assertThat(d.features().get("image").get(2, 3)).isEqualTo(11f);
        assertThat(d.features().get("text").get(1, 0)).isEqualTo(3f);
        assertThat(d.userIds()).get().extracting(m -> m.index("bob")).isEqualTo(1);
        assertThat(d.itemIds().get().id(0)).isEqualTo("B0");
        assertThat(d.itemIds().get().index("B2")).isEqualTo(2);
        assertThat(d.sourceFiles()).hasSize(6);
        assertThat(d.summary()).endsWith("modalities: image 4-d, text 3-d, audio 2-d");
    }

    @Test
    void configuredFeatureFilesKeepTheirOrderAndAbsentOnesAreSwitchedOff() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("text", "text_feat.npy");
        files.put("vision", "missing.npy");
        files.put("sound", "audio_feat.npy");
        DatasetOptions o = DatasetOptions.defaults().withFields("u", "i", "split").withSeparator(",")
                .withFeatureFiles(files);
        Dataset d = Dataset.load(Fixtures.dir("modalities"), o);
        assertThat(d.features().names()).containsExactly("text", "sound");
        assertThat(d.warnings()).anyMatch(w -> w.contains("modality 'vision' is off"));
        Dataset noFeatures = Dataset.load(Fixtures.dir("modalities"), o.withLoadFeatures(false));
        assertThat(noFeatures.features().isEmpty()).isTrue();
    }

    @Test
    void inMemoryDatasetDerivesCountsFromAllSplits() {
        Interactions train = new Interactions(new int[] {0, 1}, new int[] {0, 1});
        Interactions test = new Interactions(new int[] {2}, new int[] {7});
        Dataset d = Dataset.of("mem", train, Interactions.empty(), test, FeatureSet.empty());
        assertThat(d.numUsers()).isEqualTo(3);
        assertThat(d.numItems()).isEqualTo(8);
        assertThat(d.userIds()).isEmpty();
    }

    @Test
    void missingFolderOrAmbiguousInterFileIsADataException() {
        assertThatThrownBy(() -> Dataset.load(Fixtures.dir("npy"), DatasetOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("expected exactly one *.inter file, found 0");
        assertThatThrownBy(() -> Dataset.load(Fixtures.dir("cold_start"), DatasetOptions.defaults().withName("nope")))
                .isInstanceOf(DataException.class).hasMessageContaining("nope.inter: does not exist");
    }
}
