package org.mmrec4j.models;

import java.util.function.Consumer;
import java.util.function.Function;
import org.mmrec4j.config.Config;

/**
 * One catalogue entry: the name users type (the paper's spelling), what the model consumes, a
 * one-line description, its constructor and its options parser. Defaults and grids live in
 * {@code <name>.yaml} beside it.
 *
 * @param options parses and checks the model's options from a resolved configuration (its {@code
 *                Options.from}), so a bad value fails before any data is read; it builds nothing
 */
public record ModelSpec(String name, Uses uses, String description, Function<ModelContext, Recommender> factory,
                        Consumer<Config> options) {

    /** An entry whose options are checked only when the model is built. */
    public ModelSpec(String name, Uses uses, String description, Function<ModelContext, Recommender> factory) {
        this(name, uses, description, factory, c -> {});
    }

    /** Throws the model's own one-line error for a value it refuses. */
    public void checkOptions(Config c) {
        options.accept(c);
    }

    /** What a model consumes besides the interactions. */
    public enum Uses {
        INTERACTIONS_ONLY("interactions only"),
        ANY_MODALITY("any modalities present");

        private final String label;

        Uses(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Recommender create(ModelContext ctx) {
        return factory.apply(ctx);
    }

    /** The classpath resource with this model's defaults and grid. */
    public String yamlResource() {
        return "org/mmrec4j/models/" + name + ".yaml";
    }

    public boolean isMultimodal() {
        return uses != Uses.INTERACTIONS_ONLY;
    }
}
