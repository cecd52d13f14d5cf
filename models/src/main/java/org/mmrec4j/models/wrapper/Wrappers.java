package org.mmrec4j.models.wrapper;

import java.util.Locale;
import org.mmrec4j.config.Config;
import org.mmrec4j.models.ModelSpec;

/**
 * Training wrappers selected by the config key {@code wrapper} (null: none). A wrapper builds the
 * model from the catalogue as usual and wraps it; its keys live in its own YAML, layered after the
 * model's ({@link #yamlResource}).
 */
public final class Wrappers {
    public static final String GUIDER = "guider";
    private static final String SUFFIX = "+GUIDER";

    private Wrappers() {}

    /** The canonical wrapper name, or an error listing the valid ones. */
    public static String check(String name) {
        if (name.toLowerCase(Locale.ROOT).equals(GUIDER)) return GUIDER;
        throw new IllegalArgumentException("unknown wrapper '" + name + "'; available: " + GUIDER + " (or null for none)");
    }

    /** The catalogue name inside a wrapped name ("BM3+GUIDER" → "BM3"); other names unchanged. */
    public static String studentName(String name) {
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /** The classpath YAML with the wrapper's keys and defaults. */
    public static String yamlResource(String name) {
        check(name);
        return "org/mmrec4j/models/GUIDER.yaml";
    }

    /**
     * The spec to build: {@code model} itself, or the wrapped model when the config names a wrapper.
     * Idempotent. Runs get it from train's RunSetup, the one place that applies it.
     */
    public static ModelSpec apply(ModelSpec model, Config c) {
        if (!c.has("wrapper") || model.name().endsWith(SUFFIX)) return model;
        check(c.getString("wrapper"));
        return new ModelSpec(model.name() + SUFFIX, model.uses(), "GUIDER distillation around " + model.name(),
                ctx -> Guider.wrap(model.create(ctx), ctx), point -> {
                    model.checkOptions(point);
                    GuiderOptions.from(point);
                });
    }

    /**
     * Fails when the config names a wrapper but {@code model} is the plain catalogue model: training it
     * would silently run without the wrapper (a bug compare once had).
     */
    public static void requireApplied(ModelSpec model, Config c) {
        if (c.has("wrapper") && !model.name().endsWith(SUFFIX)) {
            throw new IllegalArgumentException("the config sets wrapper=" + c.getString("wrapper") + " but the model " + model.name()
                    + " is not wrapped; build the run with RunSetup (or Wrappers.apply)");
        }
    }
}
