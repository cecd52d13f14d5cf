package org.mmrec4j.config;

/**
 * A configuration error: a missing, mistyped, unknown or duplicated key, or an unreadable config
 * file. It carries the key and where its value came from so the message can point at the line to
 * edit.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String source;

  /**
   * @param key the offending key, or an empty string when the error is about a whole file
   * @param source where the value came from ("defaults.yaml line 12", "--set"), or the file name
   *     for whole-file errors; empty when unknown
   */
  public ConfigException(String key, String source, String message) {
    super(message);
    this.key = key == null ? "" : key;
    this.source = source == null ? "" : source;
  }

  public ConfigException(String key, String source, String message, Throwable cause) {
    this(key, source, message);
    initCause(cause);
  }

  /** The offending key; empty when the error concerns a whole file. */
  public String key() {
    return key;
  }

  /** Where the offending value came from; empty when there is no value (a missing key). */
  public String source() {
    return source;
  }
}
