package org.mmrec4j.engine;

/** Argument checks whose message is formatted only when the check fails. */
public final class Checks {
    private Checks() {}

    public static void arg(boolean ok, String template, Object... args) {
        if (!ok) throw new IllegalArgumentException(String.format(template, args));
    }

    /**
     * Option checks for keys that must be >= 0, given as (key, value) pairs: the first negative (or NaN)
     * value fails with "key must be >= 0, got value".
     */
    public static void nonNegative(Object... keysAndValues) {
        arg(keysAndValues.length % 2 == 0, "nonNegative takes (key, value) pairs, got %s arguments", keysAndValues.length);
        for (int k = 0; k < keysAndValues.length; k += 2) {
            Number v = (Number) keysAndValues[k + 1];
            arg(v.doubleValue() >= 0, "%s must be >= 0, got %s", keysAndValues[k], v);
        }
    }

    public static void state(boolean ok, String template, Object... args) {
        if (!ok) throw new IllegalStateException(String.format(template, args));
    }
}
