package org.mmrec4j.models;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mmrec4j.models.ModelSpec.Uses;
import org.mmrec4j.models.general.Bpr;
import org.mmrec4j.models.general.LightGcn;
import org.mmrec4j.models.multimodal.Mgcn;
import org.mmrec4j.models.multimodal.Smore;

/** Every model, one line each, sorted by name. No reflection: an unknown name lists the valid ones. */
public final class ModelCatalog {
    private static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("BPR", Uses.INTERACTIONS_ONLY, "matrix factorisation trained with the BPR loss", Bpr::create),
            new ModelSpec("LightGCN", Uses.INTERACTIONS_ONLY, "linear graph propagation over the user-item graph, layer mean", LightGcn::create),
            new ModelSpec("MGCN", Uses.ANY_MODALITY, "purified modality views on frozen item kNN graphs, fused by behaviour-aware attention", Mgcn::create),
            new ModelSpec("SMORE", Uses.ANY_MODALITY, "spectral (FFT) modality denoising and fusion, a max-union fusion graph, modality-aware preference", Smore::create));

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
