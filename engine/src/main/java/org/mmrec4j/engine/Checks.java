package org.mmrec4j.engine;

/** Argument checks whose message is formatted only when the check fails. */
public final class Checks {
    private Checks() {}

    public static void arg(boolean ok, String template, Object... args) {
        if (!ok) throw new IllegalArgumentException(String.format(template, args));
    }

    public static void state(boolean ok, String template, Object... args) {
        if (!ok) throw new IllegalStateException(String.format(template, args));
    }
}
