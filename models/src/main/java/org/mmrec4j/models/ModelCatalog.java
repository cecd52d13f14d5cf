package org.mmrec4j.models;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mmrec4j.models.ModelSpec.Uses;
import org.mmrec4j.models.general.Bpr;
import org.mmrec4j.models.general.LightGcn;
import org.mmrec4j.models.multimodal.Grcn;
import org.mmrec4j.models.multimodal.Mmgcn;

/** Every model, one line each, sorted by name. No reflection: an unknown name lists the valid ones. */
public final class ModelCatalog {
    private static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("BPR", Uses.INTERACTIONS_ONLY, "matrix factorisation trained with the BPR loss", Bpr::create),
            new ModelSpec("GRCN", Uses.ANY_MODALITY, "graph-refined GCN: content attention re-weights the user-item edges of an ID GCN", Grcn::create),
            new ModelSpec("LightGCN", Uses.INTERACTIONS_ONLY, "linear graph propagation over the user-item graph, layer mean", LightGcn::create),
            new ModelSpec("MMGCN", Uses.ANY_MODALITY, "one non-linear mean-aggregation GCN per modality, outputs averaged", Mmgcn::create));

    private ModelCatalog() {}

    public static List<ModelSpec> all() {
        return MODELS;
    }

    /** Exact name first, then a case-insensitive match, so "lightgcn" works but errors show the canonical name. */
    public static ModelSpec get(String name) {
        for (ModelSpec m : MODELS) if (m.name().equals(name)) return m;
        for (ModelSpec m : MODELS) if (m.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException("unknown model '" + name + "'; available: "
                + MODELS.stream().map(ModelSpec::name).collect(Collectors.joining(", ")));
    }
}
