package org.mmrec4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.config.KeyDocs;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code models}: the catalogue table; {@code models NAME}: one model's (or the GUIDER wrapper's) keys with
 * default, type, range and meaning, and its grid; {@code models --common}: the trainer's keys;
 * {@code models --markdown}: all of it as docs/models.md. Everything printed about a key comes from the
 * comments of its YAML, read by {@link KeyDocs}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List every model with what it uses; with NAME, that model's settings.",
                "Examples: mmrec4j models FREEDOM | mmrec4j models GUIDER | mmrec4j models --common"})
public final class ModelsCommand implements Callable<Integer> {
    static final String DEFAULTS_YAML = "org/mmrec4j/config/defaults.yaml";
    static final String GUIDER_NAME = "GUIDER";

    @Parameters(arity = "0..1", paramLabel = "NAME",
            description = "a model of the catalogue (any case) or the wrapper GUIDER: its description, every key with "
                    + "default, type, range and meaning, its grid, and how to set them")
    String name;

    @Option(names = "--common", description = "the trainer's own keys (defaults.yaml), valid for every model")
    boolean common;

    @Option(names = "--markdown", description = "every model, GUIDER and the trainer's keys as Markdown (docs/models.md)")
    boolean markdown;

    /** What {@code models NAME} documents: a catalogue model or the wrapper. */
    record Documented(String name, String description, String uses, String resource, boolean wrapper) {
        KeyDocs docs() {
            return KeyDocs.resource(resource);
        }
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        int modes = (name != null ? 1 : 0) + (common ? 1 : 0) + (markdown ? 1 : 0);
        if (modes > 1) throw new IllegalArgumentException("models takes one of NAME, --common or --markdown");
        if (markdown) out.print(markdown());
        else if (common) out.print(common());
        else if (name != null) out.print(text(find(name)));
        else out.print(table());
        return 0;
    }

    static List<Documented> documented() {
        List<Documented> all = new ArrayList<>();
        for (ModelSpec m : ModelCatalog.all()) {
            all.add(new Documented(m.name(), m.description(), m.uses().label(), m.yamlResource(), false));
        }
        all.add(guider());
        return all;
    }

    private static Documented guider() {
        return new Documented(GUIDER_NAME, "denoising distillation wrapper around any trainable model of the catalogue (WSDM'25)",
                "the wrapped model's inputs; both teachers read the features", Wrappers.yamlResource(Wrappers.GUIDER), true);
    }

    /** A catalogue model (case-insensitive) or GUIDER; an unknown name is the catalogue's error with a suggestion. */
    static Documented find(String name) {
        if (name.equalsIgnoreCase(GUIDER_NAME)) return guider();
        try {
            ModelSpec m = ModelCatalog.get(name);
            return new Documented(m.name(), m.description(), m.uses().label(), m.yamlResource(), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; wrapper: " + GUIDER_NAME, e);
        }
    }

    static String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-12s %-24s %s%n", "model", "uses", "description"));
        for (ModelSpec m : ModelCatalog.all()) {
            b.append(String.format("%-12s %-24s %s%n", m.name(), m.uses().label(), m.description()));
        }
        b.append(String.format("%nA model's settings: mmrec4j models NAME (e.g. models FREEDOM; the wrapper: models GUIDER); "
                + "the trainer's: mmrec4j models --common%n"));
        return b.toString();
    }

    static String text(Documented d) {
        KeyDocs docs = d.docs();
        StringBuilder b = new StringBuilder();
        b.append(d.name()).append(d.wrapper() ? " (training wrapper)" : "").append(": ").append(d.description()).append('\n');
        b.append("uses: ").append(d.uses()).append('\n');
        for (String h : docs.header()) b.append("  ").append(h).append('\n');
        b.append('\n').append("keys (").append(d.resource()).append("):\n");
        keyTable(b, docs.keys());
        b.append('\n');
        if (docs.grid().isEmpty()) {
            b.append("grid: none\n");
        } else {
            b.append("grid:").append(docs.gridNote().isEmpty() ? "" : " " + docs.gridNote()).append('\n');
            int w = docs.grid().stream().mapToInt(a -> a.key().length()).max().orElse(0);
            for (KeyDocs.GridAxis a : docs.grid()) b.append(String.format("  %-" + w + "s  %s%n", a.key(), a.values()));
        }
        b.append('\n').append(howToSet(d, docs)).append('\n');
        return b.toString();
    }

    static String common() {
        KeyDocs docs = KeyDocs.resource(DEFAULTS_YAML);
        StringBuilder b = new StringBuilder("trainer keys, valid for every model (" + DEFAULTS_YAML + "):\n");
        for (String h : docs.header()) b.append("  ").append(h).append('\n');
        for (KeyDocs.Section s : docs.sections()) {
            b.append('\n').append(s.title().isEmpty() ? "general" : s.title()).append(":\n");
            keyTable(b, s.keys());
        }
        b.append("\nSet them like a model's keys: --set key=value, --config FILE.yaml; a model's YAML may override "
                + "a default (mmrec4j models NAME lists those).\n");
        return b.toString();
    }

    private static void keyTable(StringBuilder b, List<KeyDocs.Key> keys) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"key", "default", "type", "range", "meaning"});
        for (KeyDocs.Key k : keys) {
            rows.add(new String[] {k.name(), k.value(), k.type(), k.range().isEmpty() ? "-" : k.range(), k.meaning()});
        }
        int[] w = new int[4];
        for (String[] r : rows) for (int i = 0; i < 4; i++) w[i] = Math.max(w[i], r[i].length());
        for (String[] r : rows) {
            b.append(String.format("  %-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3] + "s  %s%n",
                    r[0], r[1], r[2], r[3], r[4]));
        }
    }

    private static String howToSet(Documented d, KeyDocs docs) {
        if (d.wrapper()) {
            return "set: --set wrapper=guider turns it on around --model M (e.g. train --model BM3 --data DIR --set wrapper=guider "
                    + "--set guider_mode=code_compat); its keys by --set key=value or --config FILE.yaml; the model keeps "
                    + "its own keys (mmrec4j models M).";
        }
        String example = docs.grid().isEmpty() ? docs.keys().get(0).name() + "=" + docs.keys().get(0).value()
                : docs.grid().get(0).key() + "=" + firstValue(docs.grid().get(0).values());
        return "set: --set key=value (e.g. train --model " + d.name() + " --data DIR --set " + example + "), "
                + "or --config FILE.yaml with these keys; "
                + (docs.grid().isEmpty() ? "" : "search the grid with tune --model " + d.name() + " --data DIR --out DIR "
                        + "(or train --grid); ")
                + "trainer keys (epochs, learning_rate, ...): mmrec4j models --common.";
    }

    private static String firstValue(String list) {
        String s = list.strip();
        if (s.startsWith("[")) s = s.substring(1);
        if (s.endsWith("]")) s = s.substring(0, s.length() - 1);
        int comma = s.indexOf(',');
        return (comma < 0 ? s : s.substring(0, comma)).strip();
    }

    /** docs/models.md: the catalogue, every model's keys and grid, GUIDER's, the trainer's keys. */
    static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Models and their settings\n\n");
        b.append("<!-- Generated by `./mmrec4j models --markdown > docs/models.md` from the comments of each model's YAML\n"
                + "     (models/src/main/resources/org/mmrec4j/models/) and of defaults.yaml; edit those, not this file.\n"
                + "     cli's ModelsCommandTest fails when this file differs from the command's output. -->\n\n");
        b.append("Every model's keys, with default, type, the range the code accepts and a one-line meaning, and its "
                + "MMRec search space (`grid:`). The same text on the command line: `./mmrec4j models NAME`, "
                + "`./mmrec4j models GUIDER`, `./mmrec4j models --common`.\n\n");
        b.append("Set a key with `--set key=value` (repeatable) or `--config FILE.yaml`; `tune --model NAME` "
                + "(or `train --grid`) runs the grid. Layers, lowest first: defaults.yaml, the dataset YAML, the model "
                + "YAML, the dataset's `model_overrides`, the wrapper's YAML, the protocol's YAML, `--config`, `--set`.\n\n");
        b.append("| model | uses | description |\n|---|---|---|\n");
        for (Documented d : documented()) {
            b.append("| [").append(d.name()).append("](#").append(d.name().toLowerCase(Locale.ROOT)).append(") | ")
                    .append(md(d.uses())).append(" | ").append(md(d.description())).append(" |\n");
        }
        b.append("| [trainer keys](#trainer-keys) | every run | defaults.yaml |\n");
        for (Documented d : documented()) {
            KeyDocs docs = d.docs();
            b.append("\n## ").append(d.name()).append("\n\n");
            b.append(md(d.description())).append(". Uses: ").append(md(d.uses())).append(". Source: `")
                    .append(d.resource()).append("`.\n\n");
            if (!docs.header().isEmpty()) {
                for (String h : docs.header()) b.append("> ").append(md(h)).append('\n');
                b.append('\n');
            }
            mdTable(b, docs.keys());
            b.append('\n');
            if (docs.grid().isEmpty()) {
                b.append("Grid: none.\n");
            } else {
                b.append("Grid").append(docs.gridNote().isEmpty() ? "" : " (" + md(docs.gridNote().replaceAll("\\.$", "")) + ")").append(":\n\n");
                b.append("| key | values |\n|---|---|\n");
                for (KeyDocs.GridAxis a : docs.grid()) {
                    b.append("| `").append(a.key()).append("` | `").append(a.values()).append("` |\n");
                }
            }
            b.append('\n').append(md(howToSet(d, docs))).append('\n');
        }
        KeyDocs common = KeyDocs.resource(DEFAULTS_YAML);
        b.append("\n## Trainer keys\n\n");
        b.append("Valid for every model (`").append(DEFAULTS_YAML).append("`); a model's YAML may override a default.\n\n");
        for (String h : common.header()) b.append("> ").append(md(h)).append('\n');
        for (KeyDocs.Section s : common.sections()) {
            b.append("\n### ").append(s.title().isEmpty() ? "general" : md(s.title())).append("\n\n");
            mdTable(b, s.keys());
        }
        return b.toString();
    }

    private static void mdTable(StringBuilder b, List<KeyDocs.Key> keys) {
        b.append("| key | default | type | range | meaning |\n|---|---|---|---|---|\n");
        for (KeyDocs.Key k : keys) {
            b.append("| `").append(k.name()).append("` | `").append(k.value().replace("|", "\\|")).append("` | `")
                    .append(k.type()).append("` | ").append(k.range().isEmpty() ? "" : "`" + k.range() + "`")
                    .append(" | ").append(md(k.meaning())).append(" |\n");
        }
    }

    /** Escapes what Markdown would read as a cell border, an HTML tag or emphasis. */
    private static String md(String s) {
        return s.replace("|", "\\|").replace("<", "\\<").replace("*", "\\*");
    }
}
