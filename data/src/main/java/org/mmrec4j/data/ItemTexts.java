package org.mmrec4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.data.io.Catalog;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.data.io.ItemText;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * Titles and short descriptions of a dataset's items, for people (the serve explorer); training never reads
 * them. Two sources, the first present wins:
 * <ol>
 *   <li>{@value #FILE} in the dataset folder: tab-separated with a header row {@code item_id<TAB>title}, optionally
 *       {@code <TAB>description}; one row per item (items may be missing). The item id is the raw id of
 *       {@code i_id_mapping.csv}, or the internal index when the folder has no mapping. It is read by
 *       {@link Catalog}, so a field may be double-quoted (to hold a tab or a newline).</li>
 *   <li>the catalog {@code features text} embedded, as its {@code text_feat.manifest.json} records it (catalog
 *       path, id field, text fields), when that file still exists: the first text field is the title, the
 *       others, joined as {@link ItemText} joins them, the description.</li>
 * </ol>
 * Descriptions are cut to {@value #MAX_DESCRIPTION} characters, so a list of items stays a small response.
 */
public final class ItemTexts {
    public static final String FILE = "item_text.tsv";
    /** Written by {@code features text} next to text_feat.npy (FeatureFiles.manifest). */
    static final String TEXT_MANIFEST = "text_feat.manifest.json";
    public static final int MAX_DESCRIPTION = 300;

    private final String[] titles, descriptions;
    private final String source;

    private ItemTexts(String[] titles, String[] descriptions, String source) {
        this.titles = titles;
        this.descriptions = descriptions;
        this.source = source;
    }

    /** No texts for any of numItems items. */
    public static ItemTexts none(int numItems) {
        return new ItemTexts(new String[numItems], new String[numItems], null);
    }

    /**
     * The texts of a dataset folder's items ({@link #none} when it has neither source).
     *
     * @param itemIds the folder's i_id_mapping.csv, or null when ids are the internal indexes
     * @throws DataException for an unreadable file, a missing title column, an unknown or repeated item id
     */
    public static ItemTexts load(Path dataDir, int numItems, IdMap itemIds) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) return fromTable(file, numItems, itemIds);
        Path manifest = dataDir.resolve(TEXT_MANIFEST);
        if (Files.exists(manifest)) {
            ItemTexts t = fromTextManifest(manifest, numItems, itemIds);
            if (t != null) return t;
        }
        return none(numItems);
    }

    private static ItemTexts fromTable(Path file, int numItems, IdMap itemIds) {
        Catalog c = Catalog.read(file, "item_id", id -> index(id, numItems, itemIds) >= 0, false);
        if (!c.tabular()) throw new DataException(file, 1, "not a table", "write a header row item_id<TAB>title[<TAB>description]");
        if (!c.fieldNames().contains("title")) {
            throw new DataException(file, 1, "no column 'title' (columns: " + c.fieldNames() + ")", "write a header row item_id<TAB>title[<TAB>description]");
        }
        if (c.skippedCount() > 0) {
            Catalog.Record r = c.skippedExamples().get(0);
            throw new DataException(file, r.line(), "item '" + r.id() + "' is not in the dataset ("
                    + (itemIds != null ? "i_id_mapping.csv" : "ids are indexes 0.." + (numItems - 1)) + ")",
                    itemIds != null ? "use the raw item ids of i_id_mapping.csv" : "use internal item indexes, or add i_id_mapping.csv");
        }
        String[] titles = new String[numItems], descriptions = new String[numItems];
        Map<Integer, Long> lineOf = new HashMap<>();
        for (Catalog.Record r : c.records()) {
            int i = index(r.id(), numItems, itemIds);
            Long before = lineOf.putIfAbsent(i, r.line());
            if (before != null) {
                throw new DataException(file, r.line(), "item '" + r.id() + "' already has a row on line " + before, "give each item one row");
            }
            titles[i] = text(r.fields(), List.of("title"));
            descriptions[i] = c.fieldNames().contains("description") ? shorten(text(r.fields(), List.of("description"))) : null;
        }
        return new ItemTexts(titles, descriptions, FILE + " (" + lineOf.size() + " of " + numItems + " items)");
    }

    /** The catalog features text read, or null when the manifest names none or the catalog is gone. */
    private static ItemTexts fromTextManifest(Path manifest, int numItems, IdMap itemIds) {
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw InputFiles.failure(manifest, "cannot read", e);
        }
        if (m == null || !m.path("catalog").isTextual() || !m.path("id_field").isTextual() || !m.path("text_fields").isArray()) return null;
        Path catalog = Path.of(m.get("catalog").textValue());
        if (!Files.isRegularFile(catalog)) return null;
        List<String> fields = new ArrayList<>();
        m.get("text_fields").forEach(f -> fields.add(f.asText()));
        if (fields.isEmpty()) return null;
        Catalog c = Catalog.read(catalog, m.get("id_field").textValue(), id -> index(id, numItems, itemIds) >= 0, false);
        String[] titles = new String[numItems], descriptions = new String[numItems];
        int found = 0;
        for (Catalog.Record r : c.records()) {
            int i = index(r.id(), numItems, itemIds);
            if (titles[i] != null) continue; // an item's first record, as features text --aggregate first
            String title = text(r.fields(), fields.subList(0, 1));
            String rest = fields.size() > 1 ? text(r.fields(), fields.subList(1, fields.size())) : null;
            if (title == null && rest == null) continue;
            titles[i] = title != null ? title : "";
            descriptions[i] = shorten(rest);
            found++;
        }
        return new ItemTexts(titles, descriptions, catalog + " (the catalog of " + TEXT_MANIFEST + ", fields " + fields + "; " + found + " of "
                + numItems + " items)");
    }

    /** Writes {@value #FILE} into dir: one row per item with a title (null titles are left out; descriptions may be null). */
    public static void write(Path dir, String[] itemIds, String[] titles, String[] descriptions) {
        StringBuilder sb = new StringBuilder("item_id\ttitle\tdescription\n");
        for (int i = 0; i < titles.length; i++) {
            if (titles[i] == null) continue;
            sb.append(field(itemIds[i])).append('\t').append(field(titles[i])).append('\t')
                    .append(field(descriptions == null || descriptions[i] == null ? "" : descriptions[i])).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(FILE), sb.toString());
    }

    /** A TSV field; quoted (quotes doubled) when it holds a tab, a newline or starts with a quote, as Catalog reads it. */
    private static String field(String s) {
        boolean quote = s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.startsWith("\"");
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static int index(String id, int numItems, IdMap itemIds) {
        if (itemIds != null) return itemIds.tryIndex(id);
        if (id.isEmpty() || id.length() > 10 || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return -1;
        long v = Long.parseLong(id);
        return v < numItems ? (int) v : -1;
    }

    private static String text(Map<String, Object> fields, List<String> chosen) {
        String t = ItemText.build(fields, chosen).strip();
        return t.isEmpty() ? null : t;
    }

    private static String shorten(String s) {
        if (s == null || s.length() <= MAX_DESCRIPTION) return s;
        int end = MAX_DESCRIPTION - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }

    /** The item's title, or null when it has none. */
    public String title(int item) {
        return titles[item];
    }

    /** The item's description (at most {@value #MAX_DESCRIPTION} characters), or null. */
    public String description(int item) {
        return descriptions[item];
    }

    /** Where the texts came from and how many items have one, for a log line; null when there are none. */
    public String source() {
        return source;
    }
}
