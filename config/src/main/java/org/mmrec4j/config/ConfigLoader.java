package org.mmrec4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges config layers into a {@link Config}. The order is MMRec's plus our user layers: defaults,
 * dataset, model, the dataset's {@code model_overrides.<model>}, a training wrapper's YAML (when the
 * run wraps the model, e.g. GUIDER), the user's {@code --config} file, then {@code --set}. A later layer replaces a key's value, except {@code hyper_parameters}, whose
 * lists are concatenated so that a model adds grid axes to the dataset's instead of hiding them.
 */
public final class ConfigLoader {

  /** The dataset-YAML key holding per-model defaults: {@code model_overrides: {LightGCN: {...}}}. */
  public static final String MODEL_OVERRIDES = "model_overrides";

  private ConfigLoader() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Merges {@code layers} in order, without strictness; for tools and tests. */
  public static Config load(Layer... layers) {
    Merger m = new Merger();
    for (Layer layer : layers) {
      m.add(layer.read());
    }
    return m.build("your --config file");
  }

  /** Collects the layers; every layer is optional and the bundled defaults are used unless replaced. */
  public static final class Builder {
    private Layer defaults = Layer.defaults();
    private Layer dataset;
    private String modelName;
    private Layer model;
    private Layer wrapper;
    private String wrapperKey;
    private Function<String, Layer> wrapperByName;
    private Layer protocol;
    private String protocolKey;
    private Function<String, Layer> protocolByName;
    private Layer user;
    private Layer.Loaded userRead;
    private List<String> overrides = List.of();
    private Layer.Loaded overridesRead;
    private boolean strict;

    private Builder() {}

    /** Replaces the bundled defaults; pass {@link Layer#empty()} to start from nothing. */
    public Builder defaults(Layer layer) {
      this.defaults = Objects.requireNonNull(layer, "layer");
      return this;
    }

    public Builder dataset(Layer layer) {
      this.dataset = layer;
      return this;
    }

    /**
     * The model's YAML, and the name that selects {@code model_overrides.<name>} from the dataset.
     * The layer may be null when the model has no YAML but dataset overrides should still apply.
     */
    public Builder model(String name, Layer layer) {
      this.modelName = name;
      this.model = layer;
      return this;
    }

    /** A training wrapper's YAML (GUIDER.yaml), layered after the model's and before the user's keys. */
    public Builder wrapper(Layer layer) {
      this.wrapper = layer;
      return this;
    }

    /**
     * The wrapper's YAML is chosen by the value of {@code key} in any layer (the user's {@code --set}
     * included): {@code byName} maps that value to the layer, or throws for an unknown name. Without a
     * value for the key no wrapper layer is added.
     */
    public Builder wrapperNamedBy(String key, Function<String, Layer> byName) {
      this.wrapperKey = Objects.requireNonNull(key, "key");
      this.wrapperByName = Objects.requireNonNull(byName, "byName");
      return this;
    }

    /**
     * An evaluation protocol's defaults (such as the DiffMM protocol's seed and batch size), applied
     * after the dataset's model overrides and before the user's file and {@code --set}.
     */
    public Builder protocol(Layer layer) {
      this.protocol = layer;
      return this;
    }

    /**
     * The protocol's defaults are chosen by the value of {@code key} in any layer, the wrapper's
     * included; {@code byName} returns null for a protocol without defaults.
     */
    public Builder protocolNamedBy(String key, Function<String, Layer> byName) {
      this.protocolKey = Objects.requireNonNull(key, "key");
      this.protocolByName = Objects.requireNonNull(byName, "byName");
      return this;
    }

    /** The user's {@code --config} file. */
    public Builder user(Layer layer) {
      this.user = layer;
      this.userRead = null;
      return this;
    }

    /** {@code --set key=value} items, applied last. */
    public Builder overrides(List<String> keyEqualsValue) {
      this.overrides = List.copyOf(keyEqualsValue);
      this.overridesRead = null;
      return this;
    }

    /**
     * The value the user's layers ({@code --set}, then the {@code --config} file) give {@code key}, or
     * null; for keys that decide which other layers apply, such as the dataset's interaction file.
     * The user's layers are read once and reused by {@link #load()}.
     */
    public Object userValue(String key) {
      for (Layer.Loaded layer : new Layer.Loaded[] {overridesLoaded(), userLoaded()}) {
        if (layer != null && layer.nodes().containsKey(key)) {
          return Yaml.plain(layer.nodes().get(key));
        }
      }
      return null;
    }

    private Layer.Loaded userLoaded() {
      if (userRead == null && user != null) {
        userRead = user.read();
      }
      return userRead;
    }

    private Layer.Loaded overridesLoaded() {
      if (overridesRead == null && !overrides.isEmpty()) {
        overridesRead = Layer.overrides(overrides).read();
      }
      return overridesRead;
    }

    /**
     * When on, a key that appears only in the user file or {@code --set} and in none of the
     * defaults, dataset or model layers is an error with a "did you mean" suggestion, where MMRec
     * would silently ignore the typo.
     */
    public Builder strict(boolean on) {
      this.strict = on;
      return this;
    }

    /**
     * Reads every layer once and merges them. A wrapper or protocol named by a key
     * ({@link #wrapperNamedBy}, {@link #protocolNamedBy}) is looked up in the layers already read,
     * so choosing its YAML never reads a file twice.
     */
    public Config load() {
      List<Layer.Loaded> base = new ArrayList<>();
      base.add(defaults.read());
      Layer.Loaded datasetLoaded = dataset == null ? null : dataset.read();
      Layer.Loaded modelOverrides = null;
      if (datasetLoaded != null) {
        modelOverrides = extractModelOverrides(datasetLoaded);
        Map<String, Yaml.Node> rest = new LinkedHashMap<>(datasetLoaded.nodes());
        rest.remove(MODEL_OVERRIDES);
        base.add(new Layer.Loaded(datasetLoaded.label(), rest));
      }
      if (model != null) {
        base.add(model.read());
      }
      if (modelOverrides != null) {
        base.add(modelOverrides);
      }
      Layer.Loaded userLayer = userLoaded();
      Layer.Loaded overridesLayer = overridesLoaded();
      Layer.Loaded wrapperLayer = wrapper != null ? wrapper.read()
          : named(wrapperKey, wrapperByName, base, userLayer, overridesLayer);
      if (wrapperLayer != null) {
        base.add(wrapperLayer);
      }
      Layer.Loaded protocolLayer = protocol != null ? protocol.read()
          : named(protocolKey, protocolByName, base, userLayer, overridesLayer);
      if (protocolLayer != null) {
        base.add(protocolLayer);
      }
      Merger m = new Merger();
      base.forEach(m::add);
      Set<String> known = new LinkedHashSet<>(m.keys());
      Merger documented = m.copy();
      if (userLayer != null) {
        m.add(checked(userLayer, known, documented));
      }
      if (overridesLayer != null) {
        m.add(checked(overridesLayer, known, documented));
      }
      return m.build(editHint());
    }

    /** The layer {@code byName} gives for the merged value of {@code key}, or null when it has none. */
    private Layer.Loaded named(String key, Function<String, Layer> byName, List<Layer.Loaded> layers,
                               Layer.Loaded userLayer, Layer.Loaded overridesLayer) {
      if (key == null) {
        return null;
      }
      Merger probe = new Merger();
      layers.forEach(probe::add);
      if (userLayer != null) {
        probe.add(userLayer);
      }
      if (overridesLayer != null) {
        probe.add(overridesLayer);
      }
      Config merged = probe.build(editHint());
      if (!merged.has(key)) {
        return null;
      }
      Layer layer = byName.apply(merged.getString(key));
      return layer == null ? null : layer.read();
    }

    private Layer.Loaded checked(Layer.Loaded layer, Set<String> known, Merger documented) {
      if (strict) {
        for (String key : layer.nodes().keySet()) {
          if (!known.contains(key)) {
            String source = layer.source(key);
            throw new ConfigException(key, source, "unknown key " + key + " (from " + source + ")"
                + Suggest.didYouMean(key, known)
                + "; known keys come from the defaults, dataset and model YAML");
          }
          Config.Entry doc = documented.entry(key);
          Object given = Yaml.plain(layer.nodes().get(key));
          String expected = doc == null ? null : Kinds.mismatch(doc.value(), given);
          if (expected != null) {
            String source = layer.source(key);
            throw new ConfigException(key, source, key + " (from " + source + "): expected " + expected + " like the documented "
                + Yaml.write(doc.value()) + " (" + doc.source() + "), got " + Yaml.write(given));
          }
        }
      }
      return layer;
    }

    private Layer.Loaded extractModelOverrides(Layer.Loaded dataset) {
      Yaml.Node all = dataset.nodes().get(MODEL_OVERRIDES);
      if (all == null || all.value() == null) {
        return null;
      }
      if (!(all.value() instanceof Map<?, ?> byModel)) {
        String source = dataset.source(MODEL_OVERRIDES);
        throw new ConfigException(MODEL_OVERRIDES, source, MODEL_OVERRIDES + " (from " + source
            + "): expected a mapping of model name to keys, got " + Yaml.write(all.value()));
      }
      if (modelName == null || !byModel.containsKey(modelName)) {
        return null;
      }
      Yaml.Node forModel = (Yaml.Node) byModel.get(modelName);
      String label = dataset.label() + " " + MODEL_OVERRIDES + "." + modelName;
      if (forModel.value() == null) {
        return null;
      }
      if (!(forModel.value() instanceof Map<?, ?> keys)) {
        String source = label + " line " + forModel.line();
        throw new ConfigException(MODEL_OVERRIDES + "." + modelName, source, MODEL_OVERRIDES + "."
            + modelName + " (from " + source + "): expected a mapping of keys, got "
            + Yaml.write(Yaml.plain(forModel)));
      }
      Map<String, Yaml.Node> nodes = new LinkedHashMap<>();
      keys.forEach((k, v) -> nodes.put((String) k, (Yaml.Node) v));
      return new Layer.Loaded(label, nodes);
    }

    String editHint() {
      return model == null ? "your --config file" : model.label() + " or your --config file";
    }
  }

  /** Applies layers in order, concatenating {@code hyper_parameters}. */
  private static final class Merger {
    private final Map<String, Config.Entry> entries = new LinkedHashMap<>();

    Set<String> keys() {
      return entries.keySet();
    }

    Config.Entry entry(String key) {
      return entries.get(key);
    }

    Merger copy() {
      Merger m = new Merger();
      m.entries.putAll(entries);
      return m;
    }

    void add(Layer.Loaded layer) {
      for (Map.Entry<String, Yaml.Node> e : layer.nodes().entrySet()) {
        String key = e.getKey();
        String source = layer.source(key);
        Object value = Yaml.plain(e.getValue());
        if (key.equals(Config.HYPER_PARAMETERS)) {
          addHyperParameters(value, source);
        } else {
          entries.put(key, new Config.Entry(value, source));
        }
      }
    }

    private void addHyperParameters(Object value, String source) {
      List<?> names = value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
      Set<String> merged = new LinkedHashSet<>();
      Config.Entry previous = entries.get(Config.HYPER_PARAMETERS);
      if (previous != null) {
        for (Object o : (List<?>) previous.value()) {
          merged.add((String) o);
        }
      }
      for (Object name : names) {
        if (!(name instanceof String s)) {
          throw new ConfigException(Config.HYPER_PARAMETERS, source, Config.HYPER_PARAMETERS + " (from "
              + source + "): expected a list of key names, got " + Yaml.write(value));
        }
        merged.add(s);
      }
      String mergedSource = previous == null ? source : previous.source() + " + " + source;
      entries.put(Config.HYPER_PARAMETERS, new Config.Entry(List.copyOf(new ArrayList<>(merged)), mergedSource));
    }

    Config build(String editHint) {
      return new Config(entries, Map.of(), editHint);
    }
  }
}
