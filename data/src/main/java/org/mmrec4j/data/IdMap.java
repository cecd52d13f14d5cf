package org.mmrec4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * External string ids to dense int indexes and back. Indexes follow first appearance (§1.2). A map is
 * frozen once built: build it with {@link Builder}, read it with {@link #load}, or make it with
 * {@link #of}. Files are tab-separated with a two-column header such as {@code user_id\tuserID}.
 */
public final class IdMap {
    private final String[] ids;
    private final Map<String, Integer> index;
    private final String idColumn;
    private final String indexColumn;

    private IdMap(String[] ids, Map<String, Integer> index, String idColumn, String indexColumn) {
        this.ids = ids;
        this.index = index;
        this.idColumn = idColumn;
        this.indexColumn = indexColumn;
    }

    /** Assigns indexes in the order ids are first added. */
    public static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        /** The index of {@code id}, assigning the next free one on first sight. */
        public int add(String id) {
            Integer known = index.get(id);
            if (known != null) return known;
            int k = ids.size();
            ids.add(id);
            index.put(id, k);
            return k;
        }

        public int size() {
            return ids.size();
        }

        public IdMap build(String idColumn, String indexColumn) {
            return new IdMap(ids.toArray(new String[0]), new HashMap<>(index), idColumn, indexColumn);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Index k is {@code ids.get(k)}; duplicates are an argument error. */
    public static IdMap of(List<String> ids) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < ids.size(); k++) {
            if (index.put(ids.get(k), k) != null) {
                throw new IllegalArgumentException("duplicate id '" + ids.get(k) + "' at index " + k);
            }
        }
        return new IdMap(ids.toArray(new String[0]), index, "id", "index");
    }

    public int size() {
        return ids.length;
    }

    /** The dense index of an external id; throws naming the id when it is unknown. */
    public int index(String id) {
        Integer k = index.get(id);
        if (k == null) {
            throw new NoSuchElementException("unknown " + idColumn + " '" + id + "' (" + ids.length + " known ids)");
        }
        return k;
    }

    /** The dense index, or -1 when unknown (for hot paths that must not throw). */
    public int tryIndex(String id) {
        Integer k = index.get(id);
        return k == null ? -1 : k;
    }

    public String id(int index) {
        if (index < 0 || index >= ids.length) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + ids.length + ")");
        }
        return ids[index];
    }

    /** The same map with other header names for {@link #save}. */
    public IdMap withColumns(String newIdColumn, String newIndexColumn) {
        return new IdMap(ids, index, newIdColumn, newIndexColumn);
    }

    public String idColumn() {
        return idColumn;
    }

    public String indexColumn() {
        return indexColumn;
    }

    /** Writes {@code idColumn\tindexColumn} then one {@code id\tindex} row per index, atomically. */
    public void save(Path file) {
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder(ids.length * 16);
            sb.append(idColumn).append('\t').append(indexColumn).append('\n');
            for (int k = 0; k < ids.length; k++) sb.append(ids[k]).append('\t').append(k).append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * Reads a mapping file. Rows may come in any order but the indexes must be exactly 0..n-1.
     *
     * @param expectedHeader the header line with a tab between the two names, or null to accept any
     */
    public static IdMap load(Path file, String expectedHeader) {
        InputFiles.requireRegularFile(file, "check the mapping file's path");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) throw new DataException(file, "file is empty", "write a two-column header");
            header = stripCr(header);
            String[] names = header.split("\t", -1);
            if (names.length != 2) {
                throw new DataException(file, 1, "expected 2 tab-separated header columns, found " + names.length,
                        "use a header like 'user_id\\tuserID' (tab-separated despite the .csv name)");
            }
            if (expectedHeader != null && !expectedHeader.equals(header)) {
                throw new DataException(file, 1, "header is '" + header.replace("\t", "\\t") + "', expected '"
                        + expectedHeader.replace("\t", "\\t") + "'", "check that this is the right mapping file");
            }
            List<String> byLine = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                line = stripCr(line);
                if (line.isEmpty()) continue;
                int tab = line.indexOf('\t');
                if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
                    throw new DataException(file, no, "expected 2 tab-separated columns, found "
                            + line.split("\t", -1).length, "write one 'id<TAB>index' pair per line");
                }
                String idx = line.substring(tab + 1);
                int k;
                try {
                    k = Integer.parseInt(idx);
                } catch (NumberFormatException e) {
                    throw new DataException(file, no, "non-numeric index '" + idx + "'",
                            "the second column must be the dense integer index");
                }
                if (k < 0) throw new DataException(file, no, "negative index " + k, "indexes start at 0");
                byLine.add(line.substring(0, tab));
                indexes.add(k);
            }
            String[] ids = new String[byLine.size()];
            Map<String, Integer> index = new HashMap<>();
            for (int j = 0; j < ids.length; j++) {
                int k = indexes.get(j);
                if (k >= ids.length || ids[k] != null) {
                    throw new DataException(file, j + 2, "index " + k + " is duplicate or outside [0, " + ids.length
                            + ")", "indexes must be exactly 0..n-1, each once");
                }
                ids[k] = byLine.get(j);
                if (index.put(ids[k], k) != null) {
                    throw new DataException(file, j + 2, "duplicate id '" + ids[k] + "'", "each id must map once");
                }
            }
            return new IdMap(ids, index, names[0], names[1]);
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdMap other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }
}
