package org.mmrec4j.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.engine.Checks;

/**
 * How to read a dataset folder; defaults match MMRec's dataset YAML (§1.5).
 *
 * @param name dataset name; null derives it from the single {@code *.inter} file in the folder
 * @param featureFiles modality name to file name; empty means every {@code <modality>_feat.npy} in the
 *     folder, in name order
 */
public record DatasetOptions(String name, String userField, String itemField, String splitField,
                             String separator, boolean filterColdStartUsers, Map<String, String> featureFiles,
                             boolean loadFeatures) {
    public DatasetOptions {
        Checks.arg(userField != null && itemField != null && splitField != null,
                "field names must not be null");
        Checks.arg(separator != null && separator.length() == 1, "separator must be one character");
        featureFiles = featureFiles == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(featureFiles)); // keeps modality order
    }

    public static DatasetOptions defaults() {
        return new DatasetOptions(null, "userID", "itemID", "x_label", "\t", true, Map.of(), true);
    }

    public DatasetOptions withName(String n) {
        return new DatasetOptions(n, userField, itemField, splitField, separator, filterColdStartUsers,
                featureFiles, loadFeatures);
    }

    public DatasetOptions withFields(String user, String item, String split) {
        return new DatasetOptions(name, user, item, split, separator, filterColdStartUsers, featureFiles,
                loadFeatures);
    }

    public DatasetOptions withSeparator(String sep) {
        return new DatasetOptions(name, userField, itemField, splitField, sep, filterColdStartUsers,
                featureFiles, loadFeatures);
    }

    public DatasetOptions withFilterColdStartUsers(boolean on) {
        return new DatasetOptions(name, userField, itemField, splitField, separator, on, featureFiles,
                loadFeatures);
    }

    /** Modalities are kept in the map's iteration order. */
    public DatasetOptions withFeatureFiles(Map<String, String> files) {
        return new DatasetOptions(name, userField, itemField, splitField, separator, filterColdStartUsers, files,
                loadFeatures);
    }

    public DatasetOptions withLoadFeatures(boolean on) {
        return new DatasetOptions(name, userField, itemField, splitField, separator, filterColdStartUsers,
                featureFiles, on);
    }
}
