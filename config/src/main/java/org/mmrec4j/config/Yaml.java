package org.mmrec4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading and writing the small YAML subset configs use: a mapping of keys to scalars, lists and
 * nested mappings. Values come out as Integer, Long, Double, Boolean, String, null, unmodifiable
 * List and unmodifiable LinkedHashMap, so equal configs compare equal however they were built.
 */
final class Yaml {

  /** A parsed value with the 1-based line it started on; mapping values are {@code Map<String, Node>}. */
  record Node(Object value, int line) {}

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private Yaml() {}

  /**
   * Parses a document whose top level must be a mapping; an empty document is an empty mapping.
   * Duplicate keys at any depth are errors, because YAML silently keeps the last one.
   */
  static Map<String, Node> readMapping(String text, String label) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Collections.emptyMap();
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException("", label, label + ": the top level must be a mapping of key: value lines, found "
            + describe(first));
      }
      Map<String, Node> map = readObject(p, label, "");
      if (p.nextToken() != null) {
        throw new ConfigException("", label, label + " line " + p.currentTokenLocation().getLineNr()
            + ": a second YAML document ('---') is not supported; put all keys in one mapping");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new ConfigException("", label, label + ": invalid YAML at line " + errorLine(e) + ": " + oneLine(e), e);
    } catch (IOException e) {
      throw new ConfigException("", label, label + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** SnakeYAML's " in 'reader', line 2, column 1:" marks; the last one is the problem's (the first may be its context's). */
  private static final Pattern MARK = Pattern.compile("line (\\d+), column \\d+:");

  /**
   * The 1-based line of a parse error: that of the problem mark in the scanner's message (a tab on line 2
   * is reported there), else the parser's location, which can lag behind at the start of the token.
   */
  static int errorLine(JsonProcessingException e) {
    String msg = String.valueOf(e.getOriginalMessage());
    java.util.regex.Matcher m = MARK.matcher(msg);
    int line = -1;
    while (m.find()) line = Integer.parseInt(m.group(1));
    if (line > 0) return line;
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }

  /** The scanner's message without its marks, quoted source lines and carets: one line. */
  private static String oneLine(JsonProcessingException e) {
    String text = String.valueOf(e.getOriginalMessage()).lines()
        .filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("\t"))
        .map(String::strip)
        .collect(java.util.stream.Collectors.joining("; "));
    return text.isEmpty() ? String.valueOf(e.getOriginalMessage()).strip().replace('\n', ' ') : text;
  }

  /** Parses one YAML value (a scalar or flow collection), as used by {@code --set key=value}. */
  static Object readValue(String text, String key, String source) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      Object v = plain(readNode(p, t, source, key));
      if (p.nextToken() != null) {
        throw new ConfigException(key, source, key + " (from " + source + "): cannot parse value \""
            + text + "\" as one YAML value");
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new ConfigException(key, source, key + " (from " + source + "): cannot parse value \""
          + text + "\": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(key, source, key + " (from " + source + "): " + e.getMessage(), e);
    }
  }

  private static Map<String, Node> readObject(JsonParser p, String label, String path) throws IOException {
    Map<String, Node> map = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      Node previous = map.get(name);
      if (previous != null) {
        String full = path + name;
        throw new ConfigException(full, label + " line " + line, "duplicate key " + full + " in " + label
            + ": lines " + previous.line() + " and " + line + "; keep one");
      }
      Node value = readNode(p, p.nextToken(), label, path + name);
      map.put(name, new Node(value.value(), line));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new ConfigException(path, label, label + ": unexpected " + describe(t) + " in a mapping");
    }
    return Collections.unmodifiableMap(map);
  }

  private static Node readNode(JsonParser p, JsonToken t, String label, String path) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT:
        return new Node(readObject(p, label, path + "."), line);
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(plain(readNode(p, e, label, path)));
        }
        return new Node(Collections.unmodifiableList(list), line);
      }
      case VALUE_STRING:
        return new Node(p.getText(), line);
      case VALUE_TRUE:
        return new Node(Boolean.TRUE, line);
      case VALUE_FALSE:
        return new Node(Boolean.FALSE, line);
      case VALUE_NULL:
        return new Node(null, line);
      case VALUE_NUMBER_INT: {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          BigInteger big = p.getBigIntegerValue();
          throw new ConfigException(path, label + " line " + line, path + " (from " + label + " line " + line
              + "): integer " + big + " does not fit in 64 bits");
        }
        return new Node(normalizeNumber(p.getLongValue()), line);
      }
      case VALUE_NUMBER_FLOAT:
        // Jackson resolves plain 1e-4 / 1E5 / -2e-3 as floats (PyYAML's YAML 1.1 would not, which is
        // why MMRec adds a float resolver); we parse the text ourselves to also accept .inf / .nan.
        return new Node(parseFloat(p.getText()), line);
      default:
        throw new ConfigException(path, label + " line " + line, label + " line " + line
            + ": unsupported YAML " + describe(t) + " for " + path);
    }
  }

  private static Double parseFloat(String text) {
    String s = text.replace("_", "");
    String lower = s.toLowerCase();
    switch (lower) {
      case ".inf":
      case "+.inf":
        return Double.POSITIVE_INFINITY;
      case "-.inf":
        return Double.NEGATIVE_INFINITY;
      case ".nan":
        return Double.NaN;
      default:
        return Double.valueOf(s);
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_ARRAY:
        return "a list";
      case START_OBJECT:
        return "a mapping";
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
      case VALUE_TRUE:
      case VALUE_FALSE:
      case VALUE_NULL:
        return "a single value";
      default:
        return t.toString();
    }
  }

  /** Strips line numbers from a node tree. */
  static Object plain(Node node) {
    Object v = node.value();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        // Values from --set or code are plain already; only parsed files carry nodes.
        out.put((String) e.getKey(), e.getValue() instanceof Node n ? plain(n) : e.getValue());
      }
      return Collections.unmodifiableMap(out);
    }
    return v;
  }

  /** Converts a Java value to the canonical immutable form; rejects types YAML cannot express. */
  static Object normalize(Object v, String key) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Double) {
      return v;
    }
    if (v instanceof Long || v instanceof Short || v instanceof Byte) {
      return normalizeNumber(((Number) v).longValue());
    }
    if (v instanceof Float f) {
      // Via the decimal text so 0.1f becomes 0.1, not 0.10000000149011612.
      return Double.valueOf(Float.toString(f));
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(normalize(e, key));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("config value for " + key + ": map keys must be strings, got "
              + e.getKey());
        }
        out.put(k, normalize(e.getValue(), key + "." + k));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException("config value for " + key + ": unsupported type "
        + v.getClass().getName() + " (use numbers, booleans, strings, lists or maps)");
  }

  private static Object normalizeNumber(long v) {
    // One boxed type per integer value, so 1 from YAML equals 1L from code. (Not a ?: expression:
    // that would unbox both branches to long and box a Long again.)
    if (v == (int) v) {
      return Integer.valueOf((int) v);
    }
    return Long.valueOf(v);
  }

  /** Writes a value in YAML flow style, quoting every string so it loads back as a string. */
  static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(s, sb);
    } else if (v instanceof Double d) {
      if (d.isNaN()) {
        sb.append(".nan");
      } else if (d.isInfinite()) {
        sb.append(d > 0 ? ".inf" : "-.inf");
      } else {
        sb.append(d);
      }
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        write(list.get(i), sb);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(key((String) e.getKey())).append(": ");
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else {
      sb.append(v);
    }
  }

  /** A mapping key, bare when it is a plain identifier and quoted otherwise. */
  static String key(String k) {
    if (PLAIN_KEY.matcher(k).matches() && !isReservedWord(k)) {
      return k;
    }
    StringBuilder sb = new StringBuilder();
    quote(k, sb);
    return sb.toString();
  }

  private static boolean isReservedWord(String k) {
    // Bare keys like "yes" or "null" would be read back as booleans or null by YAML 1.1 parsers.
    switch (k.toLowerCase()) {
      case "y": case "n": case "yes": case "no": case "on": case "off":
      case "true": case "false": case "null":
        return true;
      default:
        return false;
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\t': sb.append("\\t"); break;
        case '\r': sb.append("\\r"); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
