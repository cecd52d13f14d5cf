package org.mmrec4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigException;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.wrapper.Wrappers;

/**
 * Everything a run is made of before it trains, worked out in one place for every command and for
 * {@code TrainedModel}: the layered configuration resolved once the MMRec way (defaults, dataset,
 * model, the dataset's per-model defaults, a wrapper's YAML when {@code wrapper} is set, the
 * protocol's defaults when {@code protocol} is not mmrec, the user's file, {@code --set}), the model
 * to build (wrapped when the config names a wrapper; this is the one place a wrapper is applied), and
 * the dataset folder with its name. {@link #load} then reads the dataset.
 *
 * @param catalogued the model as listed in the catalogue (the student of a wrapped run)
 * @param spec       the model the run trains: {@code catalogued}, or it inside its wrapper
 */
public record RunSetup(ModelSpec catalogued, ModelSpec spec, Config config, Path dataDir, String datasetName) {
    /** MMRec's key naming the interaction file; it picks one of several {@code .inter} files in a folder. */
    public static final String INTER_FILE_NAME = "inter_file_name";
    private static final String WRAPPER = "wrapper";

    /** Resolves a run of the catalogue model {@code model} on the dataset folder {@code dataDir}. */
    public static RunSetup resolve(String model, Path dataDir, Path userConfig, List<String> sets, boolean grid) {
        return resolve(ModelCatalog.get(model.trim()), dataDir, userConfig, sets, grid);
    }

    /**
     * @param grid when set, the model's {@code grid:} search space becomes MMRec hyper-parameter lists
     */
    public static RunSetup resolve(ModelSpec model, Path dataDir, Path userConfig, List<String> sets, boolean grid) {
        ConfigLoader.Builder b = builder(model, userConfig, sets);
        Object interName = b.userValue(INTER_FILE_NAME);
        Path inter = Dataset.interFile(dataDir, interName == null ? null : baseName(interName.toString()));
        String name = baseName(inter.getFileName().toString());
        Config c = resolved(b, model, name, grid);
        if (c.has(INTER_FILE_NAME) && !baseName(c.getString(INTER_FILE_NAME)).equals(name)) {
            throw new ConfigException(INTER_FILE_NAME, c.source(INTER_FILE_NAME), INTER_FILE_NAME + " (from " + c.source(INTER_FILE_NAME)
                    + ") names " + c.getString(INTER_FILE_NAME) + " but the run reads " + inter
                    + "; set it with --set " + INTER_FILE_NAME + "=FILE to pick the file");
        }
        // Every trainer and model setting of every grid point is checked now, before any data is read or file written.
        ModelSpec spec = Wrappers.apply(model, c);
        for (Config point : c.expandGrid()) {
            TrainSettings.from(point);
            spec.checkOptions(point);
        }
        return new RunSetup(model, spec, c, dataDir, name);
    }

    /**
     * The resolved configuration of {@code model} on a dataset known by name only (its dataset YAML is
     * used, no folder is read): for library code and tests that load or build the dataset themselves.
     */
    public static Config config(ModelSpec model, String dataset, Path userConfig, List<String> sets, boolean grid) {
        return resolved(builder(model, userConfig, sets), model, dataset, grid);
    }

    /**
     * A finished run folder's setup: the configuration it recorded (config.resolved.yaml, read as is),
     * the catalogue model its manifest names (a wrapped run such as BM3+GUIDER is served by its
     * student, whose parameters model.bin holds) and the dataset folder it read, unless overridden.
     */
    public static RunSetup ofRun(RunFolder run, Path dataOverride) {
        Config c = run.readConfig();
        RunFolder.Manifest manifest = run.readManifest();
        if (manifest.model() == null) throw new IllegalArgumentException(manifest.file() + " names no model (missing or incomplete)");
        ModelSpec student = ModelCatalog.get(Wrappers.studentName(manifest.model()));
        Path dataDir = dataOverride != null ? dataOverride : manifest.dataDir();
        String name = baseName(Dataset.interFile(dataDir, null).getFileName().toString());
        return new RunSetup(student, student, c, dataDir, name);
    }

    /** The same model and data under another configuration (a comparison's seed, a grid point). */
    public RunSetup withConfig(Config c) {
        return new RunSetup(catalogued, Wrappers.apply(catalogued, c), c, dataDir, datasetName);
    }

    /** The configured seed: the first of a seed list (MMRec's {@code seed: [999]}), where compare and sweeps start. */
    public long firstSeed() {
        Object v = config.get(Config.SEED);
        Object first = v instanceof List<?> l ? (l.isEmpty() ? null : l.get(0)) : v;
        if (!(first instanceof Number n)) throw new IllegalArgumentException("seed must be an integer, got " + v);
        return n.longValue();
    }

    /** How {@link #load} reads the folder under this configuration. */
    public DatasetOptions datasetOptions() {
        return datasetOptions(config, datasetName);
    }

    /** Reads the dataset, reporting its warnings and a one-line summary to {@code log}. */
    public Dataset load(TrainListener log) {
        Dataset d = Dataset.load(dataDir, datasetOptions());
        d.warnings().forEach(w -> log.message("warning: " + w));
        log.message(d.summary());
        return d;
    }

    private static ConfigLoader.Builder builder(ModelSpec model, Path userConfig, List<String> sets) {
        ConfigLoader.Builder b = ConfigLoader.builder()
                .model(model.name(), Layer.resource(model.yamlResource(), "model " + model.name() + ".yaml"))
                .wrapperNamedBy(WRAPPER, w -> Layer.resource(Wrappers.yamlResource(w),
                        "wrapper " + Wrappers.check(w).toUpperCase(Locale.ROOT) + ".yaml"))
                .protocolNamedBy(Protocol.KEY, p -> Protocol.parse(p).defaults())
                .strict(true);
        if (userConfig != null) b.user(Layer.file(userConfig));
        if (sets != null && !sets.isEmpty()) b.overrides(sets);
        return b;
    }

    private static Config resolved(ConfigLoader.Builder b, ModelSpec model, String dataset, boolean grid) {
        Config c = b.dataset(Layer.optionalResource("org/mmrec4j/datasets/" + dataset + ".yaml", "dataset " + dataset + ".yaml")).load();
        return grid ? withGrid(c, model.name(), b) : c;
    }

    private static String baseName(String file) {
        return file.endsWith(".inter") ? file.substring(0, file.length() - ".inter".length()) : file;
    }

    /** The model's grid as hyper-parameter lists; an axis the user set (--set, --config) keeps the user's values. */
    @SuppressWarnings("unchecked")
    private static Config withGrid(Config c, String model, ConfigLoader.Builder user) {
        Object space = c.find("grid").orElseThrow(() -> new IllegalArgumentException(model + " defines no grid"));
        List<String> hp = new ArrayList<>(c.hyperParameters());
        for (Map.Entry<String, Object> e : ((Map<String, Object>) space).entrySet()) {
            if (user.userValue(e.getKey()) == null) c = c.with(e.getKey(), e.getValue(), "model " + model + ".yaml grid");
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
