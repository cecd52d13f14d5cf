package org.mmrec4j.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One source of config keys: a classpath resource, a file, literal YAML, or {@code --set}
 * overrides. A layer is read when the {@link ConfigLoader} loads it, so a missing file is reported
 * together with the other config errors.
 */
public final class Layer {

  /** Classpath location of the bundled defaults. */
  public static final String DEFAULTS_RESOURCE = "org/mmrec4j/config/defaults.yaml";

  /** A read layer: its keys with line numbers (0 when there are none, as for {@code --set}). */
  record Loaded(String label, Map<String, Yaml.Node> nodes) {
    String source(String key) {
      int line = nodes.get(key).line();
      return line > 0 ? label + " line " + line : label;
    }
  }

  private final String label;
  private final Supplier<Loaded> reader;

  private Layer(String label, Supplier<Loaded> reader) {
    this.label = label;
    this.reader = reader;
  }

  /** The label that prefixes this layer's sources, such as "model LightGCN.yaml". */
  public String label() {
    return label;
  }

  Loaded read() {
    return reader.get();
  }

  /** The bundled {@code defaults.yaml}. */
  public static Layer defaults() {
    return resource(DEFAULTS_RESOURCE, "defaults.yaml");
  }

  /** A layer with no keys, to leave out a layer such as the defaults. */
  public static Layer empty() {
    return new Layer("(empty)", () -> new Loaded("(empty)", Map.of()));
  }

  /** A classpath resource that must exist, such as a model's YAML. */
  public static Layer resource(String classpathPath, String label) {
    return resource(classpathPath, label, true);
  }

  /** A classpath resource that may be absent, for example a model without its own YAML. */
  public static Layer optionalResource(String classpathPath, String label) {
    return resource(classpathPath, label, false);
  }

  private static Layer resource(String classpathPath, String label, boolean required) {
    Objects.requireNonNull(classpathPath, "classpathPath");
    Objects.requireNonNull(label, "label");
    String path = classpathPath.startsWith("/") ? classpathPath.substring(1) : classpathPath;
    return new Layer(label, () -> {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null || loader.getResource(path) == null) {
        loader = Layer.class.getClassLoader();
      }
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          if (required) {
            throw new ConfigException("", label, label + ": classpath resource " + path + " not found");
          }
          return new Loaded(label, Map.of());
        }
        return new Loaded(label, Yaml.readMapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), label));
      } catch (IOException e) {
        throw new UncheckedIOException("reading classpath resource " + path, e);
      }
    });
  }

  /** A YAML file that must exist; its sources read "/path/user.yaml line 3". */
  public static Layer file(Path path) {
    return file(path, path.toString(), true);
  }

  /** A YAML file that must exist, with a custom label such as "dataset baby.yaml". */
  public static Layer file(Path path, String label) {
    return file(path, label, true);
  }

  /** A YAML file that is silently skipped when absent. */
  public static Layer optionalFile(Path path) {
    return file(path, path.toString(), false);
  }

  private static Layer file(Path path, String label, boolean required) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    return new Layer(label, () -> {
      if (!Files.exists(path)) {
        if (required) {
          throw new ConfigException("", path.toString(), "config file not found: " + path.toAbsolutePath());
        }
        return new Loaded(label, Map.of());
      }
      if (Files.isDirectory(path)) {
        throw new ConfigException("", path.toString(), "config path " + path.toAbsolutePath()
            + " is a directory, not a file. Fix: pass the YAML file");
      }
      if (!Files.isRegularFile(path)) {
        throw new ConfigException("", path.toString(), "config path " + path.toAbsolutePath()
            + " is not a regular file (a FIFO, device or socket). Fix: save the config to a file");
      }
      try {
        return new Loaded(label, Yaml.readMapping(Files.readString(path, StandardCharsets.UTF_8), label));
      } catch (IOException e) {
        throw new ConfigException("", path.toString(), "cannot read config file " + path.toAbsolutePath()
            + ": " + reason(e), e);
      }
    });
  }

  /** Why reading failed, in words: the JDK's exceptions often carry only the path (engine.io.IoReasons, which config may not use). */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    if (e instanceof java.nio.file.NoSuchFileException) return "not found";
    String msg = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }

  /** Literal YAML text, for tests and generated configs. */
  public static Layer yaml(String text, String label) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    return new Layer(label, () -> new Loaded(label, Yaml.readMapping(text, label)));
  }

  /** Values from code, such as CLI options that are not {@code --set}; sources are the label. */
  public static Layer values(Map<String, ?> values, String label) {
    Objects.requireNonNull(label, "label");
    Map<String, Yaml.Node> nodes = new LinkedHashMap<>();
    values.forEach((k, v) -> nodes.put(k, new Yaml.Node(Yaml.normalize(v, k), 0)));
    Map<String, Yaml.Node> frozen = Collections.unmodifiableMap(nodes);
    return new Layer(label, () -> new Loaded(label, frozen));
  }

  /**
   * {@code --set key=value} overrides. The value is read as one YAML value, so
   * {@code reg_weight=[0.1,0.01]} is a list, {@code learning_rate=1e-4} a double and
   * {@code mirror_gradient=false} a boolean; a later repeat of a key wins.
   */
  public static Layer overrides(List<String> keyEqualsValue) {
    List<String> items = List.copyOf(keyEqualsValue);
    String label = "--set";
    return new Layer(label, () -> {
      Map<String, Yaml.Node> nodes = new LinkedHashMap<>();
      for (String item : items) {
        int eq = item.indexOf('=');
        String key = eq < 0 ? "" : item.substring(0, eq).trim();
        if (key.isEmpty()) {
          throw new ConfigException("", label, "--set expects key=value, got \"" + item + "\"");
        }
        nodes.remove(key); // keep the last repeat, in its own position
        nodes.put(key, new Yaml.Node(Yaml.readValue(item.substring(eq + 1), key, label), 0));
      }
      return new Loaded(label, Collections.unmodifiableMap(nodes));
    });
  }

  @Override
  public String toString() {
    return "Layer[" + label + "]";
  }
}
