package org.mmrec4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

/**
 * Resolves a run's configuration the MMRec way (defaults, dataset, model, dataset's per-model
 * defaults, the protocol's defaults when {@code protocol} is not mmrec, the user's file, --set) and maps
 * its data keys to {@link DatasetOptions}.
 */
public final class RunConfig {
    private RunConfig() {}

    /** The dataset name: the base name of the single {@code *.inter} file in dir. */
    public static String datasetName(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, 0, "dataset folder not found", "pass --data with a folder that holds <name>.inter");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> inters = files.filter(p -> p.getFileName().toString().endsWith(".inter")).sorted().toList();
            if (inters.size() != 1) {
                throw new DataException(dir, 0, inters.isEmpty() ? "no .inter file" : "several .inter files " + inters,
                        "keep exactly one <name>.inter in the folder (or set inter_file_name)");
            }
            String f = inters.get(0).getFileName().toString();
            return f.substring(0, f.length() - ".inter".length());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * @param grid when set, the model's {@code grid:} search space becomes MMRec hyper-parameter lists
     */
    public static Config resolve(ModelSpec model, String dataset, Path userConfig, List<String> sets, boolean grid) {
        // A wrapper named by any layer adds its own YAML (GUIDER.yaml) after the model's, so a first,
        // lenient pass finds the wrapper before the strict load checks the user's keys against it.
        Config probe = builder(model, dataset, userConfig, sets).strict(false).load();
        ConfigLoader.Builder b = builder(model, dataset, userConfig, sets);
        if (probe.has("wrapper")) {
            String wrapper = probe.getString("wrapper");
            b.wrapper(Layer.resource(Wrappers.yamlResource(wrapper), "wrapper " + Wrappers.check(wrapper).toUpperCase(Locale.ROOT) + ".yaml"));
        }
        Config c = b.load();
        // The protocol is known only once every layer is read; its defaults then slot in under the user's.
        Layer protocolDefaults = Protocol.of(c).defaults();
        if (protocolDefaults != null) c = b.protocol(protocolDefaults).load();
        if (grid) c = withGrid(c, model.name());
        return c;
    }

    private static ConfigLoader.Builder builder(ModelSpec model, String dataset, Path userConfig, List<String> sets) {
        ConfigLoader.Builder b = ConfigLoader.builder()
                .dataset(Layer.optionalResource("org/mmrec4j/datasets/" + dataset + ".yaml", "dataset " + dataset + ".yaml"))
                .model(model.name(), Layer.resource(model.yamlResource(), "model " + model.name() + ".yaml"))
                .strict(true);
        if (userConfig != null) b.user(Layer.file(userConfig));
        if (sets != null && !sets.isEmpty()) b.overrides(sets);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Config withGrid(Config c, String model) {
        Object space = c.find("grid").orElseThrow(() -> new IllegalArgumentException(model + " defines no grid"));
        List<String> hp = new ArrayList<>(c.hyperParameters());
        for (Map.Entry<String, Object> e : ((Map<String, Object>) space).entrySet()) {
            c = c.with(e.getKey(), e.getValue(), "model " + model + ".yaml grid");
            if (!hp.contains(e.getKey())) hp.add(e.getKey());
        }
        return c.with(Config.HYPER_PARAMETERS, hp, "--grid");
    }

    /** MMRec's data keys, plus our feature_files map for any number of named modalities. */
    @SuppressWarnings("unchecked")
    public static DatasetOptions datasetOptions(Config c, String dataset) {
        Map<String, String> features = new LinkedHashMap<>();
        c.find("feature_files").ifPresent(m -> ((Map<String, Object>) m).forEach((k, v) -> features.put(k, String.valueOf(v))));
        if (features.isEmpty()) {
            c.find("vision_feature_file").ifPresent(f -> features.put("image", f.toString()));
            c.find("text_feature_file").ifPresent(f -> features.put("text", f.toString()));
        }
        return DatasetOptions.defaults()
                .withName(dataset)
                .withFields(c.getString("USER_ID_FIELD"), c.getString("ITEM_ID_FIELD"), c.getString("inter_splitting_label"))
                .withSeparator(c.getString("field_separator"))
                .withFilterColdStartUsers(c.getBoolean("filter_out_cod_start_users"))
                .withFeatureFiles(features)
                .withLoadFeatures(c.getBoolean("is_multimodal_model"));
    }
}
