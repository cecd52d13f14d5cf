package org.mmrec4j.models;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mmrec4j.models.ModelSpec.Uses;
import org.mmrec4j.models.general.Bpr;
import org.mmrec4j.models.general.LightGcn;
import org.mmrec4j.models.multimodal.Dragon;
import org.mmrec4j.models.multimodal.DualGnn;

/** Every model, one line each, sorted by name. No reflection: an unknown name lists the valid ones. */
public final class ModelCatalog {
    private static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("BPR", Uses.INTERACTIONS_ONLY, "matrix factorisation trained with the BPR loss", Bpr::create),
            new ModelSpec("DRAGON", Uses.ANY_MODALITY, "DualGNN branches fused by concatenation, plus a frozen item kNN graph and the sampled user graph", Dragon::create),
            new ModelSpec("DualGNN", Uses.ANY_MODALITY, "per-modality preference graphs summed, users weighted per modality, plus a sampled user-user graph", DualGnn::create),
            new ModelSpec("LightGCN", Uses.INTERACTIONS_ONLY, "linear graph propagation over the user-item graph, layer mean", LightGcn::create));

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
