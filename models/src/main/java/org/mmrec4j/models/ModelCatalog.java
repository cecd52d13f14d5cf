package org.mmrec4j.models;

import java.util.List;
import java.util.Locale;
import org.mmrec4j.config.Suggest;
import org.mmrec4j.models.ModelSpec.Uses;
import org.mmrec4j.models.general.Bpr;
import org.mmrec4j.models.general.LightGcn;
import org.mmrec4j.models.multimodal.Bm3;
import org.mmrec4j.models.multimodal.DiffMm;
import org.mmrec4j.models.multimodal.Dragon;
import org.mmrec4j.models.multimodal.DualGnn;
import org.mmrec4j.models.multimodal.Freedom;
import org.mmrec4j.models.multimodal.Grcn;
import org.mmrec4j.models.multimodal.ItemKnnCbf;
import org.mmrec4j.models.multimodal.Lattice;
import org.mmrec4j.models.multimodal.LgmRec;
import org.mmrec4j.models.multimodal.Mgcn;
import org.mmrec4j.models.multimodal.Mmgcn;
import org.mmrec4j.models.multimodal.SlmRec;
import org.mmrec4j.models.multimodal.Smore;
import org.mmrec4j.models.multimodal.Vbpr;

/** Every model, one line each, sorted by name. No reflection: an unknown name lists the valid ones. */
public final class ModelCatalog {
    private static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("BM3", Uses.ANY_MODALITY, "self-supervised bootstrapping of graph and modality latents with dropout target views, no negatives", Bm3::create, c -> Bm3.Options.from(c)),
            new ModelSpec("BPR", Uses.INTERACTIONS_ONLY, "matrix factorisation trained with the BPR loss", Bpr::create, c -> Bpr.Options.from(c)),
            new ModelSpec("DRAGON", Uses.ANY_MODALITY, "DualGNN branches fused by concatenation, plus a frozen item kNN graph and the sampled user graph", Dragon::create, c -> Dragon.Options.from(c)),
            new ModelSpec("DiffMM", Uses.ANY_MODALITY, "diffusion denoisers generate a top-k user-item graph per modality; modality-weighted GCN with cross-modal contrast", DiffMm::create, c -> DiffMm.Options.from(c)),
            new ModelSpec("DualGNN", Uses.ANY_MODALITY, "per-modality preference graphs summed, users weighted per modality, plus a sampled user-user graph", DualGnn::create, c -> DualGnn.Options.from(c)),
            new ModelSpec("FREEDOM", Uses.ANY_MODALITY, "frozen feature kNN item graph plus a degree-pruned user-item graph", Freedom::create, c -> Freedom.Options.from(c)),
            new ModelSpec("GRCN", Uses.ANY_MODALITY, "graph-refined GCN: content attention re-weights the user-item edges of an ID GCN", Grcn::create, c -> Grcn.Options.from(c)),
            new ModelSpec("ItemKNNCBF", Uses.ANY_MODALITY, "content-based item kNN: a user's items' shrunk-cosine feature neighbours, no training", ItemKnnCbf::create, c -> ItemKnnCbf.Options.from(c)),
            new ModelSpec("LATTICE", Uses.ANY_MODALITY, "learned kNN item graph over projected features mixed with the raw-feature graph", Lattice::create, c -> Lattice.Options.from(c)),
            new ModelSpec("LGMRec", Uses.ANY_MODALITY, "local (collaborative + modality graph) and global (Gumbel hypergraph) embeddings, cross-modal contrast", LgmRec::create, c -> LgmRec.Options.from(c)),
            new ModelSpec("LightGCN", Uses.INTERACTIONS_ONLY, "linear graph propagation over the user-item graph, layer mean", LightGcn::create, c -> LightGcn.Options.from(c)),
            new ModelSpec("MGCN", Uses.ANY_MODALITY, "purified modality views on frozen item kNN graphs, fused by behaviour-aware attention", Mgcn::create, c -> Mgcn.Options.from(c)),
            new ModelSpec("MMGCN", Uses.ANY_MODALITY, "one non-linear mean-aggregation GCN per modality, outputs averaged", Mmgcn::create, c -> Mmgcn.Options.from(c)),
            new ModelSpec("SLMRec", Uses.ANY_MODALITY, "LightGCN views of IDs and each modality, fused, in-batch softmax + fine-and-coarse SSL", SlmRec::create, c -> SlmRec.Options.from(c)),
            new ModelSpec("SMORE", Uses.ANY_MODALITY, "spectral (FFT) modality denoising and fusion, a max-union fusion graph, modality-aware preference", Smore::create, c -> Smore.Options.from(c, java.util.List.of())),
            new ModelSpec("VBPR", Uses.ANY_MODALITY, "matrix factorisation with item vectors extended by a linear map of all modalities", Vbpr::create, c -> Bpr.Options.from(c)));

    private ModelCatalog() {}

    public static List<ModelSpec> all() {
        return MODELS;
    }

    /** Exact name first, then a case-insensitive match, so "lightgcn" works but errors show the canonical name. */
    public static ModelSpec get(String name) {
        for (ModelSpec m : MODELS) if (m.name().equals(name)) return m;
        for (ModelSpec m : MODELS) if (m.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return m;
        List<String> names = MODELS.stream().map(ModelSpec::name).toList();
        throw new IllegalArgumentException("unknown model '" + name + "'" + Suggest.didYouMean(name, names)
                + " (available: " + String.join(", ", names) + ")");
    }
}
