package org.mmrec4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's "Use it from Java" shows TrainAndRecommend and this module's dependency lines; these checks keep
 * them the same. They run in the checkout only: a copy of this folder built elsewhere has no README beside it.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");

    @org.junit.jupiter.api.Test
    void theReadmeShowsTrainAndRecommendAsItIs() throws IOException {
        String section = section();
        String source = Files.readString(Path.of("src/main/java/org/mmrec4j/examples/TrainAndRecommend.java"));
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2);
        assertThat(block(section, "```java\n")).isEqualTo(withoutPackage);
        assertThat(withoutPackage.lines().count()).as("the issue's bound for the shortest example").isLessThan(30);
    }

    @org.junit.jupiter.api.Test
    void theReadmesDependencyLinesAreThoseOfThisPom() throws IOException {
        List<String> pom = Files.readAllLines(Path.of("pom.xml")).stream().map(String::trim).toList();
        List<String> snippet = block(section(), "```xml\n").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        assertThat(snippet).isNotEmpty();
        assertThat(pom).containsAll(snippet);
    }

    private static String section() throws IOException {
        assumeTrue(Files.exists(README), "no ../README.md: not inside the mmrec4j checkout");
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Use it from Java\n");
        assertThat(from).as("README section 'Use it from Java'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static String block(String section, String fence) {
        int start = section.indexOf(fence);
        assertThat(start).as("a " + fence.trim() + " block").isNotNegative();
        start += fence.length();
        return section.substring(start, section.indexOf("```", start));
    }
}
