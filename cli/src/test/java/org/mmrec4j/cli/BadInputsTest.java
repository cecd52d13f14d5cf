package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;

/**
 * The corpus of bad inputs under {@code src/test/resources/bad-inputs/} (its README.md describes the
 * format): each case folder runs one command through {@link Main} on a fresh copy of the demo dataset
 * with the case's files laid over it, and must exit with the expected code, print the expected first
 * line of its message on stderr (the first "error:" line), print no stack trace, and leave nothing in {@code $TMP} but what the case expects.
 */
class BadInputsTest {
    static final String CORPUS = "bad-inputs";

    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 5);
    }

    static Path corpus() {
        try {
            return Path.of(BadInputsTest.class.getResource("/" + CORPUS).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource folder " + CORPUS, e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(corpus())) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private void check(Path c) throws IOException {
        Path work = Files.createTempDirectory(shared, c.getFileName() + "-");
        Path data = work.resolve("data");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        copyTree(demo, data, false);
        if (Files.isDirectory(c.resolve("data"))) copyTree(c.resolve("data"), data, true);

        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(c.resolve("command"), StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) args.add(substitute(line, data, tmp, false));
        }
        assertThat(args).as("%s/command", c).isNotEmpty();
        String expected = Files.readAllLines(c.resolve("expected"), StandardCharsets.UTF_8).get(0);
        int exit = Files.exists(c.resolve("exit")) ? Integer.parseInt(Files.readString(c.resolve("exit")).strip()) : 2;

        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        // The message's first line: the first "error:" line (progress such as the dataset summary may come before it),
        // or stderr's first line for a case that succeeds.
        String first = r.err().lines().filter(l -> l.startsWith("error: ")).findFirst()
                .orElse(r.err().lines().findFirst().orElse(""));
        String context = c.getFileName() + ": " + String.join(" ", args) + "\nstderr:\n" + r.err();
        assertThat(r.code()).as(context).isEqualTo(exit);
        if (expected.startsWith("regex:")) {
            assertThat(first).as(context).matches(substitute(expected.substring("regex:".length()), data, tmp, true));
        } else {
            assertThat(first).as(context).isEqualTo(substitute(expected, data, tmp, false));
        }
        assertThat(r.err()).as(context).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(leftovers(tmp, expectedOutputs(c, data, tmp))).as(context + "\nfiles left in $TMP").isEmpty();
    }

    /** Every path under $TMP that is neither listed in the case's {@code outputs} file nor inside one listed there. */
    private static List<String> leftovers(Path tmp, List<Path> allowed) throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.equals(tmp))
                    .filter(p -> allowed.stream().noneMatch(a -> p.startsWith(a) || a.startsWith(p)))
                    .map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<Path> expectedOutputs(Path c, Path data, Path tmp) throws IOException {
        if (!Files.exists(c.resolve("outputs"))) return List.of();
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(c.resolve("outputs"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) out.add(Path.of(substitute(line.strip(), data, tmp, false)));
        }
        return out;
    }

    /** $DATA and $TMP replaced by the case's folders (quoted for a regex). */
    static String substitute(String s, Path data, Path tmp, boolean regex) {
        String d = regex ? Pattern.quote(data.toString()) : data.toString();
        String t = regex ? Pattern.quote(tmp.toString()) : tmp.toString();
        return s.replace("$DATA", d).replace("$TMP", t);
    }

    /**
     * Copies a folder tree; with {@code overlay} a file named {@code X.append} is appended to {@code X}
     * instead of being copied, and every other file replaces the file of its name.
     */
    private static void copyTree(Path from, Path to, boolean overlay) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.sorted(Comparator.naturalOrder()).toList();
        }
        for (Path p : all) {
            Path rel = from.relativize(p);
            Path target = to.resolve(rel.toString());
            if (Files.isDirectory(p)) {
                if (Files.isRegularFile(target)) Files.delete(target); // a folder laid over a file replaces it
                Files.createDirectories(target);
            } else if (overlay && p.getFileName().toString().endsWith(".append")) {
                String name = target.getFileName().toString();
                Path base = target.resolveSibling(name.substring(0, name.length() - ".append".length()));
                Files.write(base, Files.readAllBytes(p), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
