package org.mmrec4j.data.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmrec4j.data.DataException;
import org.mmrec4j.engine.Checks;

/**
 * Parses an MMRec {@code .inter} table (protocol §1.1): a header line, then one row per interaction.
 * Only the user, item and split columns are read; their names are configurable. The parser works on raw
 * bytes rather than {@code String.split}, which keeps the 160k-row Baby file well under 100 ms.
 */
public final class InterReader {
    /** The three columns read from the file, in file order; {@code labels} holds 0, 1 or 2. */
    public record Table(int[] users, int[] items, byte[] labels) {
        public int size() {
            return users.length;
        }
    }

    private final String userField;
    private final String itemField;
    private final String splitField;
    private final byte separator;

    public InterReader(String userField, String itemField, String splitField, String separator) {
        Checks.arg(separator != null && separator.length() == 1 && separator.charAt(0) < 128,
                "separator must be one ASCII character, got '%s'", separator);
        this.userField = userField;
        this.itemField = itemField;
        this.splitField = splitField;
        this.separator = (byte) separator.charAt(0);
    }

    /** MMRec's column names and a tab separator. */
    public static InterReader defaults() {
        return new InterReader("userID", "itemID", "x_label", "\t");
    }

    public Table read(Path file) {
        InputFiles.requireRegularFile(file, "check the dataset folder and inter_file_name");
        byte[] buf;
        try {
            buf = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
        if (buf.length == 0) {
            throw new DataException(file, "file is empty",
                    "write a header line (" + userField + sep() + itemField + sep() + splitField + ") and rows");
        }
        int headerEnd = lineEnd(buf, 0);
        List<String> header = headerColumns(buf, 0, headerEnd);
        int numCols = header.size();
        int userCol = column(file, header, userField, "USER_ID_FIELD");
        int itemCol = column(file, header, itemField, "ITEM_ID_FIELD");
        int splitCol = column(file, header, splitField, "inter_splitting_label");

        int capacity = Math.max(16, buf.length / 16);
        int[] users = new int[capacity];
        int[] items = new int[capacity];
        byte[] labels = new byte[capacity];
        int n = 0;
        long line = 1;
        int maxUser = -1, maxItem = -1;
        long maxUserLine = 0, maxItemLine = 0;
        int pos = next(buf, headerEnd);
        while (pos < buf.length) {
            line++;
            int end = lineEnd(buf, pos);
            int contentEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
            if (onlyWhitespace(buf, pos)) break; // trailing blank lines
            if (n == users.length) {
                int grown = users.length * 2;
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                labels = Arrays.copyOf(labels, grown);
            }
            int col = 0;
            int fieldStart = pos;
            for (int i = pos; i <= contentEnd; i++) {
                if (i == contentEnd || buf[i] == separator) {
                    if (col == userCol) users[n] = parseId(file, line, buf, fieldStart, i, userField);
                    else if (col == itemCol) items[n] = parseId(file, line, buf, fieldStart, i, itemField);
                    else if (col == splitCol) labels[n] = parseLabel(file, line, buf, fieldStart, i);
                    col++;
                    fieldStart = i + 1;
                }
            }
            if (col != numCols) {
                throw new DataException(file, line,
                        "expected " + numCols + " " + sepName() + "-separated columns, found " + col,
                        "every row needs one value per header column (" + String.join(", ", header) + ")");
            }
            if (users[n] > maxUser) {
                maxUser = users[n];
                maxUserLine = line;
            }
            if (items[n] > maxItem) {
                maxItem = items[n];
                maxItemLine = line;
            }
            n++;
            pos = next(buf, end);
        }
        Table t = new Table(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(labels, n));
        int distinctUsers = distinct(t.users(), maxUser), distinctItems = distinct(t.items(), maxItem);
        String counts = "the file has " + distinctUsers + " distinct " + userField + "s and " + distinctItems
                + " distinct " + itemField + "s";
        checkDense(file, maxUserLine, userField, maxUser, distinctUsers, counts);
        checkDense(file, maxItemLine, itemField, maxItem, distinctItems, counts);
        return t;
    }

    /**
     * The largest id accepted when {@code distinct} different ids occur: ids are row indexes (feature row
     * i is item i, counts are max id + 1), so they must be dense 0..n-1, up to gaps of unused ids as many
     * as the used ones plus {@value #GAP_ALLOWANCE}. This bounds every array sized by the largest id.
     */
    public static long largestAcceptedId(int distinct) {
        return 2L * distinct + GAP_ALLOWANCE - 1;
    }

    /** Unused ids always accepted on top of as many unused ids as used ones (see {@link #largestAcceptedId}). */
    public static final int GAP_ALLOWANCE = 1000;

    private static void checkDense(Path file, long line, String field, int max, int distinct, String counts) {
        if (max <= largestAcceptedId(distinct)) return;
        throw new DataException(file, line, field + " " + max + " is not a row index: " + counts + ", and ids must be"
                + " dense 0..n-1 (unused ids allowed up to the largest accepted id, 2 x distinct + "
                + (GAP_ALLOWANCE - 1) + " = " + largestAcceptedId(distinct) + ")",
                "re-index raw ids with `mmrec4j data import`, which maps them to 0..n-1");
    }

    /** Distinct values of non-negative ids whose largest is {@code max}, without an array sized by a huge max. */
    private static int distinct(int[] ids, int max) {
        if (ids.length == 0) return 0;
        if (max < 4L * ids.length + GAP_ALLOWANCE) {
            boolean[] seen = new boolean[max + 1];
            int d = 0;
            for (int id : ids) {
                if (!seen[id]) {
                    seen[id] = true;
                    d++;
                }
            }
            return d;
        }
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        int d = 1;
        for (int i = 1; i < sorted.length; i++) if (sorted[i] != sorted[i - 1]) d++;
        return d;
    }

    /** True when everything from {@code from} on is spaces, tabs and line breaks (trailing blank lines). */
    private static boolean onlyWhitespace(byte[] buf, int from) {
        for (int i = from; i < buf.length; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r' && b != ' ' && b != '\t') return false;
        }
        return true;
    }

    private String sep() {
        return separator == '\t' ? "\\t" : String.valueOf((char) separator);
    }

    private String sepName() {
        return separator == '\t' ? "tab" : "'" + (char) separator + "'";
    }

    private List<String> headerColumns(byte[] buf, int from, int end) {
        if (end > from && buf[end - 1] == '\r') end--;
        if (end - from >= 3 && (buf[from] & 0xff) == 0xEF && (buf[from + 1] & 0xff) == 0xBB
                && (buf[from + 2] & 0xff) == 0xBF) {
            from += 3; // UTF-8 byte order mark written by some spreadsheet tools
        }
        List<String> cols = new ArrayList<>();
        int start = from;
        for (int i = from; i <= end; i++) {
            if (i == end || buf[i] == separator) {
                cols.add(new String(buf, start, i - start, StandardCharsets.UTF_8).trim());
                start = i + 1;
            }
        }
        return cols;
    }

    private int column(Path file, List<String> header, String name, String key) {
        int idx = header.indexOf(name);
        if (idx < 0) {
            throw new DataException(file, 1,
                    "header has no column '" + name + "' (header columns: " + header + ")",
                    "set " + key + " to one of the header columns, or check the separator (expected "
                            + sepName() + ")");
        }
        return idx;
    }

    private static int lineEnd(byte[] buf, int from) {
        int i = from;
        while (i < buf.length && buf[i] != '\n') i++;
        return i;
    }

    private static int next(byte[] buf, int lineEnd) {
        return lineEnd < buf.length ? lineEnd + 1 : lineEnd;
    }

    private static int parseId(Path file, long line, byte[] buf, int from, int to, String field) {
        if (from == to) {
            throw new DataException(file, line, "empty " + field, "give every row a non-negative integer id");
        }
        if (buf[from] == '-') {
            throw new DataException(file, line,
                    "negative " + field + " " + text(buf, from, to),
                    "ids must be dense non-negative integers; re-index raw ids with `mmrec4j data import`");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new DataException(file, line,
                        "non-numeric " + field + " '" + text(buf, from, to) + "'",
                        "ids must be dense non-negative integers; map raw ids with `mmrec4j data import`");
            }
            v = v * 10 + d;
            if (v > Integer.MAX_VALUE - 1) {
                throw new DataException(file, line, field + " " + text(buf, from, to) + " is too large",
                        "ids must be dense integers below 2^31-1");
            }
        }
        return (int) v;
    }

    private byte parseLabel(Path file, long line, byte[] buf, int from, int to) {
        if (to - from == 1 && buf[from] >= '0' && buf[from] <= '2') return (byte) (buf[from] - '0');
        throw new DataException(file, line,
                "unknown " + splitField + " '" + text(buf, from, to) + "'",
                splitField + " must be 0 (train), 1 (validation) or 2 (test)");
    }

    private static String text(byte[] buf, int from, int to) {
        return new String(buf, from, Math.min(to - from, 40), StandardCharsets.UTF_8);
    }
}
