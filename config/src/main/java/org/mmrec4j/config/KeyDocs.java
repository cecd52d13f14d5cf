package org.mmrec4j.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documentation a config YAML carries in its own comments, read from the YAML text (YAML parsers
 * drop comments). The YAML stays the one source: {@code mmrec4j models NAME}, {@code models --common} and
 * docs/models.md print what this reads, and no Java code holds a second copy of a key's meaning.
 *
 * <p>The layout it reads, the one every shipped YAML follows:
 *
 * <pre>
 * # header comment lines (before the first key)
 * # --- section title ---                       (optional; groups the keys below it)
 * key: value        # type[ range]: meaning
 * # a comment just before grid: is the grid's note
 * grid:
 *   key: [v1, v2]
 * </pre>
 *
 * A key's comment is {@code type[ range]: meaning}: the type is one of {@link #TYPES}, optionally
 * followed by {@code " or null"}; the range, when present, is the rest up to the first {@code ": "}
 * (e.g. {@code in [0, 1)}, {@code >= 1}, {@code one of pyg, paper}); the meaning is what follows. A
 * top-level key without such a comment is an error naming the file and line.
 */
public record KeyDocs(String source, List<String> header, List<Section> sections, List<GridAxis> grid, String gridNote) {

  /** The value types a key comment may name. */
  public static final List<String> TYPES = List.of(
      "int", "float", "bool", "string", "list<int>", "list<float>", "list<string>", "[float, int]", "map<string,string>");

  /** One documented top-level key: its default as written in the YAML, and its comment split up. */
  public record Key(String name, String value, String type, String range, String meaning, int line) {}

  /** Keys under one {@code # --- title ---} comment; the title is empty for keys before any such comment. */
  public record Section(String title, List<Key> keys) {}

  /** One axis of the {@code grid:} block, values as written. */
  public record GridAxis(String key, String values) {}

  private static final Pattern TOP_KEY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*):(.*)$");
  private static final Pattern GRID_KEY = Pattern.compile("^\\s+([A-Za-z_][A-Za-z0-9_]*):(.*)$");
  private static final Pattern SECTION = Pattern.compile("^#\\s*---\\s*(.*?)\\s*---\\s*$");

  public KeyDocs {
    header = List.copyOf(header);
    sections = List.copyOf(sections);
    grid = List.copyOf(grid);
  }

  /** Every documented key, in file order. */
  public List<Key> keys() {
    List<Key> all = new ArrayList<>();
    for (Section s : sections) all.addAll(s.keys());
    return all;
  }

  /** The documentation of a classpath YAML, e.g. {@code org/mmrec4j/models/FREEDOM.yaml}. */
  public static KeyDocs resource(String path) {
    try (InputStream in = KeyDocs.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new ConfigException("", path, "no resource " + path + " on the classpath");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Reads the documentation of YAML {@code text}; {@code source} names it in errors. */
  public static KeyDocs parse(String text, String source) {
    List<String> header = new ArrayList<>();
    List<Section> sections = new ArrayList<>();
    List<GridAxis> grid = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    String gridNote = "";
    String title = "";
    List<Key> keys = new ArrayList<>();
    boolean seenKey = false;
    boolean inGrid = false;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int lineNo = i + 1;
      if (line.isBlank()) continue;
      if (inGrid && Character.isWhitespace(line.charAt(0))) {
        Matcher g = GRID_KEY.matcher(line);
        if (g.matches()) grid.add(new GridAxis(g.group(1), splitComment(g.group(2))[0]));
        continue;
      }
      inGrid = false;
      if (line.startsWith("#")) {
        Matcher s = SECTION.matcher(line);
        if (s.matches()) {
          if (!keys.isEmpty() || !title.isEmpty()) sections.add(new Section(title, keys));
          title = s.group(1);
          keys = new ArrayList<>();
          pending.clear();
        } else {
          String c = line.substring(1).strip();
          (seenKey ? pending : header).add(c);
        }
        continue;
      }
      Matcher m = TOP_KEY.matcher(line);
      if (!m.matches()) continue; // continuation lines of a block value; no shipped YAML has one
      seenKey = true;
      String name = m.group(1);
      String[] valueAndComment = splitComment(m.group(2));
      if (name.equals("grid")) {
        gridNote = String.join(" ", pending);
        inGrid = true;
      } else {
        keys.add(key(name, valueAndComment[0], valueAndComment[1], source, lineNo));
      }
      pending.clear();
    }
    if (!keys.isEmpty() || !title.isEmpty()) sections.add(new Section(title, keys));
    return new KeyDocs(source, header, sections, grid, gridNote);
  }

  private static Key key(String name, String value, String comment, String source, int line) {
    String where = source + " line " + line;
    if (comment == null) {
      throw new ConfigException(name, where, name + " (" + where + ") has no comment; write `" + name
          + ": value   # type[ range]: meaning`");
    }
    int colon = comment.indexOf(": ");
    if (colon < 0) {
      throw new ConfigException(name, where, name + " (" + where + "): the comment must read `type[ range]: meaning`, got '"
          + comment + "'");
    }
    String head = comment.substring(0, colon).strip();
    String meaning = comment.substring(colon + 2).strip();
    String type = null;
    for (String t : TYPES) {
      for (String candidate : List.of(t + " or null", t)) {
        if ((head.equals(candidate) || head.startsWith(candidate + " "))
            && (type == null || candidate.length() > type.length())) {
          type = candidate;
        }
      }
    }
    if (type == null) {
      throw new ConfigException(name, where, name + " (" + where + "): the comment's type '" + head
          + "' is none of " + String.join(", ", TYPES) + " (optionally '<type> or null')");
    }
    String range = head.substring(type.length()).strip();
    if (meaning.isEmpty()) {
      throw new ConfigException(name, where, name + " (" + where + "): the comment has a type but no meaning");
    }
    return new Key(name, value, type, range, meaning, line);
  }

  /** {value, comment or null}: the comment starts at the first '#' outside quotes that follows whitespace. */
  private static String[] splitComment(String rest) {
    char quote = 0;
    for (int i = 0; i < rest.length(); i++) {
      char ch = rest.charAt(i);
      if (quote != 0) {
        if (ch == '\\' && quote == '"') i++;
        else if (ch == quote) quote = 0;
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '#' && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
        return new String[] {rest.substring(0, i).strip(), rest.substring(i + 1).strip()};
      }
    }
    return new String[] {rest.strip(), null};
  }
}
