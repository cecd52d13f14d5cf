package org.mmrec4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    private Layer protocol;
    private Layer user;
    private List<String> overrides = List.of();
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
     * An evaluation protocol's defaults (such as the DiffMM protocol's seed and batch size), applied
     * after the dataset's model overrides and before the user's file and {@code --set}.
     */
    public Builder protocol(Layer layer) {
      this.protocol = layer;
      return this;
    }

    /** The user's {@code --config} file. */
    public Builder user(Layer layer) {
      this.user = layer;
      return this;
    }

    /** {@code --set key=value} items, applied last. */
    public Builder overrides(List<String> keyEqualsValue) {
      this.overrides = List.copyOf(keyEqualsValue);
      return this;
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

    public Config load() {
      Merger m = new Merger();
      m.add(defaults.read());
      Layer.Loaded datasetLoaded = dataset == null ? null : dataset.read();
      Layer.Loaded modelOverrides = null;
      if (datasetLoaded != null) {
        modelOverrides = extractModelOverrides(datasetLoaded);
        Map<String, Yaml.Node> rest = new LinkedHashMap<>(datasetLoaded.nodes());
        rest.remove(MODEL_OVERRIDES);
        m.add(new Layer.Loaded(datasetLoaded.label(), rest));
      }
      if (model != null) {
        m.add(model.read());
      }
      if (modelOverrides != null) {
        m.add(modelOverrides);
      }
      if (wrapper != null) {
        m.add(wrapper.read());
      }
      if (protocol != null) {
        m.add(protocol.read());
      }
      Set<String> known = new LinkedHashSet<>(m.keys());
      if (user != null) {
        m.add(checked(user.read(), known));
      }
      if (!overrides.isEmpty()) {
        m.add(checked(Layer.overrides(overrides).read(), known));
      }
      return m.build(editHint());
    }

    private Layer.Loaded checked(Layer.Loaded layer, Set<String> known) {
      if (strict) {
        for (String key : layer.nodes().keySet()) {
          if (!known.contains(key)) {
            String source = layer.source(key);
            throw new ConfigException(key, source, "unknown key " + key + " (from " + source + ")"
                + Suggest.didYouMean(key, known)
                + "; known keys come from the defaults, dataset and model YAML");
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
