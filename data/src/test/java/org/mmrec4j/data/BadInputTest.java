package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every folder under bad/ must fail to load with a DataException containing its expected.txt. */
class BadInputTest {
    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.dir("bad"))) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            assertThat(dirs).hasSizeGreaterThanOrEqualTo(21);
            return dirs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithAClearMessage(Path dir) throws IOException {
        String expected = Files.readString(dir.resolve("expected.txt")).strip();
        assertThatThrownBy(() -> Dataset.load(dir, DatasetOptions.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("Fix: ")
                .hasMessageContaining(dir.toString());
    }

    /**
     * A model that reads no features (is_multimodal_model false: BPR, LightGCN) must still refuse a corrupt
     * feature file: header, dtype, shape, row count and size are checked without reading the values. Only
     * non-finite values need the values; then the load succeeds with a warning that says they were not read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void idOnlyLoadsRejectTheSameFilesOrSayWhatTheyDidNotRead(Path dir) throws IOException {
        String expected = Files.readString(dir.resolve("expected.txt")).strip();
        DatasetOptions idOnly = DatasetOptions.defaults().withLoadFeatures(false);
        if (expected.contains("non-finite value")) {
            Dataset d = Dataset.load(dir, idOnly);
            assertThat(d.features().isEmpty()).isTrue();
            assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("_feat.npy: values not read")
                    .contains("header, shape, row count and size checked"));
            return;
        }
        assertThatThrownBy(() -> Dataset.load(dir, idOnly))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("Fix: ");
    }
}
