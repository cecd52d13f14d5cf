package org.mmrec4j.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.data.io.InterReader;
import org.mmrec4j.engine.Checks;

/**
 * A loaded dataset: three interaction splits, the user and item counts, item features and, when the
 * folder has them, the external-id maps. Counts are max id + 1 over the whole file, so an item seen
 * only in validation or test still exists and is still ranked (§1.1). Loading applies the cold-start
 * filter of §3.2 and records anything suspicious in {@link #warnings()} instead of printing it.
 */
public final class Dataset {
    private final String name;
    private final int numUsers;
    private final int numItems;
    private final Interactions train;
    private final Interactions valid;
    private final Interactions test;
    private final FeatureSet features;
    private final IdMap userIds;
    private final IdMap itemIds;
    private final List<Path> sourceFiles;
    private final List<String> warnings;

    public Dataset(String name, int numUsers, int numItems, Interactions train, Interactions valid,
                   Interactions test, FeatureSet features, IdMap userIds, IdMap itemIds, List<Path> sourceFiles,
                   List<String> warnings) {
        Checks.arg(numUsers >= train.maxUserPlusOne() && numUsers >= valid.maxUserPlusOne()
                && numUsers >= test.maxUserPlusOne(), "numUsers %s is below a user index in the splits", numUsers);
        Checks.arg(numItems >= train.maxItemPlusOne() && numItems >= valid.maxItemPlusOne()
                && numItems >= test.maxItemPlusOne(), "numItems %s is below an item index in the splits", numItems);
        for (String m : features.names()) {
            Checks.arg(features.get(m).rows() == numItems, "modality %s has %s rows, expected numItems %s",
                    m, features.get(m).rows(), numItems);
        }
        this.name = name;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.train = train;
        this.valid = valid;
        this.test = test;
        this.features = features;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.sourceFiles = List.copyOf(sourceFiles);
        this.warnings = List.copyOf(warnings);
    }

    /** An in-memory dataset (tests, demos) with counts derived from the rows, as the loader does. */
    public static Dataset of(String name, Interactions train, Interactions valid, Interactions test,
                             FeatureSet features) {
        int nu = Math.max(train.maxUserPlusOne(), Math.max(valid.maxUserPlusOne(), test.maxUserPlusOne()));
        int ni = Math.max(train.maxItemPlusOne(), Math.max(valid.maxItemPlusOne(), test.maxItemPlusOne()));
        return new Dataset(name, nu, ni, train, valid, test, features, null, null, List.of(), List.of());
    }

    /** Loads {@code <dir>/<name>.inter}, its features and its id maps (protocol §1 and §3.1-3.2). */
    public static Dataset load(Path dir, DatasetOptions options) {
        Path inter = interFile(dir, options.name());
        String name = options.name() != null ? options.name() : stripSuffix(inter.getFileName().toString(), ".inter");
        List<Path> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        sources.add(inter);

        InterReader.Table t = new InterReader(options.userField(), options.itemField(), options.splitField(),
                options.separator()).read(inter);
        int numUsers = 0;
        int numItems = 0;
        for (int r = 0; r < t.size(); r++) {
            numUsers = Math.max(numUsers, t.users()[r] + 1);
            numItems = Math.max(numItems, t.items()[r] + 1);
        }
        int duplicates = countDuplicatePairs(t.users(), t.items(), numItems);
        if (duplicates > 0) {
            warnings.add(inter + ": " + duplicates + " duplicate (user, item) rows kept (MMRec keeps them: they"
                    + " appear twice in BPR batches and count twice in evaluation)");
        }
        Interactions[] splits = split(t, numUsers, options.filterColdStartUsers(), warnings);
        if (splits[0].size() == 0) {
            throw new DataException(inter, "no training rows (" + options.splitField() + " = 0) in " + t.size()
                    + " rows", "label training rows with " + options.splitField() + " 0");
        }

        FeatureSet features = FeatureSet.empty();
        Map<String, Path> files = featureFiles(dir, options.featureFiles(), warnings);
        if (options.loadFeatures()) {
            features = FeatureSet.load(files, numItems);
            sources.addAll(files.values());
        } else {
            // A corrupt file in the folder is an error for every model, also one that reads no features:
            // the header, shape, row count and size are checked cheaply; values (NaN) only when loaded.
            for (Path f : files.values()) {
                FeatureSet.checkHeader(f, numItems);
                warnings.add(f + ": values not read (is_multimodal_model is false: the model uses no features);"
                        + " header, shape, row count and size checked");
            }
        }
        IdMap userIds = idMap(dir.resolve("u_id_mapping.csv"), numUsers, "users", sources, warnings);
        IdMap itemIds = idMap(dir.resolve("i_id_mapping.csv"), numItems, "items", sources, warnings);
        return new Dataset(name, numUsers, numItems, splits[0], splits[1], splits[2], features, userIds, itemIds,
                sources, warnings);
    }

    /**
     * The interaction file of a dataset folder: {@code <name>.inter}, or with a null name the folder's
     * only {@code *.inter} file. The one place that finds it, for loading and for naming a run's dataset.
     */
    public static Path interFile(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, Files.exists(dir) ? "is not a directory" : "dataset folder not found",
                    "pass --data with a folder that holds <name>.inter");
        }
        if (name != null) {
            Path p = dir.resolve(name + ".inter");
            InputFiles.requireRegularFile(p, "check the dataset name (inter_file_name) or the folder");
            return p;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.inter")) {
            ds.forEach(found::add);
        } catch (IOException e) {
            throw InputFiles.failure(dir, "cannot list", e);
        }
        if (found.size() != 1) {
            found.sort(null);
            throw new DataException(dir, "expected exactly one *.inter file, found " + found.size() + " " + found,
                    found.isEmpty() ? "pass --data with a folder that holds <name>.inter"
                            : "keep one <name>.inter in the folder, or pick one with --set inter_file_name=<name>.inter");
        }
        return found.get(0);
    }

    private static Interactions[] split(InterReader.Table t, int numUsers, boolean filterColdStart,
                                        List<String> warnings) {
        int[] counts = new int[3];
        boolean[] hasTrain = new boolean[numUsers];
        for (int r = 0; r < t.size(); r++) {
            counts[t.labels()[r]]++;
            if (t.labels()[r] == 0) hasTrain[t.users()[r]] = true;
        }
        int[][] us = {new int[counts[0]], new int[counts[1]], new int[counts[2]]};
        int[][] is = {new int[counts[0]], new int[counts[1]], new int[counts[2]]};
        int[] fill = new int[3];
        int removed = 0;
        boolean[] removedUser = new boolean[numUsers];
        for (int r = 0; r < t.size(); r++) {
            int s = t.labels()[r];
            int u = t.users()[r];
            if (s != 0 && filterColdStart && !hasTrain[u]) {
                removed++;
                removedUser[u] = true;
                continue;
            }
            us[s][fill[s]] = u;
            is[s][fill[s]++] = t.items()[r];
        }
        if (removed > 0) {
            int users = 0;
            for (boolean b : removedUser) if (b) users++;
            warnings.add("cold-start filter removed " + removed + " validation/test rows of " + users
                    + " users without training rows");
        }
        Interactions[] out = new Interactions[3];
        for (int s = 0; s < 3; s++) {
            out[s] = Interactions.wrap(Arrays.copyOf(us[s], fill[s]), Arrays.copyOf(is[s], fill[s]));
        }
        return out;
    }

    /** Rows whose (user, item) pair occurred earlier in the table. */
    static int countDuplicatePairs(int[] users, int[] items, int numItems) {
        long[] keys = new long[users.length];
        for (int r = 0; r < users.length; r++) keys[r] = (long) users[r] * numItems + items[r];
        Arrays.sort(keys);
        int dup = 0;
        for (int r = 1; r < keys.length; r++) if (keys[r] == keys[r - 1]) dup++;
        return dup;
    }

    private static int slot(Path featureFile) {
        String name = featureFile.getFileName().toString();
        return name.equals("image_feat.npy") ? 0 : name.equals("text_feat.npy") ? 1 : 2;
    }

    private static Map<String, Path> featureFiles(Path dir, Map<String, String> configured, List<String> warnings) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (configured.isEmpty()) {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*_feat.npy")) {
                ds.forEach(found::add);
            } catch (IOException e) {
                throw InputFiles.failure(dir, "cannot list", e);
            }
            // MMRec's slot order (image, then text), then any other modality by name: models that
            // concatenate or weight modalities see the same order on every machine.
            found.sort(java.util.Comparator.comparing((Path p) -> slot(p)).thenComparing(p -> p.getFileName().toString()));
            for (Path p : found) out.put(stripSuffix(p.getFileName().toString(), "_feat.npy"), p);
            return out;
        }
        for (Map.Entry<String, String> e : configured.entrySet()) {
            Path p = dir.resolve(e.getValue());
            if (Files.exists(p)) {
                out.put(e.getKey(), p); // a folder or FIFO under that name is refused when it is checked
            } else {
                // MMRec switches a modality off when its file is absent (§1.3); we say so
                warnings.add("modality '" + e.getKey() + "' is off: " + p + " does not exist");
            }
        }
        return out;
    }

    private static IdMap idMap(Path file, int expectedSize, String what, List<Path> sources, List<String> warnings) {
        if (!Files.exists(file)) return null; // a folder or FIFO of that name is refused by IdMap.load
        IdMap m = IdMap.load(file, null);
        sources.add(file);
        if (m.size() != expectedSize) {
            warnings.add(file + " maps " + m.size() + " " + what + " but the interaction file has " + expectedSize);
        }
        return m;
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    public String name() {
        return name;
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    public Interactions train() {
        return train;
    }

    public Interactions valid() {
        return valid;
    }

    public Interactions test() {
        return test;
    }

    public FeatureSet features() {
        return features;
    }

    public Optional<IdMap> userIds() {
        return Optional.ofNullable(userIds);
    }

    public Optional<IdMap> itemIds() {
        return Optional.ofNullable(itemIds);
    }

    /** Every file read, for the run manifest's checksums. */
    public List<Path> sourceFiles() {
        return sourceFiles;
    }

    public List<String> warnings() {
        return warnings;
    }

    public String summary() {
        return name + ": " + numUsers + " users, " + numItems + " items, train " + train.size() + ", valid "
                + valid.size() + ", test " + test.size() + ", modalities: " + features;
    }

    @Override
    public String toString() {
        return summary();
    }
}
