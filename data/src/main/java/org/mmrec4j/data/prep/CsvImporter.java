package org.mmrec4j.data.prep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.io.InputFiles;

/**
 * Reads a raw rating log (§2.1 steps 1-3) from CSV/TSV or JSON lines, optionally gzip-compressed.
 *
 * <ul>
 *   <li>CSV/TSV: columns by header name (or 0-based number without a header), double-quoted fields (a doubled
 *       quote is a literal quote; fields may not span lines), separator detected from the first line.</li>
 *   <li>JSON lines: one object per line (Amazon 2018 reviews: {@code reviewerID asin overall unixReviewTime});
 *       the column mapping names object fields. Ids may be strings or numbers.</li>
 *   <li>A mapped name that is not found is an error naming the available columns and the closest one; a
 *       RecBole-style header ({@code user_id:token}) also matches by the part before the colon.</li>
 * </ul>
 *
 * Rows with a missing user, item or (when mapped) timestamp are dropped, and so are rows with a missing
 * rating when a threshold is set. Rows below the threshold are dropped next, then duplicates by
 * {@link Dedup} (default {@link Dedup#EXACT}, MMRec's rule). Kept rows stay in file order.
 */
public final class CsvImporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which of several rows of one user-item pair survive. */
    public enum Dedup {
        /** MMRec §2.1 step 3 (default): drop repeats of an exact (user, item, timestamp); other times are kept. */
        EXACT,
        /** One row per pair: the first in file order. */
        FIRST,
        /** One row per pair: the last in file order. */
        LAST,
        /** One row per pair: the smallest timestamp (ties: first in file order). */
        EARLIEST,
        /** One row per pair: the largest timestamp (ties: first in file order). */
        LATEST,
        /** Keep every row. */
        NONE
    }

    /** Input syntax; AUTO picks JSON lines for {@code .json}/{@code .jsonl} names or a first line starting with '{'. */
    public enum Format { AUTO, CSV, JSON_LINES }

    /**
     * @param separator the field separator, or null to detect tab, comma or semicolon from the first line
     * @param hasHeader false for headerless CSV files; then column names are 0-based numbers
     * @param ratingThreshold keep rows with rating >= this; null keeps all (needs a rating column)
     */
    public record Options(Character separator, boolean hasHeader, Double ratingThreshold, Dedup dedup, Format format) {
        public Options {
            if (dedup == null) dedup = Dedup.EXACT;
            if (format == null) format = Format.AUTO;
        }

        public Options(Character separator, boolean hasHeader, Double ratingThreshold) {
            this(separator, hasHeader, ratingThreshold, Dedup.EXACT, Format.AUTO);
        }

        public static Options defaults() {
            return new Options(null, true, null);
        }
    }

    /** What the import dropped, for the preparation report. Missing ratings count as missing values. */
    public record Stats(long rowsRead, long droppedMissing, long droppedBelowThreshold, long droppedDuplicates) {}

    /** The log plus its statistics. */
    public record Result(RawLog log, Stats stats) {}

    private CsvImporter() {}

    public static Result read(Path file, ColumnMapping mapping, Options options) {
        if (options.ratingThreshold() != null && mapping.rating() == null) {
            throw new IllegalArgumentException("a rating threshold needs a rating column: pass --rating");
        }
        try (BufferedReader r = open(file)) {
            r.mark(1 << 22); // the first line decides the format; Amazon review lines can be long
            String first = r.readLine();
            while (first != null && first.isBlank()) first = r.readLine();
            if (first == null) throw new DataException(file, "file is empty", "give the raw log with its rows");
            r.reset();
            boolean json = switch (options.format()) {
                case JSON_LINES -> true;
                case CSV -> false;
                case AUTO -> isJsonName(file) || first.stripLeading().startsWith("{");
            };
            Rows rows = new Rows(file, mapping, options.ratingThreshold());
            if (json) readJsonLines(file, r, mapping, rows);
            else readDelimited(file, r, mapping, options, rows);
            return rows.finish(options.dedup());
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
    }

    /** UTF-8 text, gunzipped when the file starts with the gzip magic bytes; a BOM is skipped. */
    private static BufferedReader open(Path file) throws IOException {
        InputFiles.requireRegularFile(file, "check the --input path");
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) in = new GZIPInputStream(in, 1 << 16);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        r.mark(1);
        if (r.read() != '\uFEFF') r.reset();
        return r;
    }

    private static boolean isJsonName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    private static void readDelimited(Path file, BufferedReader r, ColumnMapping mapping, Options options, Rows rows)
            throws IOException {
        String first = r.readLine();
        char sep = options.separator() != null ? options.separator() : detect(file, first);
        List<String> header;
        List<String> pending = null;
        if (options.hasHeader()) {
            header = split(file, 1, first, sep);
        } else {
            pending = split(file, 1, first, sep);
            header = new ArrayList<>();
            for (int c = 0; c < pending.size(); c++) header.add(Integer.toString(c));
        }
        int uc = column(file, header, mapping.user(), "user");
        int ic = column(file, header, mapping.item(), "item");
        int rc = mapping.rating() == null ? -1 : column(file, header, mapping.rating(), "rating");
        int tc = mapping.timestamp() == null ? -1 : column(file, header, mapping.timestamp(), "timestamp");
        long lineNo = options.hasHeader() ? 1 : 0;
        while (true) {
            List<String> f;
            if (pending != null) {
                f = pending;
                pending = null;
                lineNo++;
            } else {
                String line = r.readLine();
                if (line == null) break;
                lineNo++;
                if (line.isEmpty()) continue;
                f = split(file, lineNo, line, sep);
            }
            if (f.size() != header.size()) {
                throw new DataException(file, lineNo, "expected " + header.size() + " columns, found " + f.size(),
                        "quote fields that contain '" + printable(sep) + "', or pass --delimiter");
            }
            rows.add(lineNo, f.get(uc).trim(), f.get(ic).trim(), rc < 0 ? null : f.get(rc).trim(),
                    tc < 0 ? null : f.get(tc).trim());
        }
    }

    private static void readJsonLines(Path file, BufferedReader r, ColumnMapping mapping, Rows rows) throws IOException {
        long lineNo = 0;
        boolean checkedFields = false;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DataException(file, lineNo, "malformed JSON: " + e.getOriginalMessage(),
                        "give one complete JSON object per line (JSON lines)");
            }
            if (node == null || !node.isObject()) {
                throw new DataException(file, lineNo, "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()),
                        "give one JSON object per line");
            }
            if (!checkedFields) {
                // the first object defines the available fields, as a header does
                List<String> fields = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) fields.add(it.next());
                requireField(file, lineNo, fields, mapping.user(), "user");
                requireField(file, lineNo, fields, mapping.item(), "item");
                if (mapping.rating() != null) requireField(file, lineNo, fields, mapping.rating(), "rating");
                if (mapping.timestamp() != null) requireField(file, lineNo, fields, mapping.timestamp(), "timestamp");
                checkedFields = true;
            }
            rows.add(lineNo, text(node, mapping.user()), text(node, mapping.item()),
                    mapping.rating() == null ? null : text(node, mapping.rating()),
                    mapping.timestamp() == null ? null : text(node, mapping.timestamp()));
        }
    }

    /** The field as text; "" when absent or null. Numbers keep their JSON spelling. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return "";
        return v.isValueNode() ? v.asText().trim() : v.toString();
    }

    private static void requireField(Path file, long lineNo, List<String> fields, String name, String what) {
        if (!fields.contains(name)) {
            throw new DataException(file, lineNo, "no " + what + " field '" + name + "' (fields: " + fields + ")",
                    suggestion(name, fields));
        }
    }

    /** Collects rows, applying the missing-value and threshold rules as they arrive. */
    private static final class Rows {
        final Path file;
        final ColumnMapping mapping;
        final Double threshold;
        final List<String> users = new ArrayList<>(), items = new ArrayList<>();
        final DoubleList ratings = new DoubleList();
        final LongList times = new LongList();
        long read, missing, below;

        Rows(Path file, ColumnMapping mapping, Double threshold) {
            this.file = file;
            this.mapping = mapping;
            this.threshold = threshold;
        }

        void add(long lineNo, String u, String i, String ratingText, String timeText) {
            read++;
            boolean timeMissing = mapping.timestamp() != null && timeText.isEmpty();
            boolean ratingMissing = threshold != null && ratingText.isEmpty();
            if (u.isEmpty() || i.isEmpty() || timeMissing || ratingMissing) {
                missing++;
                return;
            }
            double rating = ratingText == null || ratingText.isEmpty() ? Double.NaN
                    : number(file, lineNo, ratingText, "rating", mapping.rating());
            if (threshold != null && !(rating >= threshold)) {
                below++;
                return;
            }
            long t = timeText == null ? 0 : (long) number(file, lineNo, timeText, "timestamp", mapping.timestamp());
            users.add(u);
            items.add(i);
            ratings.add(rating);
            times.add(t);
        }

        Result finish(Dedup dedup) {
            RawLog all = new RawLog(users.toArray(new String[0]), items.toArray(new String[0]), ratings.toArray(),
                    times.toArray());
            boolean[] keep = keep(all, dedup);
            long dups = 0;
            for (boolean k : keep) if (!k) dups++;
            return new Result(dups == 0 ? all : all.select(keep), new Stats(read, missing, below, dups));
        }
    }

    /** Rows that survive {@code dedup}; '\u0000' cannot occur in an id, so the keys are unambiguous. */
    static boolean[] keep(RawLog log, Dedup dedup) {
        int n = log.size();
        boolean[] keep = new boolean[n];
        if (dedup == Dedup.NONE) {
            java.util.Arrays.fill(keep, true);
            return keep;
        }
        Map<String, Integer> chosen = new HashMap<>();
        for (int r = 0; r < n; r++) {
            String key = log.userIds()[r] + '\u0000' + log.itemIds()[r];
            if (dedup == Dedup.EXACT) key = key + '\u0000' + log.timestamps()[r];
            Integer prev = chosen.get(key);
            long t = log.timestamps()[r];
            boolean replace = prev == null || switch (dedup) {
                case LAST -> true;
                case EARLIEST -> t < log.timestamps()[prev];
                case LATEST -> t > log.timestamps()[prev];
                default -> false;
            };
            if (replace) chosen.put(key, r);
        }
        for (int r : chosen.values()) keep[r] = true;
        return keep;
    }

    private static char detect(Path file, String line) {
        char best = 0;
        int bestCount = 0;
        for (char c : new char[] {'\t', ',', ';', '|'}) {
            int n = 0;
            boolean quoted = false;
            for (int k = 0; k < line.length(); k++) {
                char ch = line.charAt(k);
                if (ch == '"') quoted = !quoted;
                else if (ch == c && !quoted) n++;
            }
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        if (best == 0) {
            throw new DataException(file, 1, "cannot detect the separator (no tab, comma, semicolon or '|')",
                    "pass --delimiter");
        }
        return best;
    }

    private static String printable(char sep) {
        return sep == '\t' ? "\\t" : String.valueOf(sep);
    }

    static List<String> split(Path file, long lineNo, String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int end = line.endsWith("\r") ? line.length() - 1 : line.length();
        for (int k = 0; k < end; k++) {
            char c = line.charAt(k);
            if (quoted) {
                if (c == '"') {
                    if (k + 1 < end && line.charAt(k + 1) == '"') {
                        cur.append('"');
                        k++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new DataException(file, lineNo, "unterminated quoted field",
                    "close the quote; fields spanning several lines are not supported");
        }
        out.add(cur.toString());
        return out;
    }

    /** The header index of {@code name}: exact, else a unique RecBole-style {@code name:type} column. */
    private static int column(Path file, List<String> header, String name, String what) {
        int idx = header.indexOf(name);
        if (idx >= 0) return idx;
        int typed = -1;
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equals(name)) {
                if (typed >= 0) typed = -2;
                else if (typed == -1) typed = c;
            }
        }
        if (typed >= 0) return typed;
        throw new DataException(file, 1, "no " + what + " column '" + name + "' (header columns: " + header + ")",
                suggestion(name, header));
    }

    /**
     * "did you mean" the closest column, by edit distance. A RecBole-style {@code user_id:token} column is
     * offered by the name before the colon ({@code user_id}), the name the README uses and {@link #column}
     * accepts, unless two columns share that name.
     */
    private static String suggestion(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String full : candidates) {
            int colon = full.indexOf(':');
            String bare = colon > 0 ? full.substring(0, colon) : full;
            String c = candidates.stream().filter(o -> o.equals(bare) || o.startsWith(bare + ":")).count() == 1 ? bare : full;
            int d = editDistance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "fix the column mapping" : "fix the column mapping; did you mean '" + best + "'?";
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static double number(Path file, long lineNo, String s, String what, String column) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataException(file, lineNo, "non-numeric " + what + " '" + s + "' in column '" + column + "'",
                    "fix or drop the row, or map another column");
        }
    }

    private static final class DoubleList {
        private double[] a = new double[1024];
        private int n;

        void add(double v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
