package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmrec4j.config.ConfigException;
import org.mmrec4j.config.KeyDocs;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/**
 * {@code models NAME}, {@code models --common} and {@code models --markdown} print every key of the YAMLs
 * with its type and meaning, and docs/models.md is exactly what {@code models --markdown} prints.
 */
class ModelsCommandTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * {@code key: value   # type[ range]: meaning}, written out here rather than taken from KeyDocs so the
     * test checks the files, not the parser against itself. A range holds no ": ".
     */
    private static final Pattern KEY_COMMENT = Pattern.compile(
            "^[A-Za-z_][A-Za-z0-9_]*:[^#]*\\s#\\s*"
                    + "(int|float|bool|string|list<int>|list<float>|list<string>|\\[float, int\\]|map<string,string>)( or null)?"
                    + "( (in [\\[(][^:]*[\\])]|[<>]=? [^:]+|= [^:]+|one of [^:]+|even, >= 2|step > 0|one entry, > 0))?"
                    + ": \\S.*$");

    static List<String> names() {
        List<String> all = new ArrayList<>(ModelCatalog.all().stream().map(ModelSpec::name).toList());
        all.add("GUIDER");
        return all;
    }

    private static String resource(String name) {
        return name.equals("GUIDER") ? "org/mmrec4j/models/GUIDER.yaml" : ModelCatalog.get(name).yamlResource();
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = ModelsCommandTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Top-level keys and the grid's keys as a YAML parser sees them (comments dropped). */
    private static Map<String, List<String>> yamlKeys(String resource) throws IOException {
        JsonNode root = YAML.readTree(text(resource));
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> top = new ArrayList<>(), grid = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("grid")) top.add(k);
        }
        if (root.has("grid")) root.get("grid").fieldNames().forEachRemaining(grid::add);
        out.put("top", top);
        out.put("grid", grid);
        return out;
    }

    @ParameterizedTest
    @MethodSource("names")
    void modelsNameListsEveryKeyWithTypeAndMeaningAndTheGrid(String name) throws IOException {
        CliTest.Result r = CliTest.run("models", name);
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        Map<String, List<String>> keys = yamlKeys(resource(name));
        KeyDocs docs = KeyDocs.resource(resource(name));
        assertThat(docs.keys().stream().map(KeyDocs.Key::name)).as("the parser sees every key a YAML parser sees")
                .containsExactlyElementsOf(keys.get("top"));
        List<String> lines = Arrays.asList(out.split("\n"));
        int gridAt = lines.indexOf(lines.stream().filter(l -> l.startsWith("grid:")).findFirst().orElse("grid:?"));
        assertThat(gridAt).as("a grid: section in\n%s", out).isPositive();
        for (KeyDocs.Key k : docs.keys()) {
            assertThat(k.type()).as(k.name()).isNotBlank();
            assertThat(k.meaning()).as(k.name()).isNotBlank();
            String row = lines.subList(0, gridAt).stream().filter(l -> l.startsWith("  " + k.name() + " ")).findFirst().orElse(null);
            assertThat(row).as("a row for %s in\n%s", k.name(), out).isNotNull();
            assertThat(row).contains(" " + k.value() + " ", " " + k.type() + " ", k.meaning());
        }
        List<String> gridLines = lines.subList(gridAt + 1, lines.size());
        for (String axis : keys.get("grid")) {
            assertThat(gridLines).as("grid axis %s", axis).anyMatch(l -> l.startsWith("  " + axis + " "));
        }
        assertThat(out).contains("--set key=value", "--config FILE.yaml");
        if (!name.equals("GUIDER")) assertThat(out).contains("tune --model " + name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyKeyCommentReadsTypeRangeMeaning(String name) throws IOException {
        checkComments(resource(name));
    }

    @Test
    void everyTrainerKeyCommentReadsTypeRangeMeaning() throws IOException {
        checkComments(ModelsCommand.DEFAULTS_YAML);
    }

    private static void checkComments(String resource) throws IOException {
        List<String> bad = text(resource).lines()
                .filter(l -> l.matches("^[A-Za-z_][A-Za-z0-9_]*:.*") && !l.startsWith("grid:"))
                .filter(l -> !KEY_COMMENT.matcher(l).matches())
                .toList();
        assertThat(bad).as("%s: key lines whose comment is not `type[ range]: meaning`", resource).isEmpty();
    }

    @Test
    void commonListsEveryTrainerKeyUnderItsSection() throws IOException {
        CliTest.Result r = CliTest.run("models", "--common");
        assertThat(r.code()).as(r.err()).isZero();
        for (String k : yamlKeys(ModelsCommand.DEFAULTS_YAML).get("top")) {
            assertThat(r.out()).as(k).containsPattern("(?m)^  " + Pattern.quote(k) + " ");
        }
        assertThat(r.out()).contains("\ntraining:\n", "\nevaluation and model selection:\n", "\ndata:\n");
    }

    @Test
    void namesAreCaseInsensitiveAndATypoGetsASuggestion() {
        CliTest.Result ok = CliTest.run("models", "Freedom");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("FREEDOM: ").contains("dropout");
        CliTest.Result guider = CliTest.run("models", "guider");
        assertThat(guider.code()).as(guider.err()).isZero();
        CliTest.Result bad = CliTest.run("models", "FREDOM");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown model 'FREDOM'", "did you mean FREEDOM?");
    }

    @Test
    void theTableStaysWithoutAName() {
        CliTest.Result r = CliTest.run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("model ").contains("FREEDOM", "LightGCN", "models NAME");
    }

    @Test
    void aKeyWithoutTypeOrMeaningIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> KeyDocs.parse("a: 1   # int: fine\nb: 2\n", "X.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("X.yaml line 2");
        assertThatThrownBy(() -> KeyDocs.parse("a: 1   # integer: no such type\n", "X.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("type 'integer'");
        KeyDocs d = KeyDocs.parse("# head\n# --- s ---\nsep: \"\\t\"   # string: a # inside quotes\n"
                + "x: 0.5   # float in [0, 1): a: b\n# note\ngrid:\n  x: [0.1, 0.2]\n", "Y.yaml");
        assertThat(d.header()).containsExactly("head");
        assertThat(d.sections()).singleElement().satisfies(s -> assertThat(s.title()).isEqualTo("s"));
        assertThat(d.keys().get(0).value()).isEqualTo("\"\\t\"");
        assertThat(d.keys().get(1)).extracting(KeyDocs.Key::type, KeyDocs.Key::range, KeyDocs.Key::meaning)
                .containsExactly("float", "in [0, 1)", "a: b");
        assertThat(d.grid()).containsExactly(new KeyDocs.GridAxis("x", "[0.1, 0.2]"));
        assertThat(d.gridNote()).isEqualTo("note");
    }

    @Test
    void docsModelsMdIsWhatModelsMarkdownPrints() throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path md = basedir.getParent().resolve("docs/models.md");
        CliTest.Result r = CliTest.run("models", "--markdown");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(md).as("docs/models.md exists; regenerate it with ./mmrec4j models --markdown > docs/models.md").exists();
        String committed = Files.readString(md, StandardCharsets.UTF_8);
        assertThat(committed).as("docs/models.md is stale; regenerate it with ./mmrec4j models --markdown > docs/models.md")
                .isEqualTo(r.out());
        for (String name : names()) assertThat(committed).contains("\n## " + name + "\n");
        assertThat(committed.lines().filter(l -> l.startsWith("## ")).collect(Collectors.toList())).hasSize(names().size() + 1);
    }
}
