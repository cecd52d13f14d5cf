package org.mmrec4j.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mmrec4j.data.io.NpyReader;

/**
 * The item feature modalities of a dataset, by name and in a fixed order (image, text, audio, or any
 * other). Every matrix has one row per item. Models loop over {@link #names()} and never hard-code a
 * modality, so a dataset with one, two or three modalities needs no model change.
 */
public final class FeatureSet {
    private static final FeatureSet EMPTY = new FeatureSet(new LinkedHashMap<>());
    private final Map<String, FeatureMatrix> byName;
    private final List<String> names;

    private FeatureSet(LinkedHashMap<String, FeatureMatrix> byName) {
        this.byName = Collections.unmodifiableMap(byName);
        this.names = List.copyOf(byName.keySet());
    }

    public static FeatureSet empty() {
        return EMPTY;
    }

    /** In-memory modalities (tests, demo data); checks that all have the same row count and finite values. */
    public static FeatureSet of(Map<String, FeatureMatrix> modalities) {
        LinkedHashMap<String, FeatureMatrix> copy = new LinkedHashMap<>(modalities);
        int rows = -1;
        for (Map.Entry<String, FeatureMatrix> e : copy.entrySet()) {
            FeatureMatrix m = e.getValue();
            if (rows >= 0 && m.rows() != rows) {
                throw new IllegalArgumentException("modality '" + e.getKey() + "' has " + m.rows()
                        + " rows, others have " + rows);
            }
            rows = m.rows();
            long bad = m.firstNonFinite();
            if (bad >= 0) {
                throw new IllegalArgumentException("modality '" + e.getKey() + "' has a non-finite value at row "
                        + bad / m.cols() + ", column " + bad % m.cols());
            }
        }
        return new FeatureSet(copy);
    }

    /**
     * Reads one {@code .npy} file per modality and checks each against the item count: the header first
     * (see {@link #checkHeader}), then every value must be finite.
     */
    public static FeatureSet load(Map<String, Path> files, int numItems) {
        LinkedHashMap<String, FeatureMatrix> out = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            checkHeader(file, numItems);
            FeatureMatrix m = NpyReader.read(file);
            check(file, m, numItems);
            out.put(e.getKey(), m);
        }
        return new FeatureSet(out);
    }

    /**
     * Checks a feature file without reading its values (cheap at any size): a readable {@code .npy}
     * header, a float dtype, one or two dimensions, exactly header + rows x cols x item size bytes, and
     * {@code numItems} rows (row k is item k, §1.3). Throws a {@link DataException} naming the file.
     */
    public static NpyReader.Info checkHeader(Path file, int numItems) {
        NpyReader.Info info = NpyReader.inspect(file);
        checkRows(file, info.rows(), numItems);
        return info;
    }

    private static void checkRows(Path file, long rows, int numItems) {
        if (rows != numItems) {
            throw new DataException(file, "has " + rows + " feature rows but the dataset has " + numItems
                    + " items", "row k must hold the features of item k; regenerate the file for this "
                    + "dataset's item ids (items = max itemID + 1 over all splits)");
        }
    }

    /** Throws a {@link DataException} naming the file when the matrix does not fit {@code numItems} items. */
    public static void check(Path file, FeatureMatrix m, int numItems) {
        checkRows(file, m.rows(), numItems);
        long bad = m.firstNonFinite();
        if (bad >= 0) {
            float v = m.data()[(int) bad];
            throw new DataException(file, "non-finite value " + v + " at row " + bad / m.cols() + ", column "
                    + bad % m.cols(), "replace NaN/Inf features, e.g. with the mean of the available rows");
        }
    }

    public List<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public int size() {
        return byName.size();
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public FeatureMatrix get(String name) {
        FeatureMatrix m = byName.get(name);
        if (m == null) throw new NoSuchElementException("no modality '" + name + "'; present: " + names);
        return m;
    }

    public int dim(String name) {
        return get(name).cols();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(n).append(' ').append(dim(n)).append("-d");
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
