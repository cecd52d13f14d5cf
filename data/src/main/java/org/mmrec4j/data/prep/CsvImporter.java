package org.mmrec4j.data.prep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mmrec4j.data.DataException;

/**
 * Reads a raw CSV or TSV rating log (§2.1 steps 1-3): maps columns by header name, handles double-quoted
 * fields (a doubled quote is a literal quote; fields may not span lines), drops rows with a missing user,
 * item or (when mapped) timestamp, optionally keeps only ratings at or above a threshold, and drops exact
 * duplicate (user, item, timestamp) rows, keeping the first. The same pair at another time is kept.
 */
public final class CsvImporter {
    /**
     * @param separator the field separator, or null to detect tab, comma or semicolon from the first line
     * @param hasHeader false for headerless files; then column names are 0-based numbers
     * @param ratingThreshold keep rows with rating >= this; null keeps all (needs a rating column)
     */
    public record Options(Character separator, boolean hasHeader, Double ratingThreshold) {
        public static Options defaults() {
            return new Options(null, true, null);
        }
    }

    /** What the import dropped, for the preparation report. */
    public record Stats(long rowsRead, long droppedMissing, long droppedBelowThreshold, long droppedDuplicates) {}

    /** The log plus its statistics. */
    public record Result(RawLog log, Stats stats) {}

    private CsvImporter() {}

    public static Result read(Path file, ColumnMapping mapping, Options options) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null) throw new DataException(file, "file is empty", "give the raw log with its rows");
            if (first.startsWith("\uFEFF")) first = first.substring(1);
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
            if (options.ratingThreshold() != null && rc < 0) {
                throw new IllegalArgumentException("a rating threshold needs a rating column in the mapping");
            }
            List<String> us = new ArrayList<>();
            List<String> is = new ArrayList<>();
            DoubleList rs = new DoubleList();
            LongList ts = new LongList();
            Set<String> seen = new HashSet<>();
            long read = 0, missing = 0, below = 0, dups = 0;
            long lineNo = options.hasHeader() ? 1 : 0;
            String line;
            while (true) {
                List<String> f;
                if (pending != null) {
                    f = pending;
                    pending = null;
                    lineNo++;
                } else {
                    line = r.readLine();
                    if (line == null) break;
                    lineNo++;
                    if (line.isEmpty()) continue;
                    f = split(file, lineNo, line, sep);
                }
                read++;
                if (f.size() != header.size()) {
                    throw new DataException(file, lineNo, "expected " + header.size() + " columns, found " + f.size(),
                            "quote fields that contain '" + sep + "'");
                }
                String u = f.get(uc).trim();
                String i = f.get(ic).trim();
                String tRaw = tc < 0 ? "" : f.get(tc).trim();
                if (u.isEmpty() || i.isEmpty() || (tc >= 0 && tRaw.isEmpty())) {
                    missing++;
                    continue;
                }
                double rating = rc < 0 ? Double.NaN : number(file, lineNo, f.get(rc).trim(), "rating");
                if (options.ratingThreshold() != null && !(rating >= options.ratingThreshold())) {
                    below++;
                    continue;
                }
                long t = tc < 0 ? 0 : (long) number(file, lineNo, tRaw, "timestamp");
                // '\u0000' cannot occur in a text id, so the key is unambiguous
                if (!seen.add(u + '\u0000' + i + '\u0000' + t)) {
                    dups++;
                    continue;
                }
                us.add(u);
                is.add(i);
                rs.add(rating);
                ts.add(t);
            }
            RawLog log = new RawLog(us.toArray(new String[0]), is.toArray(new String[0]), rs.toArray(), ts.toArray());
            return new Result(log, new Stats(read, missing, below, dups));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static char detect(Path file, String line) {
        char best = 0;
        int bestCount = 0;
        for (char c : new char[] {'\t', ',', ';'}) {
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
            throw new DataException(file, 1, "cannot detect the separator (no tab, comma or semicolon)",
                    "pass the separator explicitly");
        }
        return best;
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

    private static int column(Path file, List<String> header, String name, String what) {
        int idx = header.indexOf(name);
        if (idx < 0) {
            throw new DataException(file, 1, "no " + what + " column '" + name + "' (header columns: " + header + ")",
                    "fix the column mapping");
        }
        return idx;
    }

    private static double number(Path file, long lineNo, String s, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataException(file, lineNo, "non-numeric " + what + " '" + s + "'", "fix or drop the row");
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
