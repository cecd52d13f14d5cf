package org.mmrec4j.models;

import java.util.function.Function;

/**
 * One catalogue entry: the name users type (the paper's spelling), what the model consumes, a
 * one-line description and its constructor. Defaults and grids live in {@code <name>.yaml} beside it.
 */
public record ModelSpec(String name, Uses uses, String description, Function<ModelContext, Recommender> factory) {

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
