package org.mmrec4j.data.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.mmrec4j.data.DataException;

/**
 * An item catalog: one record per item with named fields. Two formats, chosen by content:
 * <ul>
 *   <li>JSON lines (first non-blank character {@code {}): one object per line. Amazon 2014 metadata lines are
 *       Python literals with single quotes; those parse too. List values stay lists.</li>
 *   <li>CSV or TSV with a header row: the separator is a tab if the header has one, else a comma. Fields may
 *       be double-quoted (a doubled quote is a literal quote) and may span lines inside quotes. A value
 *       written as a list literal, e.g. {@code [['Baby', 'Toys']]}, is read as a list, as MMRec's notebook
 *       evaluates the categories column. A RecBole atomic header ({@code item_id:token	movie_title:token_seq})
 *       is read by the names before the colons.</li>
 * </ul>
 * A {@code .gz} file is decompressed on the fly.
 */
public final class Catalog {
    /** One catalog record: the 1-based line it starts on, its item id, and its fields (String or List values). */
    public record Record(long line, String id, Map<String, Object> fields) {}

    private static final JsonMapper LENIENT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Path file;
    private final List<Record> records;
    private final Set<String> fieldNames;
    private final boolean tabular;
    private final List<Record> skipped;
    private final int skippedCount;

    private Catalog(Path file, Reading reading, Set<String> fieldNames, boolean tabular) {
        this.file = file;
        this.records = Collections.unmodifiableList(reading.kept);
        this.fieldNames = Collections.unmodifiableSet(fieldNames);
        this.tabular = tabular;
        this.skipped = List.copyOf(reading.skippedExamples);
        this.skippedCount = reading.skippedCount;
    }

    /** Records as they are read: those the filter keeps, and a count plus the first few of the rest. */
    private static final class Reading {
        final Predicate<String> keep;
        final List<Record> kept = new ArrayList<>();
        final List<Record> skippedExamples = new ArrayList<>();
        int skippedCount;

        Reading(Predicate<String> keep) {
            this.keep = keep;
        }

        void add(long line, String id, Map<String, Object> fields) {
            if (keep.test(id)) {
                kept.add(new Record(line, id, fields));
            } else {
                skippedCount++;
                // distinct ids: a review file repeats one stray item on many rows
                if (skippedExamples.size() < 5 && skippedExamples.stream().noneMatch(r -> r.id().equals(id))) {
                    skippedExamples.add(new Record(line, id, Map.of()));
                }
            }
        }
    }

    /** How many records the filter of {@link #read(Path, String, Predicate)} dropped. */
    public int skippedCount() {
        return skippedCount;
    }

    /** The first (up to 5) dropped records with distinct ids, with their line and id only. */
    public List<Record> skippedExamples() {
        return skipped;
    }

    public Path file() {
        return file;
    }

    public List<Record> records() {
        return records;
    }

    /** The header columns (CSV/TSV) or every key seen on any line (JSON lines). */
    public Set<String> fieldNames() {
        return fieldNames;
    }

    /** Reads the file; the id field must be present on every record, and ids must be unique. */
    public static Catalog read(Path file, String idField) {
        return read(file, idField, id -> true);
    }

    /**
     * Reads the file keeping only records whose id passes {@code keep} (the others are counted, not stored, so
     * a metadata dump much larger than the dataset does not have to fit in memory). Kept ids must be unique.
     */
    public static Catalog read(Path file, String idField, Predicate<String> keep) {
        return read(file, idField, keep, true);
    }

    /**
     * As {@link #read(Path, String, Predicate)}; with {@code uniqueIds} false an id may occur on several records
     * (a review file: many rows per item), which are kept in file order.
     */
    public static Catalog read(Path file, String idField, Predicate<String> keep, boolean uniqueIds) {
        try (BufferedReader r = open(file)) {
            r.mark(1 << 16);
            int c;
            do {
                c = r.read();
            } while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
            r.reset();
            if (c < 0) throw new DataException(file, "catalog is empty", "give one item per line");
            Catalog catalog = c == '{' ? readJsonLines(file, r, idField, new Reading(keep)) : readTable(file, r, idField, new Reading(keep));
            if (uniqueIds) checkUniqueIds(catalog);
            return catalog;
        } catch (NoSuchFileException e) {
            throw new DataException(file, "catalog file does not exist", "check the --catalog path");
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static Catalog readJsonLines(Path file, BufferedReader r, String idField, Reading records) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        String line;
        long no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (no == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank()) continue;
            Map<String, Object> obj;
            try {
                obj = LENIENT_JSON.readValue(line, LinkedHashMap.class);
            } catch (JsonProcessingException e) {
                throw new DataException(file, no, "not a JSON object: " + firstLine(e.getOriginalMessage()),
                        "write one JSON object per line (JSON lines)");
            }
            if (obj == null) throw new DataException(file, no, "line is 'null', not a JSON object", "write one JSON object per line");
            names.addAll(obj.keySet());
            Object id = obj.get(idField);
            if (id == null || id.toString().isBlank()) {
                throw new DataException(file, no, "no item id field '" + idField + "' (keys: " + obj.keySet() + ")",
                        "name the id field with --id-field");
            }
            records.add(no, id.toString(), obj);
        }
        return new Catalog(file, records, names, false);
    }

    private static Catalog readTable(Path file, BufferedReader r, String idField, Reading records) throws IOException {
        LineCounter in = new LineCounter(r);
        String headerLine = in.readLine();
        if (headerLine.startsWith("\uFEFF")) headerLine = headerLine.substring(1);
        char sep = headerLine.indexOf('\t') >= 0 ? '\t' : ',';
        List<String> header = splitRecord(file, in, headerLine, sep);
        Set<String> names = new LinkedHashSet<>();
        for (String h : header) {
            if (!names.add(h.strip())) throw new DataException(file, 1, "duplicate column '" + h + "'", "name each column once");
        }
        List<String> columns = untyped(new ArrayList<>(names));
        names = new LinkedHashSet<>(columns);
        int idCol = columns.indexOf(idField);
        if (idCol < 0) {
            throw new DataException(file, 1, "no id column '" + idField + "' (columns: " + columns + ")",
                    "name the id column with --id-field");
        }
        String line;
        while ((line = in.readLine()) != null) {
            long start = in.lineNumber();
            if (line.isBlank()) continue;
            List<String> f = splitRecord(file, in, line, sep);
            if (f.size() != columns.size()) {
                throw new DataException(file, start, "expected " + columns.size() + " fields, found " + f.size(),
                        "every row needs one value per header column" + (sep == ',' ? " (quote values that contain commas)" : ""));
            }
            String id = f.get(idCol).strip();
            if (id.isEmpty()) throw new DataException(file, start, "empty item id in column '" + idField + "'", "give every row an id");
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) fields.put(columns.get(c), listOrString(f.get(c)));
            records.add(start, id, fields);
        }
        return new Catalog(file, records, names, true);
    }

    /**
     * RecBole's atomic files type every header column ({@code item_id:token}, {@code class:token_seq}); when
     * every column is typed so and the names before the colon are distinct, those names are the columns, so
     * {@code --id-field item_id --fields movie_title,class} works. Any other header is kept as written.
     */
    static List<String> untyped(List<String> columns) {
        List<String> plain = new ArrayList<>(columns.size());
        for (String c : columns) {
            int colon = c.indexOf(':');
            if (colon <= 0) return columns;
            plain.add(c.substring(0, colon));
        }
        return new LinkedHashSet<>(plain).size() == plain.size() ? plain : columns;
    }

    /** A list literal such as {@code [['a', 'b']]} becomes a list; anything else stays the string. */
    static Object listOrString(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.charAt(0) == '[' && v.charAt(v.length() - 1) == ']') {
            try {
                return LENIENT_JSON.readValue(v, List.class);
            } catch (JsonProcessingException e) {
                return value; // not a list literal after all, e.g. a title "[Blu-ray]"
            }
        }
        return value;
    }

    /** Splits one CSV/TSV record; a quoted field may continue on the next physical lines. */
    private static List<String> splitRecord(Path file, LineCounter in, String first, char sep) throws IOException {
        long start = in.lineNumber();
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String line = first;
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= line.length()) {
                if (!quoted) break;
                String next = in.readLine();
                if (next == null) {
                    throw new DataException(file, start, "a quoted field is never closed", "close every opening double quote");
                }
                cur.append('\n');
                line = next;
                i = 0;
                continue;
            }
            char ch = line.charAt(i++);
            if (quoted) {
                if (ch == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' && cur.length() == 0) {
                quoted = true;
            } else if (ch == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static void checkUniqueIds(Catalog c) {
        Map<String, Long> seen = new java.util.HashMap<>();
        for (Record rec : c.records) {
            Long before = seen.putIfAbsent(rec.id(), rec.line());
            if (before != null) {
                throw new DataException(c.file, rec.line(), "item id '" + rec.id() + "' already appeared on line " + before,
                        "give each item one catalog row, or pass --aggregate concat|first to combine an item's rows");
            }
        }
    }

    /** Lines read so far, so multi-line records report the line they start on. */
    private static final class LineCounter {
        private final BufferedReader r;
        private long line;

        LineCounter(BufferedReader r) {
            this.r = r;
        }

        String readLine() throws IOException {
            String s = r.readLine();
            if (s != null) line++;
            return s;
        }

        long lineNumber() {
            return line;
        }
    }

    /** True for CSV/TSV (named columns), false for JSON lines (keys per line). */
    public boolean tabular() {
        return tabular;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
