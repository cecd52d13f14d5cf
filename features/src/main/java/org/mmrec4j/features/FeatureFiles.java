package org.mmrec4j.features;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.data.io.NpyWriter;

/**
 * The three files a feature job writes into the output folder, for a modality such as {@code text}:
 * <ul>
 *   <li>{@code text_feat.npy}: float32, one row per item in internal item order (row k = itemID k);</li>
 *   <li>{@code text_feat.mask.npy}: float32, shape (n_items, 1): 1 where the item had its own input, 0 where
 *       it got the fill row (the dataset loader reads only {@code *_feat.npy}, so it ignores this file);</li>
 *   <li>{@code text_feat.manifest.json}: how the features were made (model hashes, options, counts).</li>
 * </ul>
 * Each is written atomically; when one write fails, those already written by this call are removed.
 */
public final class FeatureFiles {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private FeatureFiles() {}

    public static Path features(Path dir, String modality) {
        return dir.resolve(modality + "_feat.npy");
    }

    public static Path mask(Path dir, String modality) {
        return dir.resolve(modality + "_feat.mask.npy");
    }

    public static Path manifest(Path dir, String modality) {
        return dir.resolve(modality + "_feat.manifest.json");
    }

    /** Creates the output folder and checks it is writable, so a read-only target fails before the slow part. */
    public static void prepareOutput(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + dir + ": " + InputFiles.reason(e)
                    + ". Fix: pass --out with a writable folder", e);
        }
        // root may write anywhere, so also honour a folder whose mode has no write bit (shared, read-only datasets)
        if (!Files.isWritable(dir) || markedReadOnly(dir)) {
            throw new IllegalArgumentException("the output folder " + dir + " is not writable. Fix: pass --out with a "
                    + "writable folder (then copy or link the dataset files there)");
        }
    }

    private static boolean markedReadOnly(Path dir) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            return !p.contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return false; // not a POSIX file system: isWritable is all we can check
        }
    }

    /** The dataset's {@code i_id_mapping.csv}: external item id to internal index. */
    public static IdMap itemIds(Path datasetDir) {
        Path file = datasetDir.resolve("i_id_mapping.csv");
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "the dataset has no item id map",
                    "give --data a dataset folder with i_id_mapping.csv (./mmrec4j data import writes one)");
        }
        return IdMap.load(file, null);
    }

    /**
     * Fills the rows of items without input ({@code present[k] == false}) with zeros or the mean of the present
     * rows, in place. At least one row must be present for the mean.
     */
    public static void fill(float[] data, int rows, int cols, boolean[] present, FeaturePolicy.Fill fill) {
        float[] row = new float[cols];
        if (fill == FeaturePolicy.Fill.MEAN) {
            double[] sum = new double[cols];
            int count = 0;
            for (int r = 0; r < rows; r++) {
                if (!present[r]) continue;
                count++;
                for (int c = 0; c < cols; c++) sum[c] += data[r * cols + c];
            }
            if (count == 0) throw new IllegalArgumentException("no item has a feature row to take the mean of");
            for (int c = 0; c < cols; c++) row[c] = (float) (sum[c] / count);
        }
        for (int r = 0; r < rows; r++) {
            if (!present[r]) System.arraycopy(row, 0, data, r * cols, cols);
        }
    }

    /** Writes the features, the mask and the manifest; the manifest gets the file names and the mask counts. */
    public static void write(Path dir, String modality, FeatureMatrix features, boolean[] present, Map<String, Object> manifest) {
        float[] mask = new float[present.length];
        int count = 0;
        for (int k = 0; k < present.length; k++) {
            if (present[k]) {
                mask[k] = 1f;
                count++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modality", modality);
        m.put("file", features(dir, modality).getFileName().toString());
        m.put("shape", List.of(features.rows(), features.cols()));
        m.put("dtype", "float32");
        m.put("row_order", "internal itemID (row k = itemID k of i_id_mapping.csv)");
        m.put("items_with_input", count);
        m.put("items_filled", present.length - count);
        m.put("mask_file", mask(dir, modality).getFileName().toString());
        m.putAll(manifest);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format the feature manifest", e);
        }
        List<Path> written = new ArrayList<>();
        try {
            NpyWriter.write(features(dir, modality), features);
            written.add(features(dir, modality));
            NpyWriter.write(mask(dir, modality), new FeatureMatrix(present.length, 1, mask));
            written.add(mask(dir, modality));
            AtomicFiles.write(manifest(dir, modality), out -> out.write(json));
        } catch (RuntimeException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the write failure is the error worth reporting
                }
            }
            throw e;
        }
    }

    /** Up to {@code limit} external ids of the items that are not present, for error messages and logs. */
    public static List<String> firstMissing(IdMap ids, boolean[] present, int limit) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < present.length && out.size() < limit; k++) {
            if (!present[k]) out.add(ids.id(k));
        }
        return out;
    }
}
