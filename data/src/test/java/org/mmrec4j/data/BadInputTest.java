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
            assertThat(dirs).hasSizeGreaterThanOrEqualTo(14);
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
}
