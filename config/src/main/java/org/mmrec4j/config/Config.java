package org.mmrec4j.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable, flat map from MMRec-style keys ({@code embedding_size}, {@code reg_weight}) to
 * values, where every value remembers its source ("model LightGCN.yaml line 4"). Getters are
 * strict: a missing key or a value of the wrong type throws a {@link ConfigException} that names
 * the key, the source and the file to edit, instead of returning a silent default.
 *
 * <p>Equality compares keys and values only; sources and grid choices are provenance.
 */
public final class Config {

  /** The key whose lists are concatenated across layers and whose entries are grid axes. */
  public static final String HYPER_PARAMETERS = "hyper_parameters";
  /** Always a hyper-parameter, and always the first (outermost) grid axis, as in MMRec. */
  public static final String SEED = "seed";

  /** A value and where it came from. */
  record Entry(Object value, String source) {}

  private static volatile Config defaults;

  private final Map<String, Entry> entries;
  private final Map<String, Object> combo;
  private final String editHint;

  Config(Map<String, Entry> entries, Map<String, Object> combo, String editHint) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.combo = Collections.unmodifiableMap(new LinkedHashMap<>(combo));
    this.editHint = editHint;
  }

  /** A config holding {@code values}, each with the given source; handy for tests and tools. */
  public static Config of(Map<String, ?> values, String source) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    values.forEach((k, v) -> entries.put(k, new Entry(Yaml.normalize(v, k), source)));
    return new Config(entries, Map.of(), "your --config file");
  }

  /** The bundled {@code defaults.yaml} alone (MMRec's {@code overall.yaml} plus mmrec4j keys). */
  public static Config defaults() {
    Config d = defaults;
    if (d == null) {
      d = ConfigLoader.builder().defaults(Layer.defaults()).load();
      defaults = d;
    }
    return d;
  }

  // ---- typed getters -------------------------------------------------------------------------

  public int getInt(String key) {
    Object v = get(key);
    if (v instanceof Integer i) {
      return i;
    }
    throw wrongType(key, v, v instanceof Long ? "an integer that fits in 32 bits" : "an integer");
  }

  public long getLong(String key) {
    Object v = get(key);
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw wrongType(key, v, "an integer");
  }

  /** Accepts integers too, since YAML writes {@code reg_weight: 1} for 1.0. */
  public double getDouble(String key) {
    Object v = get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(key, v, "a number");
  }

  public float getFloat(String key) {
    return (float) getDouble(key);
  }

  /**
   * Accepts YAML booleans and the strings "true"/"false" in any case: MMRec configs and Python
   * callers write {@code "True"} and {@code "False"}.
   */
  public boolean getBoolean(String key) {
    Object v = get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw wrongType(key, v, "true or false");
  }

  public String getString(String key) {
    Object v = get(key);
    if (v instanceof String s) {
      return s;
    }
    throw wrongType(key, v, "a string");
  }

  /** A list of integers; a single integer reads as a one-element list. */
  public List<Integer> getIntList(String key) {
    List<Integer> out = new ArrayList<>();
    for (Object e : asList(key)) {
      if (!(e instanceof Integer i)) {
        throw wrongType(key, get(key), "a list of integers");
      }
      out.add(i);
    }
    return Collections.unmodifiableList(out);
  }

  /** A list of numbers as doubles; a single number reads as a one-element list. */
  public List<Double> getDoubleList(String key) {
    List<Double> out = new ArrayList<>();
    for (Object e : asList(key)) {
      if (!(e instanceof Number n)) {
        throw wrongType(key, get(key), "a list of numbers");
      }
      out.add(n.doubleValue());
    }
    return Collections.unmodifiableList(out);
  }

  /** A list of strings; a single string reads as a one-element list ({@code metrics: Recall}). */
  public List<String> getStringList(String key) {
    List<String> out = new ArrayList<>();
    for (Object e : asList(key)) {
      if (!(e instanceof String s)) {
        throw wrongType(key, get(key), "a list of strings");
      }
      out.add(s);
    }
    return Collections.unmodifiableList(out);
  }

  private List<?> asList(String key) {
    Object v = get(key);
    return v instanceof List<?> l ? l : List.of(v);
  }

  // ---- untyped access ------------------------------------------------------------------------

  /** Whether {@code key} has a usable value, in the same sense as {@link #find}. */
  public boolean has(String key) {
    return find(key).isPresent();
  }

  /**
   * The value of {@code key}, or empty when the key is absent, YAML null, or the string "None".
   * "None" counts as absent because MMRec configs are written for Python, where for example
   * GUIDER's {@code vision_feature_file: None} means "no file", not a file called None.
   */
  public Optional<Object> find(String key) {
    Entry e = entries.get(key);
    if (e == null || e.value() == null || "None".equals(e.value())) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  /** The value of {@code key}; throws naming the file to edit when {@link #find} would be empty. */
  public Object get(String key) {
    Optional<Object> v = find(key);
    if (v.isPresent()) {
      return v.get();
    }
    Entry e = entries.get(key);
    if (e != null) {
      throw new ConfigException(key, e.source(), key + " (from " + e.source() + ") has no value ("
          + Yaml.write(e.value()) + "); set it in " + editHint);
    }
    throw new ConfigException(key, "", "missing key " + key + ": add \"" + key + ": <value>\" to "
        + editHint + Suggest.didYouMean(key, entries.keySet()));
  }

  /** Where the value of {@code key} came from, such as "defaults.yaml line 12" or "--set". */
  public String source(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      throw new ConfigException(key, "", "missing key " + key + Suggest.didYouMean(key, entries.keySet()));
    }
    return e.source();
  }

  /** All keys, including those whose value is null, in first-defined order. */
  public Set<String> keys() {
    return entries.keySet();
  }

  /** A copy with {@code key} set to {@code value}. */
  public Config with(String key, Object value, String source) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    Map<String, Entry> copy = new LinkedHashMap<>(entries);
    copy.put(key, new Entry(Yaml.normalize(value, key), source));
    return new Config(copy, combo, editHint);
  }

  // ---- grid ----------------------------------------------------------------------------------

  /**
   * The {@code hyper_parameters} of all layers in layer order without duplicates, with {@code seed}
   * moved to the front: MMRec always searches over seeds, outermost.
   */
  public List<String> hyperParameters() {
    Set<String> names = new LinkedHashSet<>();
    names.add(SEED);
    Entry e = entries.get(HYPER_PARAMETERS);
    if (e != null && e.value() != null) {
      Object v = e.value();
      for (Object name : v instanceof List<?> l ? l : List.of(v)) {
        if (!(name instanceof String s)) {
          throw wrongType(HYPER_PARAMETERS, v, "a list of key names");
        }
        names.add(s);
      }
    }
    return List.copyOf(names);
  }

  /**
   * One config per point of the Cartesian product over the hyper-parameters, in
   * {@link #hyperParameters()} order with the last-named one varying fastest (MMRec's order). A
   * list value is an axis, a scalar a one-value axis; a missing or null hyper-parameter is left as
   * it is and not reported in {@link #comboValues()}.
   */
  public List<Config> expandGrid() {
    List<String> axisKeys = new ArrayList<>();
    List<List<?>> axes = new ArrayList<>();
    for (String key : hyperParameters()) {
      Entry e = entries.get(key);
      if (e == null || e.value() == null) {
        continue; // MMRec's [None] axis: one value that changes nothing
      }
      List<?> values = e.value() instanceof List<?> l ? l : List.of(e.value());
      if (values.isEmpty()) {
        throw new ConfigException(key, e.source(), key + " (from " + e.source()
            + ") is an empty list, so the hyper-parameter grid would be empty; give it at least one value");
      }
      axisKeys.add(key);
      axes.add(values);
    }
    List<Config> out = new ArrayList<>();
    int[] index = new int[axes.size()];
    while (true) {
      Map<String, Entry> copy = new LinkedHashMap<>(entries);
      Map<String, Object> chosen = new LinkedHashMap<>();
      for (int a = 0; a < axes.size(); a++) {
        String key = axisKeys.get(a);
        Object value = axes.get(a).get(index[a]);
        String source = entries.get(key).source();
        if (entries.get(key).value() instanceof List<?>) {
          source += " (grid value " + (index[a] + 1) + " of " + axes.get(a).size() + ")";
        }
        copy.put(key, new Entry(value, source));
        chosen.put(key, value);
      }
      out.add(new Config(copy, chosen, editHint));
      // Odometer: the last axis turns fastest.
      int a = axes.size() - 1;
      while (a >= 0 && ++index[a] == axes.get(a).size()) {
        index[a] = 0;
        a--;
      }
      if (a < 0) {
        return Collections.unmodifiableList(out);
      }
    }
  }

  /** The hyper-parameter values chosen for this grid point, in axis order; empty outside a grid. */
  public Map<String, Object> comboValues() {
    return combo;
  }

  // ---- output --------------------------------------------------------------------------------

  /**
   * The resolved config as YAML, keys sorted, each followed by its source as a comment. Loading the
   * text back gives an equal config.
   */
  public String toYaml() {
    StringBuilder sb = new StringBuilder("# Resolved mmrec4j config; each comment says where the value came from.\n");
    for (String key : new TreeSet<>(entries.keySet())) {
      Entry e = entries.get(key);
      sb.append(Yaml.key(key)).append(": ").append(Yaml.write(e.value()))
          .append("  # from ").append(e.source().replace('\n', ' ')).append('\n');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Config other)) {
      return false;
    }
    if (!entries.keySet().equals(other.entries.keySet())) {
      return false;
    }
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!Objects.equals(e.getValue().value(), other.entries.get(e.getKey()).value())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      h += e.getKey().hashCode() ^ Objects.hashCode(e.getValue().value());
    }
    return h;
  }

  @Override
  public String toString() {
    Map<String, Object> values = new LinkedHashMap<>();
    entries.forEach((k, e) -> values.put(k, e.value()));
    return "Config" + values;
  }

  private ConfigException wrongType(String key, Object value, String expected) {
    String source = entries.get(key).source();
    return new ConfigException(key, source, key + " (from " + source + "): expected " + expected
        + ", got " + Yaml.write(value));
  }
}
