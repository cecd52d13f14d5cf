package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key a config YAML documents is read by some Java code: defaults.yaml, every model YAML (GUIDER's
 * wrapper YAML included), the dataset and the protocol YAMLs. Strict config accepts exactly the documented
 * keys, so a documented key nothing reads would be a setting that silently does nothing. Checked: every
 * top-level key, the keys of a model's {@code grid:} map and of each {@code model_overrides.<model>} map.
 * A key counts as read when it appears as a Java string literal ({@code "key"}, comments excluded) in some
 * module's src/main/java. The one composed form: {@code <modality>_<rest>} (SMORE's image_knn_k) counts
 * when {@code "_<rest>"} is a literal, as the code builds it from the modality's name.
 */
class ConfigKeysAreReadTest {
    /** Modality names of the shipped datasets; keys may be prefixed with one of them. */
    private static final Set<String> MODALITIES = Set.of("image", "text", "audio");
    /** Keys that structure the layers rather than set a value; they must be literals all the same. */
    private static final List<String> STRUCTURAL = List.of("hyper_parameters", "grid", "model_overrides");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The repository root: the cli module's basedir's parent, which holds every module. */
    private static Path root() {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = basedir.getParent();
        assertThat(root.resolve("pom.xml")).as("the parent of %s holds the modules", basedir).exists();
        return root;
    }

    @Test
    void everyDocumentedKeyIsReadBySomeJavaCode() {
        Path root = root();
        List<Path> yamls = configYamls(root);
        assertThat(yamls.stream().map(p -> root.relativize(p).toString().replace('\\', '/')))
                .as("the scan finds the layers (if one moved, update configYamls)")
                .contains("config/src/main/resources/org/mmrec4j/config/defaults.yaml",
                        "models/src/main/resources/org/mmrec4j/models/BPR.yaml",
                        "models/src/main/resources/org/mmrec4j/models/GUIDER.yaml",
                        "train/src/main/resources/org/mmrec4j/datasets/baby.yaml",
                        "train/src/main/resources/org/mmrec4j/protocols/diffmm.yaml");
        Set<String> literals = javaLiterals(root);
        assertThat(literals).as("structural keys are string literals in src/main/java").containsAll(STRUCTURAL);
        assertThat(unread(root, yamls, literals)).as("documented keys that no src/main/java reads as \"key\"").isEmpty();
    }

    @Test
    void aMadeUpKeyIsReported(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("Made.yaml"), """
                learning_rate: 0.1
                no_code_reads_this_key: 1
                image_knn_k: 10
                grid:
                  nor_this_grid_key: [1, 2]
                model_overrides:
                  BPR:
                    nor_this_override: 3
                """);
        Set<String> literals = Set.of("learning_rate", "grid", "model_overrides", "_knn_k");
        assertThat(unread(dir, List.of(yaml), literals)).containsExactly(
                "no_code_reads_this_key (Made.yaml)", "grid.nor_this_grid_key (Made.yaml)",
                "model_overrides.BPR.nor_this_override (Made.yaml)");
    }

    @Test
    void literalsExcludeComments() {
        String java = """
                /** "in_javadoc" */ class A { // "in_line_comment"
                  String s = "real_key", u = "http://x"; /* "in_block" */ char q = '"'; String t = "esc\\"aped";
                }
                """;
        Set<String> out = new TreeSet<>();
        literals(java, out);
        assertThat(out).containsExactlyInAnyOrder("real_key", "http://x", "esc\\\"aped");
    }

    /** Every YAML resource of every module: all of them are config layers (defaults, models, datasets, protocols). */
    private static List<Path> configYamls(Path root) {
        try (Stream<Path> files = Files.walk(root, 12)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/resources/.*"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "key (file)" for each unread key, in file order; grid and override keys are prefixed with their path. */
    private static List<String> unread(Path root, List<Path> yamls, Set<String> literals) {
        List<String> out = new ArrayList<>();
        for (Path yaml : yamls) {
            String file = root.relativize(yaml).toString().replace('\\', '/');
            Map<?, ?> top = read(yaml);
            for (Map.Entry<?, ?> e : top.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!isRead(key, literals)) out.add(key + " (" + file + ")");
                if (key.equals("grid") && e.getValue() instanceof Map<?, ?> grid) {
                    for (Object k : grid.keySet()) {
                        if (!isRead(String.valueOf(k), literals)) out.add("grid." + k + " (" + file + ")");
                    }
                }
                if (key.equals("model_overrides") && e.getValue() instanceof Map<?, ?> models) {
                    for (Map.Entry<?, ?> m : models.entrySet()) {
                        if (!(m.getValue() instanceof Map<?, ?> keys)) continue;
                        for (Object k : keys.keySet()) {
                            if (!isRead(String.valueOf(k), literals)) {
                                out.add("model_overrides." + m.getKey() + "." + k + " (" + file + ")");
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean isRead(String key, Set<String> literals) {
        if (literals.contains(key)) return true;
        int cut = key.indexOf('_');
        return cut > 0 && MODALITIES.contains(key.substring(0, cut)) && literals.contains(key.substring(cut));
    }

    private static Map<?, ?> read(Path yaml) {
        try {
            Object doc = YAML.readValue(yaml.toFile(), Object.class);
            return doc instanceof Map<?, ?> m ? m : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The string literals of every module's src/main/java. */
    private static Set<String> javaLiterals(Path root) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root, 16)) {
            for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))::iterator) {
                literals(Files.readString(p, StandardCharsets.UTF_8), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("the scan finds Java sources").hasSizeGreaterThan(100);
        return out;
    }

    /** Adds the contents of the string literals in {@code java} (escapes kept as written), skipping comments. */
    static void literals(String java, Set<String> out) {
        int n = java.length();
        for (int i = 0; i < n; i++) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                while (i < n && java.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '\'') {
                i++;
                while (i < n && java.charAt(i) != '\'') i += java.charAt(i) == '\\' ? 2 : 1;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                if (end < 0) return;
                for (String line : java.substring(i + 3, end).split("\n")) out.add(line.strip());
                i = end + 2;
            } else if (c == '"') {
                int start = ++i;
                while (i < n && java.charAt(i) != '"') i += java.charAt(i) == '\\' ? 2 : 1;
                out.add(java.substring(start, Math.min(i, n)));
            }
        }
    }
}
