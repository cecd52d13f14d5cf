package org.mmrec4j.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One arm of a sweep: a label, a model and config overrides, written {@code label=model:key=value,key=value}.
 * The label is optional ({@code BM3}, {@code BM3:denoise=tce}); without one, the text itself is the label.
 * Values may hold commas inside brackets ({@code reg_weight=[0.1,0.01]}). Variants are separated by
 * {@code ;}. Any key is accepted here; the config layer rejects unknown keys before anything runs.
 */
public record SweepVariant(String label, String model, List<String> sets) {

    public SweepVariant {
        sets = List.copyOf(sets);
    }

    /** The folder name: the label with anything but letters, digits and {@code _ . + -} replaced by '_'. */
    public String folderName() {
        return label.replaceAll("[^A-Za-z0-9_.+-]", "_");
    }

    public static List<SweepVariant> parseAll(String text) {
        List<SweepVariant> out = new ArrayList<>();
        for (String part : splitTopLevel(text, ';')) {
            if (!part.isBlank()) out.add(parse(part.trim()));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--variants is empty; write e.g. 'BM3;BM3+T-CE=BM3:denoise=tce'");
        Set<String> labels = new HashSet<>(), folders = new HashSet<>();
        for (SweepVariant v : out) {
            if (!labels.add(v.label())) throw new IllegalArgumentException("variant label '" + v.label() + "' is used twice; give each variant its own label=");
            if (!folders.add(v.folderName())) {
                throw new IllegalArgumentException("variant labels differ only in special characters and would share the folder '"
                        + v.folderName() + "'; rename one");
            }
        }
        return out;
    }

    public static SweepVariant parse(String text) {
        int colon = text.indexOf(':'), eq = text.indexOf('=');
        String label = null, rest = text;
        if (eq >= 0 && (colon < 0 || eq < colon)) {
            label = text.substring(0, eq).trim();
            rest = text.substring(eq + 1).trim();
            if (label.isEmpty()) throw bad(text, "the label before '=' is empty");
        }
        int c = rest.indexOf(':');
        String model = (c < 0 ? rest : rest.substring(0, c)).trim();
        if (model.isEmpty()) throw bad(text, "no model name");
        List<String> sets = new ArrayList<>();
        if (c >= 0) {
            for (String kv : splitTopLevel(rest.substring(c + 1), ',')) {
                String s = kv.trim();
                int e = s.indexOf('=');
                if (e <= 0) throw bad(text, "'" + s + "' is not key=value");
                sets.add(s.substring(0, e).trim() + "=" + s.substring(e + 1).trim());
            }
        }
        return new SweepVariant(label != null ? label : text, model, sets);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("variant '" + text + "': " + why + "; write label=model:key=value,key=value");
    }

    /** Splits on {@code sep} outside brackets and braces. */
    private static List<String> splitTopLevel(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '[' || ch == '{') depth++;
            else if (ch == ']' || ch == '}') depth = Math.max(0, depth - 1);
            else if (ch == sep && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
