package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSummaryTest {
    @TempDir Path root;

    private Path report(String module, String suite, int tests, int failures, int errors, int skipped) throws IOException {
        Path dir = Files.createDirectories(root.resolve(module).resolve("target/surefire-reports"));
        return Files.writeString(dir.resolve("TEST-" + suite + ".xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" name=\"" + suite + "\" time=\"0.1\" tests=\""
                + tests + "\" errors=\"" + errors + "\" skipped=\"" + skipped + "\" failures=\"" + failures + "\">\n"
                + "<properties><property name=\"x\" value=\"y\"/></properties><testcase name=\"a\"/></testsuite>\n");
    }

    @Test
    void sumsThisBuildsReportsOverModulesAndCountsErrorsAsFailures() throws IOException {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        FileTime during = FileTime.from(start.plusSeconds(30));
        Files.setLastModifiedTime(report("engine", "org.mmrec4j.engine.TensorTest", 40, 0, 0, 1), during);
        Files.setLastModifiedTime(report("engine", "org.mmrec4j.engine.RngTest", 5, 1, 0, 0), during);
        Files.setLastModifiedTime(report("data", "org.mmrec4j.data.DatasetTest", 10, 0, 2, 3), during);
        // a report from an earlier build (a module not rebuilt, or a deleted test) is not this build's
        Files.setLastModifiedTime(report("graph", "org.mmrec4j.graph.OldTest", 99, 0, 0, 0), FileTime.from(start.minusSeconds(3600)));
        Files.createDirectories(root.resolve("docs"));

        TestSummary.Counts c = TestSummary.sum(root, start);
        assertThat(c).isEqualTo(new TestSummary.Counts(55, 3, 4, 2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestSummary.print(c, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("tests: 48 passed, 3 failed, 4 skipped (2 modules)" + System.lineSeparator());
        assertThat(TestSummary.sum(root, start.plusSeconds(3600)).modules()).isZero();
    }
}
